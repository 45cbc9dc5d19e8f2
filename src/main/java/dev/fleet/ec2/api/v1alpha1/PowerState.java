package dev.fleet.ec2.api.v1alpha1;

/** The power state a user can ask for. */
public enum PowerState {
  running,
  stopped
}

package dev.fleet.ec2.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Tells the story of a resource in Kubernetes events: every EC2 action, every error. */
public interface EventRecorder {

  void normal(HasMetadata resource, String reason, String message);

  void warning(HasMetadata resource, String reason, String message);

  /** The resource is deleted: drop whatever is kept in memory about its events. */
  default void forget(HasMetadata resource) {}
}

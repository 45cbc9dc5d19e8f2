package dev.fleet.ec2.api.v1alpha1;

/** What deleting the Kubernetes resource does to what it manages in EC2. */
public enum DeletionPolicy {
  /** Delete (terminate) it. */
  Delete,
  /** Leave it, without the operator's ownership tags. */
  Retain
}

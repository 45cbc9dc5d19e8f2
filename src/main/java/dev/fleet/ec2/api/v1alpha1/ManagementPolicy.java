package dev.fleet.ec2.api.v1alpha1;

/** Whether the operator manages what a resource names in EC2, or only reads it. */
public enum ManagementPolicy {
  /** Create, repair drift, delete: the operator owns it. */
  Manage,
  /**
   * Read only: status mirrors EC2 and drift from the spec is reported ({@code InSync=False}), never
   * repaired; no tag is added and deleting the resource leaves EC2 alone. Changing to Manage adopts it.
   */
  Observe
}

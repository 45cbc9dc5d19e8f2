package dev.fleet.ec2.sweep;

/**
 * The three kinds of EC2 resource the sweep judges, each with the Kubernetes kind that owns it and its
 * label in {@code ec2fleet_orphans{kind}}.
 */
public enum OrphanKind {
  /** An instance an Ec2Instance launched. */
  INSTANCE("instance", "Ec2Instance"),
  /** An instance a SpotFleet launched (it carries the fleet tag; owner and owner-uid name the fleet). */
  FLEET_INSTANCE("fleet-instance", "SpotFleet"),
  /** A group a SecurityGroup created. */
  SECURITY_GROUP("security-group", "SecurityGroup");

  private final String label;
  private final String ownerKind;

  OrphanKind(String label, String ownerKind) {
    this.label = label;
    this.ownerKind = ownerKind;
  }

  /** The metric label: instance, fleet-instance, security-group. */
  public String label() {
    return label;
  }

  /** The Kubernetes kind whose resource owns it: Ec2Instance, SpotFleet, SecurityGroup. */
  public String ownerKind() {
    return ownerKind;
  }
}

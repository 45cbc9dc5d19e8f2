package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.api.v1alpha1.SecurityGroupStatus;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Instant;

/** Builds the whole SecurityGroup status, the one place it is built. Pure. */
public final class SecurityGroupStatusMapper {

  private SecurityGroupStatusMapper() {}

  /**
   * @param book the operator's bookkeeping (group id, managed tag keys) and the previous conditions
   * @param observed the group as EC2 last reported it, or null when there is none (yet)
   */
  public static SecurityGroupStatus map(SecurityGroupStatus book, long generation, ObservedSecurityGroup observed,
      SyncOutcome outcome, Instant now) {
    SecurityGroupStatus s = new SecurityGroupStatus();
    s.setGroupId(book.getGroupId());
    s.copyLifecycleFrom(book);
    s.setVpcId(book.getVpcId());
    s.setManagedTagKeys(book.getManagedTagKeys());
    s.setObservedGeneration(generation);
    if (observed != null) {
      s.setGroupId(observed.groupId());
      s.setVpcId(observed.vpcId());
      s.setIngressRuleCount(observed.ingress().size());
      s.setEgressRuleCount(observed.egress().size());
    }
    boolean exists = observed != null;
    s.setConditions(Conditions.report(book.getConditions(), outcome, exists ? "Created" : null,
        exists ? "group " + observed.groupId() + " has the declared rules" : null, generation, now));
    return s;
  }
}

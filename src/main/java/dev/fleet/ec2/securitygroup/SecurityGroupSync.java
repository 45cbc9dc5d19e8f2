package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.RuleDirection;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.tags.TagWriter;
import java.util.List;
import java.util.Optional;

/** The only caller of {@link Ec2Gateway} for SecurityGroup: every EC2 action, each with its event. */
public final class SecurityGroupSync {
  private final Ec2Gateway ec2;
  private final EventRecorder events;
  private final TagWriter tags;
  private final AccessRules access;
  private volatile String defaultVpc;

  /** @param access what the administrator allows: adoption, and this installation's cluster tag */
  public SecurityGroupSync(Ec2Gateway ec2, EventRecorder events, AccessRules access) {
    this.access = access;
    this.ec2 = ec2;
    this.events = events;
    this.tags = new TagWriter(ec2, events);
  }

  /** The default VPC of the region, asked once. */
  public String defaultVpc() {
    if (defaultVpc == null) {
      defaultVpc = ec2.findDefaultVpc().map(v -> v.vpcId()).orElseThrow(() -> new CloudException(
          CloudErrorKind.TERMINAL, "DescribeVpcs", "NoDefaultVpc", "the region has no default VPC: set spec.vpcId",
          null));
    }
    return defaultVpc;
  }

  public Optional<ObservedSecurityGroup> describe(String groupId) {
    return ec2.describeSecurityGroup(groupId);
  }

  /**
   * Creates the group and returns its id, idempotently without a client token (names are unique per VPC):
   * a group of this name already in the VPC is taken over only when its ownership tags name this very
   * resource, otherwise Terminal. The group may not be listed by EC2 yet when this returns.
   */
  public String create(SecurityGroup resource, SecurityGroupDesired desired) {
    Optional<ObservedSecurityGroup> existing = ec2.findSecurityGroupByName(desired.vpcId(), desired.groupName());
    if (existing.isEmpty()) {
      try {
        String id = ec2.createSecurityGroup(desired.groupName(), desired.description(), desired.vpcId(),
            desired.allTags());
        events.normal(resource, "Created", "created security group " + id + " (" + desired.groupName() + ") in "
            + desired.vpcId());
        return id;
      } catch (CloudException e) {
        if (!"InvalidGroup.Duplicate".equals(e.errorCode())) {
          throw e;
        }
        // an earlier create (its answer lost) or a race: the name is taken, though EC2 may not list it yet
        existing = ec2.findSecurityGroupByName(desired.vpcId(), desired.groupName());
        if (existing.isEmpty()) {
          throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeSecurityGroups", "NotYetVisible",
              "a group named " + desired.groupName() + " exists in " + desired.vpcId() + " but EC2 does not list it yet",
              e);
        }
      }
    }
    ObservedSecurityGroup found = existing.orElseThrow();
    if (!desired.ownership().ownedBy(found.tags())) {
      throw new CloudException(CloudErrorKind.TERMINAL, "CreateSecurityGroup", "InvalidGroup.Duplicate",
          "a security group named " + desired.groupName() + " already exists in " + desired.vpcId() + " ("
              + found.groupId() + ") and is not managed by this resource: choose another spec.groupName, or adopt it"
              + " with the annotation ec2.fleet.dev/adopt-group-id", null);
    }
    events.normal(resource, "Found", "found group " + found.groupId() + " created earlier for this resource");
    return found.groupId();
  }

  /** Every group EC2 lists as this resource's (by its uid tag): what a lost create answer left behind. */
  public List<ObservedSecurityGroup> owned(OwnershipTags ownership) {
    return ec2.describeSecurityGroupsByTag(OwnershipTags.OWNER_UID, ownership.ownerUid()).stream()
        .filter(g -> ownership.ownedBy(g.tags())).toList();
  }

  /**
   * Takes over a group named by the user: only in a namespace the administrator allows (checked before EC2
   * hears of it), and the group must exist and belong to nobody else.
   */
  public ObservedSecurityGroup adopt(SecurityGroup resource, String groupId, OwnershipTags ownership) {
    access.adoption().check(resource.getMetadata().getNamespace(), SecurityGroupReconciler.ADOPT_ANNOTATION, groupId);
    ObservedSecurityGroup found = describe(groupId).orElseThrow(() -> new CloudException(CloudErrorKind.TERMINAL,
        "DescribeSecurityGroups", "InvalidGroup.NotFound", "security group " + groupId + " to adopt does not exist",
        null));
    if (OwnershipTags.hasAnyOwner(found.tags()) && !ownership.ownedBy(found.tags())
        || ClusterBoundary.foreign(access.cluster(), found.tags())) {
      throw new CloudException(CloudErrorKind.TERMINAL, "DescribeSecurityGroups", "AdoptionConflict",
          "security group " + groupId + " already belongs to " + OwnershipTags.describeOwner(found.tags()), null);
    }
    ec2.createTags(groupId, ownership.asMap());
    events.normal(resource, "Adopted", "adopted security group " + groupId);
    return describe(groupId).orElse(found);
  }

  /** Applies one delta: per direction, authorize the missing rules, then revoke the unwanted, then descriptions. */
  public ObservedSecurityGroup apply(SecurityGroup resource, ObservedSecurityGroup observed, SecurityGroupDelta delta) {
    String id = observed.groupId();
    ClusterBoundary.requireNotForeign(access.cluster(), id, observed.tags());
    tags.apply(resource, id, delta.tags());
    applyRules(resource, id, RuleDirection.INGRESS, delta.ingress());
    applyRules(resource, id, RuleDirection.EGRESS, delta.egress());
    return describe(id).orElse(observed);
  }

  private void applyRules(SecurityGroup resource, String id, RuleDirection d, SecurityGroupDelta.RuleChanges c) {
    String word = d == RuleDirection.INGRESS ? "inbound" : "outbound";
    if (!c.authorize().isEmpty()) {
      tolerating("InvalidPermission.Duplicate", c.authorize(), rules -> ec2.authorizeRules(id, d, rules));
      events.normal(resource, "RulesAuthorized", "authorized " + word + " " + describe(c.authorize()));
    }
    if (!c.revoke().isEmpty()) {
      tolerating("InvalidPermission.NotFound", c.revoke(), rules -> ec2.revokeRules(id, d, rules));
      events.normal(resource, "RulesRevoked", "revoked " + word + " " + describe(c.revoke()));
    }
    if (!c.describe().isEmpty()) {
      ec2.updateRuleDescriptions(id, d, c.describe());
      events.normal(resource, "RuleDescriptionsUpdated", "updated " + c.describe().size() + " " + word
          + " rule description(s)");
    }
  }

  /**
   * One call for all rules; if EC2 answers {@code staleCode} (our view of the rules was behind: one is already
   * there, or already gone), the call changed nothing, so each rule is sent alone and that answer is success.
   */
  private static void tolerating(String staleCode, List<SgRule> rules, java.util.function.Consumer<List<SgRule>> call) {
    try {
      call.accept(rules);
    } catch (CloudException e) {
      if (!staleCode.equals(e.errorCode())) {
        throw e;
      }
      for (SgRule rule : rules) {
        try {
          call.accept(List.of(rule));
        } catch (CloudException one) {
          if (!staleCode.equals(one.errorCode())) {
            throw one;
          }
        }
      }
    }
  }

  /** Outcome of one delete attempt. */
  public enum Deletion { DELETED, IN_USE }

  /**
   * Deletes the group. While EC2 answers DependencyViolation (instances or other groups still use
   * it) the group stays and IN_USE says to try again later.
   */
  public Deletion delete(SecurityGroup resource, String groupId) {
    Optional<ObservedSecurityGroup> current = describe(groupId);
    if (current.isEmpty() || notOwned(resource, current.get())) {
      return Deletion.DELETED;
    }
    try {
      ec2.deleteSecurityGroup(groupId);
      events.normal(resource, "Deleted", "deleted security group " + groupId);
      return Deletion.DELETED;
    } catch (CloudException e) {
      if ("InvalidGroup.NotFound".equals(e.errorCode())) {
        return Deletion.DELETED;
      }
      if ("DependencyViolation".equals(e.errorCode())) {
        events.warning(resource, "DependencyViolation", "security group " + groupId + " is still in use, deletion"
            + " retried with backoff: " + e.getMessage());
        return Deletion.IN_USE;
      }
      throw e;
    }
  }

  /** deletionPolicy Retain: the group stays, without our ownership tags. */
  public void release(SecurityGroup resource, ObservedSecurityGroup group) {
    String groupId = group.groupId();
    if (notOwned(resource, group)) {
      return; // not ours, or already released (the IAM policy would refuse to untag it again)
    }
    ec2.deleteTags(groupId, OwnershipTags.KEYS);
    events.normal(resource, "Retained", "left security group " + groupId + " in place and removed the ownership tags");
  }

  /** On delete: what this resource does not own (another installation's or resource's, untagged) stays. */
  private boolean notOwned(SecurityGroup resource, ObservedSecurityGroup group) {
    var meta = resource.getMetadata();
    return ClusterBoundary.leftAlone(OwnershipTags.of(access.cluster(), meta.getNamespace(), meta.getName(),
        meta.getUid()), events, resource, "security group " + group.groupId(), group.tags());
  }

  private static String describe(List<SgRule> rules) {
    return rules.size() == 1 ? "1 rule (" + oneLine(rules.get(0)) + ")" : rules.size() + " rules";
  }

  private static String oneLine(SgRule r) {
    String ports = r.fromPort() == null ? "" : " " + r.fromPort() + (r.fromPort().equals(r.toPort()) ? "" : "-"
        + r.toPort());
    return "protocol " + r.protocol() + ports + " " + r.source();
  }
}

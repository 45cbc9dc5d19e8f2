package dev.fleet.ec2.sweep;

import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.SpotRequestCancellation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one orphan under {@code ORPHAN_POLICY=delete}: describes it by id right before acting and acts
 * only if its tags still name this installation and the same owner uid; an instance's spot request is
 * cancelled before the instance is terminated; a group still in use (DependencyViolation) is left for the
 * next sweep. Other failures are thrown (the sweep stops there and tries again next time).
 */
final class OrphanRemoval {
  static final String DEPENDENCY_VIOLATION = "DependencyViolation";
  private static final Logger log = LoggerFactory.getLogger(OrphanRemoval.class);

  /** What became of one orphan. */
  enum Result {
    /** Terminated (instance) or deleted (group). */
    REMOVED,
    /** Gone already, or its tags no longer make the same claim: left alone. */
    LEFT_ALONE,
    /** A group EC2 refused to delete while something uses it: tried again at the next sweep. */
    IN_USE
  }

  private final Ec2Gateway ec2;
  private final String cluster;

  OrphanRemoval(Ec2Gateway ec2, String cluster) {
    this.ec2 = ec2;
    this.cluster = cluster;
  }

  Result remove(OwnershipClaim orphan) {
    return orphan.kind() == OrphanKind.SECURITY_GROUP ? deleteGroup(orphan) : terminateInstance(orphan);
  }

  private Result terminateInstance(OwnershipClaim orphan) {
    Optional<ObservedInstance> now = ec2.describeInstancesById(List.of(orphan.ec2Id())).stream().findFirst();
    if (now.isEmpty() || now.get().isGone()) {
      log.info("orphan sweep: instance {} is already gone", orphan.ec2Id());
      return Result.LEFT_ALONE;
    }
    if (changed(orphan, now.get().tags())) {
      return Result.LEFT_ALONE;
    }
    SpotRequestCancellation.beforeTerminating(ec2, now.get()).ifPresent(warning -> log.warn("orphan sweep: {}", warning));
    ec2.terminateInstance(orphan.ec2Id());
    return Result.REMOVED;
  }

  private Result deleteGroup(OwnershipClaim orphan) {
    Optional<ObservedSecurityGroup> now = ec2.describeSecurityGroup(orphan.ec2Id());
    if (now.isEmpty()) {
      log.info("orphan sweep: security group {} is already gone", orphan.ec2Id());
      return Result.LEFT_ALONE;
    }
    if (changed(orphan, now.get().tags())) {
      return Result.LEFT_ALONE;
    }
    try {
      ec2.deleteSecurityGroup(orphan.ec2Id());
      return Result.REMOVED;
    } catch (CloudException e) {
      if (!DEPENDENCY_VIOLATION.equals(e.errorCode())) {
        throw e;
      }
      log.info("orphan sweep: security group {} (owner {}) is still in use ({}); trying again at the next sweep",
          orphan.ec2Id(), orphan.owner(), DEPENDENCY_VIOLATION);
      return Result.IN_USE;
    }
  }

  private boolean changed(OwnershipClaim orphan, Map<String, String> tags) {
    if (orphan.stillMadeBy(cluster, tags)) {
      return false;
    }
    log.info("orphan sweep: left {} {} alone: its tags changed since the sweep judged it (now {}, uid {})",
        orphan.kind().label(), orphan.ec2Id(), OwnershipTags.describeOwner(tags),
        tags.getOrDefault(OwnershipTags.OWNER_UID, "none"));
    return true;
  }
}

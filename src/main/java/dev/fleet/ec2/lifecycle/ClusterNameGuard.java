package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import dev.fleet.ec2.status.SyncOutcome;
import java.util.Optional;

/**
 * Ownership tags name the cluster (operator installation). An operator started under another name would
 * not recognise what this resource already has in EC2 and would create it again beside the old one: a
 * resource that has EC2 resources under a recorded name stops instead, saying why and how to get out.
 */
public final class ClusterNameGuard {
  public static final String REASON = "ClusterNameChanged";
  /** How often a held deletion looks again (the operator's name changes only with a restart, which re-checks). */
  public static final long HELD_DELETION_RECHECK_MS = 60_000;

  private ClusterNameGuard() {}

  /** Why this operator must leave the resource alone, if it must. */
  public static Optional<SyncOutcome> check(ResourceStatus status, boolean hasEc2Resources, String cluster) {
    String recorded = status.getClusterName();
    if (recorded == null || recorded.equals(cluster) || !hasEc2Resources) {
      return Optional.empty();
    }
    return Optional.of(new SyncOutcome(SyncOutcome.Kind.ERROR, REASON, "its EC2 resources were created by the"
        + " operator installation with cluster name '" + recorded + "' and carry that name in their ownership tags;"
        + " this operator runs as '" + cluster + "' and does not act on them (it would create duplicates). Start the"
        + " operator with --cluster-name=" + recorded + " (CLUSTER_NAME), or delete this resource under the old name"
        + " first"));
  }

  /**
   * On delete: true when this operator must not remove the finalizer, because the resource's EC2 resources
   * belong to the installation of the recorded name, which this operator cannot see or delete. Removing it
   * would leave them running unseen; an operator started under the recorded name finishes the deletion.
   */
  public static boolean holdsDeletion(HasMetadata resource, ResourceStatus status, boolean hasEc2Resources,
      String cluster, EventRecorder events) {
    var outcome = check(status, hasEc2Resources, cluster);
    outcome.ifPresent(o -> events.warning(resource, REASON, "deletion waits: " + o.message()));
    return outcome.isPresent();
  }

  /** Records the name once the resource has EC2 resources, so that a later rename is noticed. */
  public static void record(ResourceStatus status, boolean hasEc2Resources, String cluster) {
    if (status.getClusterName() == null && hasEc2Resources) {
      status.setClusterName(cluster);
    }
  }
}

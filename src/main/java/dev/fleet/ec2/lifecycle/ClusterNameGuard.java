package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.status.SyncOutcome;
import java.util.Optional;

/**
 * Ownership tags name the cluster (operator installation). An operator started under another name would
 * not recognise what this resource already has in EC2 and would create it again beside the old one: a
 * resource that has EC2 resources under a recorded name stops instead, saying why and how to get out.
 */
public final class ClusterNameGuard {
  public static final String REASON = "ClusterNameChanged";

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

  /** Records the name once the resource has EC2 resources, so that a later rename is noticed. */
  public static void record(ResourceStatus status, boolean hasEc2Resources, String cluster) {
    if (status.getClusterName() == null && hasEc2Resources) {
      status.setClusterName(cluster);
    }
  }
}

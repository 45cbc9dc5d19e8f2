package dev.fleet.ec2.access;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The operator never writes to an EC2 resource that another installation's cluster tag marks, even if
 * its own records name it (a status restored from elsewhere, a resource tagged over by hand): the same
 * limit the IAM policy sets, kept by the operator too, so a mis-set policy is not the only guard.
 */
public final class ClusterBoundary {
  public static final String REFUSED = "OwnedByAnotherCluster";

  private ClusterBoundary() {}

  /** True when {@code tags} name another installation in the cluster tag. */
  public static boolean foreign(String cluster, Map<String, String> tags) {
    String tagged = tags.get(OwnershipTags.CLUSTER);
    return tagged != null && !tagged.equals(cluster);
  }

  /** Throws Terminal {@value #REFUSED} when {@code tags} belong to another installation. */
  public static void requireNotForeign(String cluster, String ec2Id, Map<String, String> tags) {
    if (foreign(cluster, tags)) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Ownership", REFUSED, ec2Id + " is tagged "
          + OwnershipTags.CLUSTER + "=" + tags.get(OwnershipTags.CLUSTER) + ", another installation's; this operator ("
          + cluster + ") leaves it alone", null);
    }
  }

  /**
   * On delete: true when {@code tags} belong to another installation, which is then not ours to terminate,
   * delete or untag; the resource's event says so.
   */
  public static boolean leftAlone(String cluster, EventRecorder events, HasMetadata resource, String what,
      Map<String, String> tags) {
    if (!foreign(cluster, tags)) {
      return false;
    }
    events.warning(resource, REFUSED, "left " + what + " alone: it is tagged for another installation ("
        + OwnershipTags.describeOwner(tags) + ")");
    return true;
  }
}

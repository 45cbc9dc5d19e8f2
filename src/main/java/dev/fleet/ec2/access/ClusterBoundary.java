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
  public static final String NOT_OWNED = "NotOwned";

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
   * Throws Terminal unless {@code tags} say this very resource owns the EC2 resource: a status (restored
   * from a backup, or written by someone allowed to write status) naming another resource's instance or an
   * untagged one must not make the operator change, adopt or delete it.
   */
  public static void requireOwned(OwnershipTags ownership, String what, Map<String, String> tags) {
    requireNotForeign(ownership.cluster(), what, tags);
    if (!ownership.ownedBy(tags)) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Ownership", NOT_OWNED, what + " named in status does not"
          + " carry this resource's ownership tags (" + OwnershipTags.describeOwner(tags) + "); the operator does not"
          + " act on it. To take over an existing resource, use the adopt annotation where the administrator"
          + " allows adoption", null);
    }
  }

  /**
   * On delete: true when {@code tags} do not say this very resource owns the EC2 resource (another
   * installation's, another resource's, or untagged): it is not ours to terminate, delete or untag, and the
   * resource's event says so.
   */
  public static boolean leftAlone(OwnershipTags ownership, EventRecorder events, HasMetadata resource, String what,
      Map<String, String> tags) {
    if (ownership.ownedBy(tags)) {
      return false;
    }
    events.warning(resource, foreign(ownership.cluster(), tags) ? REFUSED : NOT_OWNED, "left " + what
        + " alone: it does not carry this resource's ownership tags (" + OwnershipTags.describeOwner(tags) + ")");
    return true;
  }
}

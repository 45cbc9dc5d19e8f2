package dev.fleet.ec2.sweep;

import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.Map;
import java.util.Optional;

/**
 * What an EC2 resource's ownership tags say owns it: a Kubernetes resource of {@link OrphanKind#ownerKind()}
 * at namespace/name, in the incarnation with that uid.
 */
public record OwnershipClaim(OrphanKind kind, String ec2Id, String namespace, String name, String uid) {

  /**
   * The claim {@code r}'s tags make for {@code cluster}; empty when they make none this installation can
   * judge: no cluster tag, another installation's, or no readable owner (namespace/name) and owner uid.
   */
  public static Optional<OwnershipClaim> of(String cluster, SweptResource r) {
    Map<String, String> tags = r.tags();
    if (!cluster.equals(tags.get(OwnershipTags.CLUSTER))) {
      return Optional.empty();
    }
    String owner = tags.get(OwnershipTags.OWNER);
    String uid = tags.get(OwnershipTags.OWNER_UID);
    int slash = owner == null ? -1 : owner.indexOf('/');
    if (slash <= 0 || slash == owner.length() - 1 || uid == null || uid.isBlank()) {
      return Optional.empty();
    }
    OrphanKind kind = !r.instance() ? OrphanKind.SECURITY_GROUP
        : tags.containsKey(OwnershipTags.FLEET) ? OrphanKind.FLEET_INSTANCE : OrphanKind.INSTANCE;
    return Optional.of(new OwnershipClaim(kind, r.ec2Id(), owner.substring(0, slash), owner.substring(slash + 1), uid));
  }

  /** namespace/name, as in the owner tag. */
  public String owner() {
    return namespace + "/" + name;
  }

  /** True when {@code tags} still make this very claim for {@code cluster}: the same cluster and owner uid. */
  public boolean stillMadeBy(String cluster, Map<String, String> tags) {
    return cluster.equals(tags.get(OwnershipTags.CLUSTER)) && uid.equals(tags.get(OwnershipTags.OWNER_UID));
  }
}

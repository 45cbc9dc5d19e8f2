package dev.fleet.ec2.sweep;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The Kubernetes resources that exist, by kind: their uids and their namespace/name. Filled from one listing. */
public final class KnownOwners {
  private final Map<String, Set<String>> uids = new HashMap<>();
  private final Map<String, Set<String>> names = new HashMap<>();

  /** Records a resource of {@code ownerKind} (Ec2Instance, SecurityGroup, SpotFleet). */
  public KnownOwners add(String ownerKind, String namespace, String name, String uid) {
    uids.computeIfAbsent(ownerKind, k -> new HashSet<>()).add(uid);
    names.computeIfAbsent(ownerKind, k -> new HashSet<>()).add(namespace + "/" + name);
    return this;
  }

  /** The claimed incarnation itself exists. */
  boolean hasUid(OwnershipClaim c) {
    return uids.getOrDefault(c.kind().ownerKind(), Set.of()).contains(c.uid());
  }

  /** A resource of the claimed kind exists at the claimed namespace/name, whatever its uid. */
  boolean hasName(OwnershipClaim c) {
    return names.getOrDefault(c.kind().ownerKind(), Set.of()).contains(c.owner());
  }
}

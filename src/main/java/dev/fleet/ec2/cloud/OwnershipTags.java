package dev.fleet.ec2.cloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tags that mark an EC2 resource as ours: which operator installation (cluster), which Kubernetes
 * resource (namespace/name) and which incarnation of it (uid). Nothing without them is ever touched.
 */
public record OwnershipTags(String cluster, String owner, String ownerUid) {
  public static final String CLUSTER = "ec2.fleet.dev/cluster";
  public static final String OWNER = "ec2.fleet.dev/owner";
  public static final String OWNER_UID = "ec2.fleet.dev/owner-uid";
  /** On SpotFleet members: the fleet (namespace/name) the instance belongs to. */
  public static final String FLEET = "ec2.fleet.dev/fleet";
  public static final Set<String> KEYS = Set.of(CLUSTER, OWNER, OWNER_UID);
  /** A valid cluster name: a tag value and a label-like name, so that ownership tags are unambiguous. */
  public static final java.util.regex.Pattern CLUSTER_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

  public static OwnershipTags of(String cluster, String namespace, String name, String uid) {
    return new OwnershipTags(cluster, namespace + "/" + name, uid);
  }

  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(CLUSTER, cluster);
    m.put(OWNER, owner);
    m.put(OWNER_UID, ownerUid);
    return m;
  }

  /** Every tag a created thing carries: {@code userTags}, then the ownership tags (which win). */
  public Map<String, String> over(Map<String, String> userTags) {
    Map<String, String> all = new LinkedHashMap<>(userTags);
    all.putAll(asMap());
    return all;
  }

  /** True when {@code tags} say this very resource owns the thing. */
  public boolean ownedBy(Map<String, String> tags) {
    return cluster.equals(tags.get(CLUSTER)) && ownerUid.equals(tags.get(OWNER_UID));
  }

  /** Who {@code tags} say owns a resource, for messages: "namespace/name in cluster c". */
  public static String describeOwner(Map<String, String> tags) {
    return tags.getOrDefault(OWNER, "an unknown owner") + " in cluster " + tags.getOrDefault(CLUSTER, "(none)");
  }

  /** True when {@code tags} carry any owner at all (ours or another resource's). */
  public static boolean hasAnyOwner(Map<String, String> tags) {
    return tags.containsKey(OWNER_UID);
  }
}

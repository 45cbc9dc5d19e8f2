package dev.fleet.ec2.tags;

import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tag changes one EC2 resource needs: tags missing or with another value are set; keys the spec
 * declared earlier (and we applied) but no longer declares are removed. Tags we never declared and
 * that are not ours are left alone. Pure.
 */
public record TagDelta(Map<String, String> toSet, Set<String> toRemove) {
  public static final TagDelta NONE = new TagDelta(Map.of(), Set.of());

  /**
   * @param desired every tag the resource must carry (user tags and ownership tags)
   * @param userKeys the keys of the user's tags among them
   * @param managedKeys user tag keys applied earlier, from status
   */
  public static TagDelta between(Map<String, String> desired, Set<String> userKeys, Map<String, String> observed,
      Collection<String> managedKeys) {
    Map<String, String> toSet = new LinkedHashMap<>();
    desired.forEach((k, v) -> {
      if (!v.equals(observed.get(k))) {
        toSet.put(k, v);
      }
    });
    Set<String> toRemove = new TreeSet<>();
    if (managedKeys != null) {
      for (String k : managedKeys) {
        if (!userKeys.contains(k) && !OwnershipTags.KEYS.contains(k) && observed.containsKey(k)) {
          toRemove.add(k);
        }
      }
    }
    return new TagDelta(Map.copyOf(toSet), Set.copyOf(toRemove));
  }

  /**
   * For a resource the operator only observes: each tag the spec declares that EC2 lacks or holds otherwise,
   * as "tag KEY 'observed' (spec: 'declared')", by key.
   */
  public static List<String> differences(Map<String, String> declared, Map<String, String> observed) {
    List<String> found = new ArrayList<>();
    new TreeMap<>(declared).forEach((k, v) -> {
      if (!v.equals(observed.get(k))) {
        found.add("tag " + k + " " + (observed.containsKey(k) ? "'" + observed.get(k) + "'" : "absent")
            + " (spec: '" + v + "')");
      }
    });
    return found;
  }

  public boolean isEmpty() {
    return toSet.isEmpty() && toRemove.isEmpty();
  }
}

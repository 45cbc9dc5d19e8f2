package dev.fleet.ec2.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What reconciles recorded (a launch, a targeted describe) since a poll began: it lies over that poll's
 * snapshot until a poll that began later replaces it. Each owner's entries are an immutable map swapped
 * atomically, so recording and reading never wait for each other or for a poll.
 */
final class RecentWrites<R> {
  private record Recorded<R>(R value, Instant at) {}

  private final Function<R, String> id;
  private final Clock clock;
  private final ConcurrentHashMap<ResourceID, Map<String, Recorded<R>>> byOwner = new ConcurrentHashMap<>();

  RecentWrites(Function<R, String> id, Clock clock) {
    this.id = id;
    this.clock = clock;
  }

  void record(ResourceID owner, R value) {
    Recorded<R> entry = new Recorded<>(value, clock.instant());
    byOwner.compute(owner, (o, old) -> {
      Map<String, Recorded<R>> next = old == null ? new HashMap<>() : new HashMap<>(old);
      next.put(id.apply(value), entry);
      return Map.copyOf(next);
    });
  }

  /** One owner's records: the snapshot's, replaced by what was recorded since it began. */
  Map<String, R> over(InventorySnapshot<R> snapshot, ResourceID owner) {
    Map<String, Recorded<R>> mine = byOwner.get(owner);
    Map<String, R> seen = snapshot.of(owner);
    if (mine == null) {
      return seen;
    }
    Map<String, R> merged = new HashMap<>(seen);
    mine.forEach((k, r) -> {
      if (!r.at().isBefore(snapshot.startedAt())) {
        merged.put(k, r.value());
      }
    });
    return merged;
  }

  /** A poll that began at {@code startedAt} has seen everything recorded before then. */
  void forgetBefore(Instant startedAt) {
    for (ResourceID owner : byOwner.keySet()) {
      byOwner.computeIfPresent(owner, (o, old) -> {
        Map<String, Recorded<R>> kept = new HashMap<>(old);
        kept.values().removeIf(r -> r.at().isBefore(startedAt));
        return kept.isEmpty() ? null : Map.copyOf(kept);
      });
    }
  }

  Set<ResourceID> owners() {
    return Set.copyOf(byOwner.keySet());
  }

  Optional<ResourceID> ownerOf(String resourceId) {
    return byOwner.entrySet().stream().filter(e -> e.getValue().containsKey(resourceId)).map(Map.Entry::getKey)
        .findFirst();
  }
}

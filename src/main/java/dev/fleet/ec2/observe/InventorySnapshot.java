package dev.fleet.ec2.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one complete poll saw, grouped by owner; immutable, so that readers on any thread use it without a lock.
 *
 * @param byOwner each owner's records by id
 * @param startedAt when the describe began: a write recorded before then is reflected in it
 * @param complete false for the empty view that exists before the first poll
 */
record InventorySnapshot<R>(Map<ResourceID, Map<String, R>> byOwner, Map<String, ResourceID> ownerById,
    Instant startedAt, boolean complete) {

  InventorySnapshot {
    byOwner = Map.copyOf(byOwner);
    ownerById = Map.copyOf(ownerById);
  }

  static <R> InventorySnapshot<R> none() {
    return new InventorySnapshot<>(Map.of(), Map.of(), Instant.EPOCH, false);
  }

  /** @param owner the owner of a record, or null for one that names none (not ours: left out) */
  static <R> InventorySnapshot<R> of(List<R> records, Function<R, String> id, Function<R, ResourceID> owner,
      Instant startedAt) {
    Map<ResourceID, Map<String, R>> byOwner = new HashMap<>();
    Map<String, ResourceID> ownerById = new HashMap<>();
    for (R r : records) {
      ResourceID o = owner.apply(r);
      if (o != null) {
        byOwner.computeIfAbsent(o, k -> new HashMap<>()).put(id.apply(r), r);
        ownerById.put(id.apply(r), o);
      }
    }
    byOwner.replaceAll((o, m) -> Map.copyOf(m));
    return new InventorySnapshot<>(byOwner, ownerById, startedAt, true);
  }

  Map<String, R> of(ResourceID owner) {
    return byOwner.getOrDefault(owner, Map.of());
  }

  Set<ResourceID> owners() {
    return byOwner.keySet();
  }

  Optional<ResourceID> ownerOf(String id) {
    return Optional.ofNullable(ownerById.get(id));
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.api.v1alpha1.UnlistedLaunch;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The fleet's record of launched instances EC2 may not list yet ({@link UnlistedLaunch}): kept in status
 * from the moment RunInstances answers, so that a pass (or a restarted operator) neither launches their
 * capacity again nor, on deletion, leaves them running. An id leaves the record once a describe has shown
 * the instance in any state but pending (RunInstances itself answers pending, so only EC2's listing can
 * say more), and every id leaves it when the visibility grace has passed.
 */
final class UnlistedLaunches {
  private UnlistedLaunches() {}

  /** Adds what one launch returned. */
  static void add(SpotFleetStatus book, SpotFleetDelta.Launch launch, List<ObservedInstance> launched,
      String now) {
    if (launched.isEmpty()) {
      return;
    }
    UnlistedLaunch u = new UnlistedLaunch();
    u.setInstanceType(launch.pool().instanceType());
    u.setAvailabilityZone(launch.pool().zone());
    u.setPurpose(launch.purpose());
    u.setWeightedCapacity(launch.pool().weight());
    u.setLaunchTime(now);
    u.setInstanceIds(launched.stream().map(ObservedInstance::instanceId).sorted().toList());
    List<UnlistedLaunch> all = new ArrayList<>(book.getUnlistedLaunches() == null ? List.of()
        : book.getUnlistedLaunches());
    all.add(u);
    book.setUnlistedLaunches(all);
  }

  /** Drops instances this pass terminated. */
  static void remove(SpotFleetStatus book, Set<String> terminated) {
    retain(book, u -> true, id -> !terminated.contains(id));
  }

  /** Drops the ids EC2 has listed past pending, and launches whose grace has passed. */
  static void prune(SpotFleetStatus book, Collection<ObservedInstance> seen, VisibilityWindow visibility) {
    Set<String> listed = seen.stream().filter(i -> !ObservedInstance.PENDING.equals(i.state()))
        .map(ObservedInstance::instanceId).collect(Collectors.toSet());
    retain(book, u -> visibility.open(u.getLaunchTime()), id -> !listed.contains(id));
  }

  private static void retain(SpotFleetStatus book, Predicate<UnlistedLaunch> launchKept, Predicate<String> idKept) {
    if (book.getUnlistedLaunches() == null) {
      return;
    }
    List<UnlistedLaunch> kept = new ArrayList<>();
    for (UnlistedLaunch u : book.getUnlistedLaunches()) {
      List<String> ids = u.getInstanceIds() == null ? List.of() : u.getInstanceIds().stream().filter(idKept).toList();
      if (!ids.isEmpty() && launchKept.test(u)) {
        u.setInstanceIds(ids);
        kept.add(u);
      }
    }
    book.setUnlistedLaunches(kept.isEmpty() ? null : kept);
  }

  /** The recorded ids, while their grace lasts. */
  static List<String> ids(SpotFleetStatus book, VisibilityWindow visibility) {
    return book.getUnlistedLaunches() == null ? List.of() : book.getUnlistedLaunches().stream()
        .filter(u -> visibility.open(u.getLaunchTime()) && u.getInstanceIds() != null)
        .flatMap(u -> u.getInstanceIds().stream()).toList();
  }

  /** The recorded instances that {@code seen} does not hold at all, as pending members of their pools. */
  static List<ObservedInstance> notSeen(SpotFleetStatus book, Collection<ObservedInstance> seen) {
    if (book.getUnlistedLaunches() == null) {
      return List.of();
    }
    Map<String, ObservedInstance> byId = seen.stream().collect(Collectors.toMap(ObservedInstance::instanceId,
        Function.identity(), (a, b) -> a));
    List<ObservedInstance> members = new ArrayList<>();
    for (UnlistedLaunch u : book.getUnlistedLaunches()) {
      String pool = u.getInstanceType() + "/" + u.getAvailabilityZone();
      String purpose = u.getPurpose() == null ? SpotFleetDelta.SPOT : u.getPurpose();
      Map<String, String> tags = Map.of(SpotFleetDesired.WEIGHT_TAG, String.valueOf(u.getWeightedCapacity()),
          SpotFleetDesired.POOL_TAG, pool, SpotFleetDesired.PURPOSE_TAG, purpose);
      String lifecycle = SpotFleetDelta.SPOT.equals(purpose) ? "spot" : null;
      (u.getInstanceIds() == null ? List.<String>of() : u.getInstanceIds()).stream().filter(id -> !byId.containsKey(id)).forEach(id -> members.add(new ObservedInstance(
          id, null, u.getInstanceType(), ObservedInstance.PENDING, null, null, u.getAvailabilityZone(), null, null,
          null, java.time.Instant.parse(u.getLaunchTime()), lifecycle, null, Set.of(), tags, null)));
    }
    return members;
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.math.BigDecimal;
import java.util.stream.Collectors;

/**
 * Which instances count as a fleet's live members in one pass, and the interruption bookkeeping that
 * follows from comparing them with the members the status listed.
 */
final class FleetCensus {
  private final Clock clock;
  private final FleetMetrics metrics;
  private final EventRecorder events;
  private final dev.fleet.ec2.lifecycle.VisibilityWindow visibility;

  FleetCensus(Clock clock, FleetMetrics metrics, EventRecorder events, dev.fleet.ec2.lifecycle.VisibilityWindow visibility) {
    this.visibility = visibility;
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
  }

  /** Seen, ours, pending or running; plus members launched recently that EC2 does not list yet. */
  List<ObservedInstance> live(SpotFleetStatus book, Collection<ObservedInstance> seen, OwnershipTags ownership) {
    List<ObservedInstance> live = new ArrayList<>(seen.stream()
        .filter(i -> ownership.ownedBy(i.tags()) && !i.isGone() && !ObservedInstance.STOPPED.equals(i.state())
            && !ObservedInstance.STOPPING.equals(i.state()))
        .toList());
    live.addAll(notYetVisible(book, seen));
    return live;
  }

  /**
   * Members the status lists (launched by an earlier pass) that EC2 does not show at all yet, not even
   * as terminated: EC2 is eventually consistent, and launching again on that evidence would duplicate.
   */
  private List<ObservedInstance> notYetVisible(SpotFleetStatus book, Collection<ObservedInstance> seen) {
    if (book.getInstances() == null) {
      return List.of();
    }
    Set<String> seenIds = seen.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    return book.getInstances().stream()
        .filter(f -> !seenIds.contains(f.getInstanceId()) && f.getWarning() == null && visibility.open(f.getLaunchTime()))
        .map(f -> new ObservedInstance(f.getInstanceId(), null, f.getInstanceType(), ObservedInstance.PENDING, null,
            null, f.getAvailabilityZone(), null, null, null, Instant.parse(f.getLaunchTime()), f.getLifecycle(), null,
            Set.of(), Map.of(SpotFleetDesired.WEIGHT_TAG, String.valueOf(f.getWeightedCapacity()),
                SpotFleetDesired.POOL_TAG, f.getInstanceType() + "/" + f.getAvailabilityZone()), null))
        .toList();
  }

  /** Members the status listed that are now gone without our doing: reclaimed capacity. */
  void countReclaimed(SpotFleet fleet, SpotFleetStatus book, List<ObservedInstance> live) {
    if (book.getInstances() == null) {
      return;
    }
    Set<String> liveIds = live.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    // an interruption warning was counted when it came: the instance's end is no second interruption
    // (a rebalance recommendation is not counted, so that instance's end is)
    long reclaimed = book.getInstances().stream()
        .filter(i -> !InterruptionTracker.INTERRUPTION.equals(i.getWarning()) && !liveIds.contains(i.getInstanceId()))
        .count();
    if (reclaimed > 0) {
      book.setInterruptions((book.getInterruptions() == null ? 0 : book.getInterruptions()) + (int) reclaimed);
      book.setLastInterruptionTime(clock.instant().toString());
      for (int n = 0; n < reclaimed; n++) {
        metrics.interruption("reclaimed");
      }
      events.warning(fleet, "CapacityLost", reclaimed + " instance(s) stopped, terminated or gone outside the fleet");
    }
  }

  /** Warnings newer than the last one counted. */
  void countWarnings(SpotFleetStatus book, Collection<InterruptionTracker.Warning> warnings) {
    Instant since = book.getLastInterruptionTime() == null ? Instant.EPOCH : Instant.parse(book.getLastInterruptionTime());
    var fresh = warnings.stream().filter(w -> !w.rebalance() && w.receivedAt().isAfter(since)).toList();
    if (!fresh.isEmpty()) {
      book.setInterruptions((book.getInterruptions() == null ? 0 : book.getInterruptions()) + fresh.size());
      book.setLastInterruptionTime(fresh.stream().map(InterruptionTracker.Warning::receivedAt).max(Instant::compareTo)
          .orElseThrow().toString());
    }
  }


  /** A live member in the plan's terms: its pool, weight, purpose and price per unit. */
  static SpotFleetDelta.Member member(ObservedInstance i, Function<String, BigDecimal> priceOf) {
    int weight = SpotFleetStatusMapper.weight(i);
    String pool = i.tags().getOrDefault(SpotFleetDesired.POOL_TAG, i.instanceType() + "/" + i.availabilityZone());
    BigDecimal price = priceOf.apply(pool);
    BigDecimal unit = price == null ? BigDecimal.ZERO : price.divide(BigDecimal.valueOf(weight),
        java.math.MathContext.DECIMAL64);
    return new SpotFleetDelta.Member(i.instanceId(), pool, weight,
        i.tags().getOrDefault(SpotFleetDesired.PURPOSE_TAG, "spot".equals(i.lifecycle()) ? "spot" : "on-demand"),
        unit, i.launchTime() == null ? 0 : i.launchTime().toEpochMilli());
  }

}

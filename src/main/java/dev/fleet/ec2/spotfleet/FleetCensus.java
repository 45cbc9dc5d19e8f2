package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which instances count as a fleet's live members in one pass, and the interruption bookkeeping that
 * follows from comparing them with what the last status counted.
 */
final class FleetCensus {
  private final Clock clock;
  private final FleetMetrics metrics;
  private final EventRecorder events;
  private final VisibilityWindow visibility;

  FleetCensus(Clock clock, FleetMetrics metrics, EventRecorder events, VisibilityWindow visibility) {
    this.visibility = visibility;
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * Seen, ours, pending or running; plus members launched recently that EC2 does not list yet (the record
   * of those is pruned here of what EC2 now lists).
   */
  List<ObservedInstance> live(SpotFleetStatus book, Collection<ObservedInstance> seen, OwnershipTags ownership) {
    List<ObservedInstance> live = new ArrayList<>(seen.stream()
        .filter(i -> ownership.ownedBy(i.tags()) && !i.isGone() && !ObservedInstance.STOPPED.equals(i.state())
            && !ObservedInstance.STOPPING.equals(i.state()))
        .toList());
    UnlistedLaunches.prune(book, seen, visibility);
    live.addAll(UnlistedLaunches.notSeen(book, seen));
    return live;
  }

  /**
   * Members the last status counted that are now gone without our doing: reclaimed capacity. Status keeps
   * counts per pool, not ids, so this is a count: what it counted, less what is live now (a member it did
   * not know, such as one from a launch whose answer was lost, can hide a loss; it never invents one).
   * A member warned of an interruption was counted when the warning came: its end is no second
   * interruption (a rebalance recommendation is not counted, so that instance's end is).
   */
  void countReclaimed(SpotFleet fleet, SpotFleetStatus book, List<ObservedInstance> live) {
    int counted = book.getPools() == null ? 0 : book.getPools().stream()
        .mapToInt(p -> p.getInstances() == null ? 0 : p.getInstances()).sum();
    List<FleetInstance> warned = book.getWarnedInstances() == null ? List.of() : book.getWarnedInstances();
    Set<String> liveIds = live.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    long warnedLive = warned.stream().filter(w -> liveIds.contains(w.getInstanceId())).count();
    long rebalancedGone = warned.stream().filter(w -> !InterruptionTracker.INTERRUPTION.equals(w.getWarning())
        && !liveIds.contains(w.getInstanceId())).count();
    long reclaimed = Math.max(0, counted - (live.size() - warnedLive)) + rebalancedGone;
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

  /** True when the last status says the fleet has members in EC2 (counted, warned, or launched and not listed). */
  static boolean hasMembers(SpotFleetStatus book) {
    return book.getPools() != null && book.getPools().stream().map(FleetPoolStatus::getInstances)
        .anyMatch(n -> n != null && n > 0)
        || book.getWarnedInstances() != null && !book.getWarnedInstances().isEmpty()
        || book.getUnlistedLaunches() != null && !book.getUnlistedLaunches().isEmpty();
  }

  /** The pool a member belongs to, "type/zone", by its tag. */
  static String poolOf(ObservedInstance i) {
    return i.tags().getOrDefault(SpotFleetDesired.POOL_TAG, i.instanceType() + "/" + i.availabilityZone());
  }

  /** A live member in the plan's terms: its pool, weight, purpose and price per unit. */
  static SpotFleetDelta.Member member(ObservedInstance i, Function<String, BigDecimal> priceOf) {
    int weight = SpotFleetStatusMapper.weight(i);
    String pool = poolOf(i);
    BigDecimal price = priceOf.apply(pool);
    BigDecimal unit = price == null ? BigDecimal.ZERO : price.divide(BigDecimal.valueOf(weight),
        MathContext.DECIMAL64);
    return new SpotFleetDelta.Member(i.instanceId(), pool, weight,
        i.tags().getOrDefault(SpotFleetDesired.PURPOSE_TAG, "spot".equals(i.lifecycle()) ? "spot" : "on-demand"),
        unit, i.launchTime() == null ? 0 : i.launchTime().toEpochMilli());
  }
}

package dev.fleet.ec2.spotfleet;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the fleets learned about interruptions, shared between the queue consumer and the reconciler:
 * instances warned (their capacity is replaced at once), pools to avoid for a while, pools with recent
 * trouble. Waking the fleet concerned goes through a JOSDK inbound event source.
 */
public final class InterruptionTracker {
  /** A warned instance: when the warning came and from which pool. */
  public record Warning(String instanceId, String pool, Instant receivedAt, boolean rebalance) {
    /** As the status records it. */
    public String kind() {
      return rebalance ? REBALANCE : INTERRUPTION;
    }
  }

  static final String INTERRUPTION = "interruption";
  static final String REBALANCE = "rebalance";

  private final Clock clock;
  private final Duration unavailableFor;
  private final Map<ResourceID, Map<String, Warning>> warned = new ConcurrentHashMap<>();
  private final Map<String, Instant> unavailableUntil = new ConcurrentHashMap<>();
  private final Map<String, Instant> troubledUntil = new ConcurrentHashMap<>();
  private final SimpleInboundEventSource<SpotFleet> wakeUps = new SimpleInboundEventSource<>("spot-interruptions");

  public InterruptionTracker(Clock clock, Duration unavailableFor) {
    this.clock = clock;
    this.unavailableFor = unavailableFor;
  }

  public SimpleInboundEventSource<SpotFleet> eventSource() {
    return wakeUps;
  }

  /** An interruption warning (or rebalance recommendation) for a fleet's instance: replace it now. */
  public void warned(ResourceID fleet, String instanceId, String pool, boolean rebalance) {
    Instant now = clock.instant();
    warned.computeIfAbsent(fleet, f -> new ConcurrentHashMap<>())
        .putIfAbsent(instanceId, new Warning(instanceId, pool, now, rebalance));
    if (!rebalance) {
      unavailableUntil.put(pool, now.plus(unavailableFor));
      troubledUntil.put(pool, now.plus(unavailableFor.multipliedBy(10)));
    }
    wakeUps.propagateEvent(fleet);
  }

  /**
   * Warnings a previous operator process recorded in the fleet's status and this one has not heard of
   * (the queue message was consumed before a restart): known again, without waking anyone.
   */
  public void restore(ResourceID fleet, List<FleetInstance> recorded) {
    if (recorded == null) {
      return;
    }
    for (FleetInstance i : recorded) {
      if (i.getWarning() != null && i.getWarningTime() != null) {
        warned.computeIfAbsent(fleet, f -> new ConcurrentHashMap<>()).putIfAbsent(i.getInstanceId(),
            new Warning(i.getInstanceId(), i.getInstanceType() + "/" + i.getAvailabilityZone(),
                Instant.parse(i.getWarningTime()), REBALANCE.equals(i.getWarning())));
      }
    }
  }

  /** A fleet's instance changed state outside (stopped, terminating): look at the fleet now. */
  public void changed(ResourceID fleet) {
    wakeUps.propagateEvent(fleet);
  }

  /** A launch in this pool failed for lack of capacity. */
  public void capacityError(String pool) {
    troubledUntil.put(pool, clock.instant().plus(unavailableFor.multipliedBy(10)));
  }

  public Map<String, Warning> warnings(ResourceID fleet) {
    return Map.copyOf(warned.getOrDefault(fleet, new HashMap<>()));
  }

  /** Forgets warnings for instances the fleet no longer has. */
  public void retain(ResourceID fleet, Set<String> liveInstanceIds) {
    var w = warned.get(fleet);
    if (w != null) {
      w.keySet().retainAll(liveInstanceIds);
    }
  }

  /** The fleet is deleted: its warnings go with it (pools are shared by fleets and expire by themselves). */
  public void forget(ResourceID fleet) {
    warned.remove(fleet);
  }

  /** Fleets with warnings held. */
  int fleetsTracked() {
    return warned.size();
  }

  public Set<String> unavailablePools() {
    return current(unavailableUntil);
  }

  public Set<String> troubledPools() {
    return current(troubledUntil);
  }

  private Set<String> current(Map<String, Instant> until) {
    Instant now = clock.instant();
    return until.entrySet().stream().filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}

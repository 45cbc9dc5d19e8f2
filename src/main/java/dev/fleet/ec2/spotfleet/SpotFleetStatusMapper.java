package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.HourlyCost;
import dev.fleet.ec2.cost.OnDemandPrices;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the whole SpotFleet status, the one place it is built. Pure. */
public final class SpotFleetStatusMapper {

  private SpotFleetStatusMapper() {}

  /**
   * @param book bookkeeping carried over (counters, client token, unlisted launches, fulfilledOnce) and the
   *     previous conditions
   * @param members the instances counted toward the target, summed per pool
   * @param warned instances still running whose capacity is being replaced after a warning (named, not counted)
   * @param warnings interruption warnings by instance id, recorded on the named instances
   * @param priceOf the spot price per instance-hour of a pool ("type/zone"), or null
   * @param region the fleet's region, and its on-demand prices: with the pools' spot prices, what the members cost
   */
  public static SpotFleetStatus map(SpotFleetStatus book, long generation, int target, List<ObservedInstance> members,
      List<ObservedInstance> warned, Map<String, InterruptionTracker.Warning> warnings,
      Function<String, BigDecimal> priceOf, String region, OnDemandPrices onDemandPrices, SyncOutcome outcome,
      Instant now) {
    SpotFleetStatus s = carriedOver(book, generation, target);
    int spot = 0;
    int onDemand = 0;
    for (ObservedInstance i : members) {
      if ("spot".equals(i.lifecycle())) {
        spot += weight(i);
      } else {
        onDemand += weight(i);
      }
    }
    s.setSpotCapacity(spot);
    s.setOnDemandCapacity(onDemand);
    s.setFulfilledCapacity(spot + onDemand);
    s.setFulfilledOnce(Boolean.TRUE.equals(book.getFulfilledOnce()) || spot + onDemand >= target ? Boolean.TRUE : null);
    s.setPools(pools(members, priceOf));
    var cost = HourlyCost.ofFleet(s.getPools(), region, onDemandPrices);
    s.setEstimatedHourlyCost(cost.text());
    s.setCostBasis(cost.basis());
    List<FleetInstance> named = warned.stream().distinct().sorted(Comparator.comparing(ObservedInstance::instanceId))
        .map(i -> entry(i, warnings.get(i.instanceId()))).toList();
    s.setWarnedInstances(named.isEmpty() ? null : named);
    s.setConditions(conditions(book, outcome, spot + onDemand, target, "units running", generation, now));
    return s;
  }

  /** One summary per pool, sorted by pool: the same size at any fleet size. */
  static List<FleetPoolStatus> pools(List<ObservedInstance> members, Function<String, BigDecimal> priceOf) {
    Map<String, List<ObservedInstance>> byPool = members.stream().distinct()
        .collect(Collectors.groupingBy(FleetCensus::poolOf, TreeMap::new, Collectors.toList()));
    List<FleetPoolStatus> pools = new ArrayList<>();
    byPool.forEach((pool, in) -> {
      FleetPoolStatus p = new FleetPoolStatus();
      p.setInstanceType(in.get(0).instanceType());
      p.setAvailabilityZone(in.get(0).availabilityZone());
      p.setInstances(in.size());
      p.setPending((int) in.stream().filter(i -> ObservedInstance.PENDING.equals(i.state())).count());
      p.setOnDemandInstances((int) in.stream().filter(i -> !"spot".equals(i.lifecycle())).count());
      p.setCapacity(in.stream().mapToInt(SpotFleetStatusMapper::weight).sum());
      BigDecimal price = priceOf.apply(pool);
      p.setSpotPrice(price == null ? null : price.toPlainString());
      pools.add(p);
    });
    return pools.isEmpty() ? null : pools;
  }

  /**
   * A pass that ended before it could count the members (EC2 unreachable or throttled, a reference not
   * ready, a spec EC2 refuses): everything last reported stays, Synced and Terminal follow the outcome,
   * Ready follows the last count.
   */
  public static SpotFleetStatus uncounted(SpotFleetStatus book, long generation, int target, SyncOutcome outcome,
      Instant now) {
    SpotFleetStatus s = carriedOver(book, generation, target);
    int fulfilled = zeroIfAbsent(book.getFulfilledCapacity());
    s.setSpotCapacity(zeroIfAbsent(book.getSpotCapacity()));
    s.setOnDemandCapacity(zeroIfAbsent(book.getOnDemandCapacity()));
    s.setFulfilledCapacity(fulfilled);
    s.setFulfilledOnce(book.getFulfilledOnce());
    s.setPools(book.getPools());
    s.setEstimatedHourlyCost(book.getEstimatedHourlyCost());
    s.setCostBasis(book.getCostBasis());
    s.setWarnedInstances(book.getWarnedInstances());
    s.setConditions(conditions(book, outcome, fulfilled, target, "units running when last counted", generation,
        now));
    return s;
  }

  /** What every status carries over from the last one, whatever this pass saw. */
  private static SpotFleetStatus carriedOver(SpotFleetStatus book, long generation, int target) {
    SpotFleetStatus s = new SpotFleetStatus();
    s.setClientToken(book.getClientToken());
    s.setResolvedImageIds(book.getResolvedImageIds());
    s.copyLifecycleFrom(book);
    s.setPendingLaunch(book.getPendingLaunch());
    s.setUnlistedLaunches(book.getUnlistedLaunches());
    s.setInterruptions(zeroIfAbsent(book.getInterruptions()));
    s.setReplacements(zeroIfAbsent(book.getReplacements()));
    s.setLastInterruptionTime(book.getLastInterruptionTime());
    s.setSpotFleetRequestId(book.getSpotFleetRequestId());
    s.setSchedule(book.getSchedule());
    s.setSpotFleetRequestState(book.getSpotFleetRequestState());
    s.setObservedGeneration(generation);
    s.setTargetCapacity(target);
    return s;
  }

  /** Synced and Terminal from the outcome, Ready from the units counted against the target. */
  private static List<Condition> conditions(SpotFleetStatus book, SyncOutcome outcome, int units, int target,
      String counted, long generation, Instant now) {
    boolean fulfilled = units >= target;
    var c = Conditions.set(book.getConditions(), Conditions.SYNCED, outcome.kind() == SyncOutcome.Kind.IN_SYNC,
        outcome.reason(), outcome.message(), generation, now);
    c = Conditions.set(c, Conditions.READY, fulfilled, fulfilled ? "Fulfilled" : "Unfulfilled",
        units + " of " + target + " " + counted, generation, now);
    boolean terminal = outcome.kind() == SyncOutcome.Kind.TERMINAL;
    return Conditions.set(c, Conditions.TERMINAL, terminal, terminal ? outcome.reason() : "NoError",
        terminal ? outcome.message() : "", generation, now);
  }

  private static int zeroIfAbsent(Integer units) {
    return units == null ? 0 : units;
  }

  static int weight(ObservedInstance i) {
    String w = i.tags().get(SpotFleetDesired.WEIGHT_TAG);
    try {
      return w == null ? 1 : Integer.parseInt(w);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static FleetInstance entry(ObservedInstance i, InterruptionTracker.Warning warning) {
    FleetInstance f = new FleetInstance();
    f.setInstanceId(i.instanceId());
    f.setInstanceType(i.instanceType());
    f.setAvailabilityZone(i.availabilityZone());
    f.setLifecycle(i.lifecycle());
    f.setWeightedCapacity(weight(i));
    f.setState(i.state());
    if (warning != null) {
      f.setWarning(warning.kind());
      f.setWarningTime(warning.receivedAt().toString());
    }
    return f;
  }
}

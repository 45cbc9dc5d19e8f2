package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.ExcessCapacityTerminationPolicy;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.FleetType;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSpotFleetRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one pass does to a fleet: which launches (pool, count, spot or on-demand) and which
 * terminations bring the counted members to the target. Pure.
 *
 * @param problem why missing capacity cannot be launched, or null
 * @param quotaBlocked whether that is because every pool's vCPU quota is used up ({@link VcpuQuotaBlocks})
 */
public record SpotFleetDelta(List<Launch> launches, List<String> terminate, String problem, int heldUnits,
    boolean quotaBlocked) {

  /** Purposes of launched instances, tagged on them. */
  public static final String SPOT = "spot";
  public static final String ON_DEMAND = "on-demand";
  public static final String FALLBACK = "fallback";

  /**
   * The most instances one launch asks for. EC2's answer to a RunInstances is parsed whole, at about 180 KB
   * allocated per instance, so a pool short of 3,000 instances would need half a gigabyte at once; a pass
   * launches up to this many per pool, and the next pass, 2 s later while the fleet is scaling,
   * launches the rest.
   */
  public static final int MAX_INSTANCES_PER_LAUNCH = 250;

  /** {@code count} instances into {@code pool}; {@code purpose} is spot, on-demand or fallback. */
  public record Launch(Pool pool, int count, String purpose) {
    public boolean spot() {
      return SPOT.equals(purpose);
    }
  }

  /** A live member of the fleet as counted. */
  public record Member(String instanceId, String pool, int weight, String purpose, java.math.BigDecimal unitPrice,
      long launchOrder) {}

  public static SpotFleetDelta plan(SpotFleetSpec spec, List<Pool> pools, List<Member> members, boolean fulfilledOnce,
      Set<String> unavailable, Set<String> troubled) {
    return plan(spec, pools, members, fulfilledOnce, unavailable, troubled, Set.of());
  }

  /**
   * @param quotaBlocked pool keys whose Spot vCPU quota is used up: never given spot capacity (unlike an
   *     interrupted pool, trying one again cannot help until the quota is raised or vCPUs are freed)
   */
  public static SpotFleetDelta plan(SpotFleetSpec spec, List<Pool> pools, List<Member> members, boolean fulfilledOnce,
      Set<String> unavailable, Set<String> troubled, Set<String> quotaBlocked) {
    List<Pool> spotPools = pools.stream().filter(p -> !quotaBlocked.contains(p.key())).toList();
    boolean blocked = false;
    int target = spec.getTargetCapacity();
    int onDemandTarget = spec.getOnDemandTargetCapacity() == null ? 0 : spec.getOnDemandTargetCapacity();
    Map<String, Integer> byPurpose = new HashMap<>();
    Map<String, Integer> perPool = new HashMap<>();
    for (Member m : members) {
      byPurpose.merge(m.purpose(), m.weight(), Integer::sum);
      perPool.merge(m.pool(), m.weight(), Integer::sum);
    }
    int held = byPurpose.values().stream().mapToInt(Integer::intValue).sum();
    List<Launch> launches = new ArrayList<>();
    String problem = null;
    boolean replaces = spec.getType() != FleetType.request || !fulfilledOnce;
    if (replaces && !pools.isEmpty()) {
      Pool cheapest = pools.stream().min(Comparator.comparing(Pool::unitPrice).thenComparing(Pool::spec)).orElseThrow();
      int onDemandDeficit = onDemandTarget - byPurpose.getOrDefault(ON_DEMAND, 0);
      if (onDemandDeficit > 0) {
        launches.add(new Launch(cheapest, ceil(onDemandDeficit, cheapest.weight()), ON_DEMAND));
      }
      int spotDeficit = target - onDemandTarget - byPurpose.getOrDefault(SPOT, 0) - byPurpose.getOrDefault(FALLBACK, 0);
      List<Pool> priced = pools.stream().filter(Pool::withinMaxPrice).toList();
      boolean allInterrupted = !priced.isEmpty() && priced.stream().allMatch(p -> unavailable.contains(p.key()));
      if (spotDeficit > 0 && allInterrupted && Boolean.TRUE.equals(spec.getOnDemandFallback())) {
        // the user chose on-demand over waiting for spot; otherwise the interrupted pools are tried again
        problem = "every pool was just interrupted; on-demand fills in";
        launches.add(new Launch(cheapest, ceil(spotDeficit, cheapest.weight()), FALLBACK));
      } else if (spotDeficit > 0 && spotPools.isEmpty()) {
        blocked = true;
        problem = "the vCPU quota of every pool's instance family is used up";
        if (Boolean.TRUE.equals(spec.getOnDemandFallback())) {
          launches.add(new Launch(cheapest, ceil(spotDeficit, cheapest.weight()), FALLBACK));
        }
      } else if (spotDeficit > 0) {
        Map<Pool, Integer> placed = Allocation.place(spotDeficit, spotPools,
            spec.getAllocationStrategy() == null ? SpotFleetSpec.AllocationStrategy.priceCapacityOptimized
                : spec.getAllocationStrategy(), perPool, unavailable, troubled);
        if (placed.isEmpty()) {
          problem = "every pool's spot price is above the fleet's maximum price";
          if (Boolean.TRUE.equals(spec.getOnDemandFallback())) {
            launches.add(new Launch(cheapest, ceil(spotDeficit, cheapest.weight()), FALLBACK));
          }
        } else {
          placed.forEach((pool, count) -> launches.add(new Launch(pool, count, SPOT)));
        }
      } else if (byPurpose.getOrDefault(FALLBACK, 0) > 0 && !allInterrupted
          && target - onDemandTarget - byPurpose.getOrDefault(SPOT, 0) > 0) {
        // spot again? launch it in place of the on-demand fallback, which the next pass gives back
        Allocation.place(target - onDemandTarget - byPurpose.getOrDefault(SPOT, 0), spotPools, spec.getAllocationStrategy() == null
                ? SpotFleetSpec.AllocationStrategy.priceCapacityOptimized : spec.getAllocationStrategy(),
            perPool, unavailable, troubled).forEach((pool, count) -> launches.add(new Launch(pool, count, SPOT)));
      }
    } else if (pools.isEmpty()) {
      problem = "the launch specifications have no usable subnet";
    }
    List<String> terminate = new ArrayList<>();
    int spotHeld = byPurpose.getOrDefault(SPOT, 0);
    // on-demand fallback goes first once spot covers the spot part again
    for (Member m : members.stream().filter(m -> FALLBACK.equals(m.purpose()))
        .sorted(Comparator.comparingLong(Member::launchOrder).reversed()).toList()) {
      if (spotHeld >= target - onDemandTarget && held - m.weight() >= target) {
        terminate.add(m.instanceId());
        held -= m.weight();
      }
    }
    if (held > target && spec.getExcessCapacityTerminationPolicy() != ExcessCapacityTerminationPolicy.NO_TERMINATION) {
      var surplus = Allocation.surplus(members.stream().filter(m -> !terminate.contains(m.instanceId()))
          .map(m -> new Allocation.FleetMember(m.instanceId(), m.weight(), m.unitPrice(), m.launchOrder())).toList(),
          target);
      surplus.forEach(s -> terminate.add(s.instanceId()));
    }
    return new SpotFleetDelta(launches.stream().map(l -> l.count() <= MAX_INSTANCES_PER_LAUNCH ? l
        : new Launch(l.pool(), MAX_INSTANCES_PER_LAUNCH, l.purpose())).toList(), List.copyOf(terminate), problem, held,
        blocked);
  }

  private static int ceil(int units, int weight) {
    return (units + weight - 1) / weight;
  }

  /**
   * managementPolicy Observe: what an observed spot fleet request differs in from the spec, each as what EC2 has
   * and what the spec says: its target capacity, its allocation strategy (when the spec names one), and members of
   * instance types no launch specification names.
   */
  public static List<String> differences(SpotFleetSpec spec, ObservedSpotFleetRequest request,
      List<ObservedInstance> members) {
    List<String> drift = new ArrayList<>();
    if (request.targetCapacity() != spec.getTargetCapacity()) {
      drift.add("target capacity " + request.targetCapacity() + " (spec: " + spec.getTargetCapacity() + ")");
    }
    if (spec.getAllocationStrategy() != null && request.allocationStrategy() != null
        && !spec.getAllocationStrategy().name().equalsIgnoreCase(request.allocationStrategy())) {
      drift.add("allocation strategy " + request.allocationStrategy() + " (spec: " + spec.getAllocationStrategy()
          + ")");
    }
    Set<String> named = new HashSet<>();
    spec.getLaunchSpecifications().forEach(ls -> named.add(ls.getInstanceType()));
    new TreeMap<>(members.stream().filter(i -> !named.contains(i.instanceType())).collect(
        Collectors.groupingBy(ObservedInstance::instanceType,
            Collectors.counting()))).forEach((type, n) -> drift.add(n + " instance(s) of type "
        + type + " (spec: no launch specification names it)"));
    return drift;
  }
}

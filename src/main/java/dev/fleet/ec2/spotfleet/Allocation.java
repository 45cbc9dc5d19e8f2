package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.AllocationStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a fleet's missing capacity goes: how many instances to launch in which pool. Pure; capacity
 * may overshoot the deficit by less than the largest weight, as EC2's own fleets do.
 *
 * <ul>
 *   <li>lowestPrice: all of it in the pool cheapest per unit.
 *   <li>diversified: instance by instance into the pool holding the fewest units.
 *   <li>capacityOptimized: pools without a recent interruption or capacity error first, filling the one
 *       the fleet holds least of (spreading the risk of one pool running dry).
 *   <li>priceCapacityOptimized: pools without a recent problem first, the cheapest per unit among them.
 * </ul>
 * Unavailable pools (interrupted within the last minutes) and pools above their max price are never used.
 */
public final class Allocation {

  private Allocation() {}

  /**
   * @param current units the fleet holds per pool key now
   * @param unavailable pool keys to avoid after an interruption, unless no other pool is left
   * @param troubled pool keys with a recent interruption or capacity error (used only when needed)
   * @return instances to launch per pool, in launch order; empty when no pool is usable
   */
  public static Map<Pool, Integer> place(int deficit, List<Pool> pools, AllocationStrategy strategy,
      Map<String, Integer> current, Set<String> unavailable, Set<String> troubled) {
    Map<Pool, Integer> launches = new LinkedHashMap<>();
    List<Pool> priced = pools.stream().filter(Pool::withinMaxPrice).toList();
    List<Pool> usable = priced.stream().filter(p -> !unavailable.contains(p.key())).toList();
    if (usable.isEmpty()) {
      usable = priced; // every pool was just interrupted: trying one beats holding less capacity for minutes
    }
    if (deficit <= 0 || usable.isEmpty()) {
      return launches;
    }
    Comparator<Pool> cheapest = Comparator.comparing(Pool::unitPrice).thenComparing(Pool::spec)
        .thenComparing(Pool::zone);
    switch (strategy) {
      case lowestPrice -> fillOne(launches, usable.stream().min(cheapest).orElseThrow(), deficit);
      case diversified -> spread(launches, usable, deficit, current, cheapest);
      case capacityOptimized -> {
        List<Pool> healthy = healthyOr(usable, troubled);
        spread(launches, healthy, deficit, current, cheapest);
      }
      case priceCapacityOptimized -> fillOne(launches, healthyOr(usable, troubled).stream().min(cheapest)
          .orElseThrow(), deficit);
      default -> throw new IllegalArgumentException("strategy " + strategy);
    }
    return launches;
  }

  /** Which instances to terminate to come down to {@code target}: most expensive per unit first, then newest. */
  public static List<FleetMember> surplus(List<FleetMember> members, int target) {
    int held = members.stream().mapToInt(FleetMember::weight).sum();
    List<FleetMember> order = new ArrayList<>(members);
    order.sort(Comparator.comparing(FleetMember::unitPrice).reversed()
        .thenComparing(FleetMember::launchOrder, Comparator.reverseOrder()));
    List<FleetMember> terminate = new ArrayList<>();
    for (FleetMember m : order) {
      if (held - m.weight() >= target) {
        terminate.add(m);
        held -= m.weight();
      }
    }
    return terminate;
  }

  private static List<Pool> healthyOr(List<Pool> usable, Set<String> troubled) {
    List<Pool> healthy = usable.stream().filter(p -> !troubled.contains(p.key())).toList();
    return healthy.isEmpty() ? usable : healthy;
  }

  private static void fillOne(Map<Pool, Integer> launches, Pool pool, int deficit) {
    launches.put(pool, (deficit + pool.weight() - 1) / pool.weight());
  }

  private static void spread(Map<Pool, Integer> launches, List<Pool> pools, int deficit,
      Map<String, Integer> current, Comparator<Pool> tieBreak) {
    Map<String, Integer> units = new HashMap<>();
    pools.forEach(p -> units.put(p.key() + "#" + p.spec(), current.getOrDefault(p.key(), 0)));
    int added = 0;
    while (added < deficit) {
      Pool next = pools.stream().min(Comparator.<Pool>comparingInt(p -> units.get(p.key() + "#" + p.spec()))
          .thenComparing(tieBreak)).orElseThrow();
      units.merge(next.key() + "#" + next.spec(), next.weight(), Integer::sum);
      launches.merge(next, 1, Integer::sum);
      added += next.weight();
    }
  }

  /** A running member of the fleet, as scale-down sees it. */
  public record FleetMember(String instanceId, int weight, java.math.BigDecimal unitPrice, long launchOrder) {}
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.AllocationStrategy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocationTest {
  // three specifications weighted 1, 2 and 4; per unit: small 0.010, medium 0.008, large 0.009
  private static final Pool SMALL = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 1, new BigDecimal("0.010"), null);
  private static final Pool MEDIUM = new Pool(1, "t3.medium", "us-east-1a", "subnet-a", 2, new BigDecimal("0.016"),
      null);
  private static final Pool LARGE = new Pool(2, "t3.xlarge", "us-east-1b", "subnet-b", 4, new BigDecimal("0.036"),
      null);
  private static final List<Pool> POOLS = List.of(SMALL, MEDIUM, LARGE);

  private static int units(Map<Pool, Integer> launches) {
    return launches.entrySet().stream().mapToInt(e -> e.getKey().weight() * e.getValue()).sum();
  }

  @ParameterizedTest(name = "{0}: deficit {1} -> small {2}, medium {3}, large {4}")
  @CsvSource({
      "lowestPrice,            20, 0,  10, 0",
      "lowestPrice,            21, 0,  11, 0",
      "priceCapacityOptimized, 20, 0,  10, 0",
  })
  void placesTheDeficitByStrategy(AllocationStrategy strategy, int deficit, int small, int medium, int large) {
    var launches = Allocation.place(deficit, POOLS, strategy, Map.of(), Set.of(), Set.of());
    assertThat(launches.getOrDefault(SMALL, 0)).isEqualTo(small);
    assertThat(launches.getOrDefault(MEDIUM, 0)).isEqualTo(medium);
    assertThat(launches.getOrDefault(LARGE, 0)).isEqualTo(large);
    assertThat(units(launches)).isBetween(deficit, deficit + 3); // overshoot below the largest weight
  }

  @ParameterizedTest
  @CsvSource({"diversified", "capacityOptimized"})
  void spreadingStrategiesUseEveryPoolEvenly(AllocationStrategy strategy) {
    var launches = Allocation.place(20, POOLS, strategy, Map.of(), Set.of(), Set.of());
    assertThat(launches).containsOnlyKeys(SMALL, MEDIUM, LARGE);
    var perPool = POOLS.stream().map(p -> p.weight() * launches.get(p)).toList();
    assertThat(perPool.stream().mapToInt(Integer::intValue).max().getAsInt()
        - perPool.stream().mapToInt(Integer::intValue).min().getAsInt()).as("units per pool %s", perPool)
        .isLessThanOrEqualTo(4);
    assertThat(units(launches)).isBetween(20, 23);
  }

  @Test
  void unavailableAndTroubledPoolsAreUsedOnlyWhenNothingElseIs() {
    var avoidMedium = Allocation.place(4, POOLS, AllocationStrategy.lowestPrice, Map.of(), Set.of(MEDIUM.key()),
        Set.of());
    assertThat(avoidMedium).containsOnlyKeys(LARGE); // the cheapest per unit once medium is avoided
    var allInterrupted = Allocation.place(4, POOLS, AllocationStrategy.lowestPrice, Map.of(),
        Set.of(SMALL.key(), MEDIUM.key(), LARGE.key()), Set.of());
    assertThat(allInterrupted).as("every pool interrupted: the cheapest is tried, capacity is not left short")
        .containsOnlyKeys(MEDIUM);
    var troubled = Allocation.place(4, POOLS, AllocationStrategy.priceCapacityOptimized, Map.of(), Set.of(),
        Set.of(MEDIUM.key()));
    assertThat(troubled).containsOnlyKeys(LARGE);
    var allTroubled = Allocation.place(4, List.of(MEDIUM), AllocationStrategy.priceCapacityOptimized, Map.of(),
        Set.of(), Set.of(MEDIUM.key()));
    assertThat(allTroubled).containsEntry(MEDIUM, 2);
  }

  @Test
  void diversifiedCountsWhatTheFleetAlreadyHolds() {
    var launches = Allocation.place(4, POOLS, AllocationStrategy.diversified,
        Map.of(SMALL.key(), 0, LARGE.key(), 8), Set.of(), Set.of());
    assertThat(launches).doesNotContainKey(LARGE);
    assertThat(units(launches)).isBetween(4, 6);
  }

  @Test
  void poolsAboveTheirMaxPriceAreNeverUsed() {
    var capped = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 1, new BigDecimal("0.010"),
        new BigDecimal("0.005"));
    assertThat(Allocation.place(5, List.of(capped), AllocationStrategy.lowestPrice, Map.of(), Set.of(), Set.of()))
        .isEmpty();
  }

  @Test
  void surplusGoesMostExpensivePerUnitFirstThenNewest() {
    var members = List.of(
        new Allocation.FleetMember("i-cheap-old", 2, new BigDecimal("0.008"), 1),
        new Allocation.FleetMember("i-dear-old", 1, new BigDecimal("0.010"), 2),
        new Allocation.FleetMember("i-dear-new", 1, new BigDecimal("0.010"), 3),
        new Allocation.FleetMember("i-cheap-new", 2, new BigDecimal("0.008"), 4));
    assertThat(Allocation.surplus(members, 4)).extracting(Allocation.FleetMember::instanceId)
        .containsExactly("i-dear-new", "i-dear-old");
    assertThat(Allocation.surplus(members, 3)).extracting(Allocation.FleetMember::instanceId)
        .containsExactly("i-dear-new", "i-dear-old");
    assertThat(Allocation.surplus(members, 6)).isEmpty();
  }
}

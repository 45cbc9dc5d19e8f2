package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpotFleetDeltaTest {
  private static final Pool SMALL = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 1, new BigDecimal("0.010"), null);
  private static final Pool CAPPED = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 1, new BigDecimal("0.010"),
      new BigDecimal("0.001"));

  private static SpotFleetSpec spec(int target) {
    var s = new SpotFleetSpec();
    s.setTargetCapacity(target);
    s.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    return s;
  }

  private static SpotFleetDelta.Member member(String id, String purpose, long order) {
    return new SpotFleetDelta.Member(id, SMALL.key(), 1, purpose, new BigDecimal("0.010"), order);
  }

  @Test
  void onDemandPartAndSpotPartAreLaunchedSeparately() {
    var s = spec(5);
    s.setOnDemandTargetCapacity(2);
    var delta = SpotFleetDelta.plan(s, List.of(SMALL), List.of(member("i-1", "spot", 1)), false, Set.of(), Set.of());
    assertThat(delta.launches()).extracting(l -> l.purpose() + ":" + l.count()).containsExactly("on-demand:2", "spot:2");
  }

  @Test
  void aPassLaunchesAtMostAPageOfInstancesPerPoolTheNextPassTheRest() {
    var s = spec(10_000);
    s.setOnDemandTargetCapacity(400);
    var first = SpotFleetDelta.plan(s, List.of(SMALL), List.of(), false, Set.of(), Set.of());
    assertThat(first.launches()).extracting(l -> l.purpose() + ":" + l.count())
        .containsExactly("on-demand:" + SpotFleetDelta.MAX_INSTANCES_PER_LAUNCH, "spot:" + SpotFleetDelta.MAX_INSTANCES_PER_LAUNCH);

    List<SpotFleetDelta.Member> held = new java.util.ArrayList<>();
    for (int i = 0; i < 9_990; i++) {
      held.add(member("i-" + i, i < 400 ? "on-demand" : "spot", i));
    }
    var last = SpotFleetDelta.plan(s, List.of(SMALL), held, false, Set.of(), Set.of());
    assertThat(last.launches()).extracting(l -> l.purpose() + ":" + l.count()).containsExactly("spot:10");
  }

  @Test
  void requestFleetsNeverReplaceOnceFulfilled() {
    var s = spec(3);
    s.setType(SpotFleetSpec.FleetType.request);
    assertThat(SpotFleetDelta.plan(s, List.of(SMALL), List.of(), true, Set.of(), Set.of()).launches()).isEmpty();
    assertThat(SpotFleetDelta.plan(s, List.of(SMALL), List.of(), false, Set.of(), Set.of()).launches()).hasSize(1);
  }

  @Test
  void priceCapWithoutFallbackIsAProblemWithFallbackOnDemand() {
    var s = spec(2);
    var stuck = SpotFleetDelta.plan(s, List.of(CAPPED), List.of(), false, Set.of(), Set.of());
    assertThat(stuck.launches()).isEmpty();
    assertThat(stuck.problem()).contains("maximum price");
    s.setOnDemandFallback(true);
    var fallback = SpotFleetDelta.plan(s, List.of(CAPPED), List.of(), false, Set.of(), Set.of());
    assertThat(fallback.launches()).extracting(l -> l.purpose() + ":" + l.count()).containsExactly("fallback:2");
  }

  @Test
  void everyPoolJustInterruptedTriesThemAgainOrFallsBackToOnDemandWhenChosen() {
    var s = spec(2);
    Set<String> allInterrupted = Set.of(SMALL.key());
    assertThat(SpotFleetDelta.plan(s, List.of(SMALL), List.of(), true, allInterrupted, Set.of()).launches())
        .as("no fallback: spot again rather than stay short").extracting(l -> l.purpose() + ":" + l.count())
        .containsExactly("spot:2");
    s.setOnDemandFallback(true);
    var fallback = SpotFleetDelta.plan(s, List.of(SMALL), List.of(), true, allInterrupted, Set.of());
    assertThat(fallback.launches()).extracting(l -> l.purpose() + ":" + l.count()).containsExactly("fallback:2");
    var held = List.of(member("i-od1", "fallback", 1), member("i-od2", "fallback", 2));
    assertThat(SpotFleetDelta.plan(s, List.of(SMALL), held, true, allInterrupted, Set.of()).launches())
        .as("the fallback is not given back to a pool just interrupted").isEmpty();
  }

  @Test
  void onDemandFallbackIsGivenBackOnceSpotCanBeHadAgain() {
    var s = spec(2);
    s.setOnDemandFallback(true);
    var fallbackOnly = List.of(member("i-od1", "fallback", 1), member("i-od2", "fallback", 2));
    var launchSpot = SpotFleetDelta.plan(s, List.of(SMALL), fallbackOnly, true, Set.of(), Set.of());
    assertThat(launchSpot.launches()).extracting(l -> l.purpose() + ":" + l.count()).containsExactly("spot:2");
    assertThat(launchSpot.terminate()).isEmpty();
    var both = List.of(member("i-od1", "fallback", 1), member("i-od2", "fallback", 2), member("i-s1", "spot", 3),
        member("i-s2", "spot", 4));
    var giveBack = SpotFleetDelta.plan(s, List.of(SMALL), both, true, Set.of(), Set.of());
    assertThat(giveBack.terminate()).containsExactlyInAnyOrder("i-od1", "i-od2");
    assertThat(giveBack.launches()).isEmpty();
    assertThat(SpotFleetDelta.plan(s, List.of(CAPPED), fallbackOnly, true, Set.of(), Set.of()).launches())
        .as("spot still above the max price: keep the fallback").isEmpty();
  }

  @Test
  void scaleDownTerminatesTheNewestSurplusUnlessNoTermination() {
    var members = List.of(member("i-1", "spot", 1), member("i-2", "spot", 2), member("i-3", "spot", 3));
    assertThat(SpotFleetDelta.plan(spec(1), List.of(SMALL), members, true, Set.of(), Set.of()).terminate())
        .containsExactly("i-3", "i-2");
    var keep = spec(1);
    keep.setExcessCapacityTerminationPolicy(SpotFleetSpec.ExcessCapacityTerminationPolicy.NO_TERMINATION);
    assertThat(SpotFleetDelta.plan(keep, List.of(SMALL), members, true, Set.of(), Set.of()).terminate()).isEmpty();
  }

  @Test
  void anObservedRequestDiffersInTargetStrategyAndUnnamedTypesOnly() {
    var s = spec(4);
    var ls = new dev.fleet.ec2.api.v1alpha1.LaunchSpecification();
    ls.setInstanceType("t3.small");
    s.setLaunchSpecifications(List.of(ls));
    var same = new dev.fleet.ec2.cloud.ObservedSpotFleetRequest("sfr-1", "active", 4, "lowestPrice");
    var small = FleetCensusTest.observed("i-1", "t3.small");
    assertThat(SpotFleetDelta.differences(s, same, List.of(small))).isEmpty();

    var other = new dev.fleet.ec2.cloud.ObservedSpotFleetRequest("sfr-1", "active", 2, "diversified");
    assertThat(SpotFleetDelta.differences(s, other, List.of(small, FleetCensusTest.observed("i-2", "m5.large"),
        FleetCensusTest.observed("i-3", "m5.large")))).containsExactly("target capacity 2 (spec: 4)",
        "allocation strategy diversified (spec: lowestPrice)",
        "2 instance(s) of type m5.large (spec: no launch specification names it)");
  }
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.SettableClock;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VcpuQuotaBlocksTest {
  // t3 and c5 share the standard bucket; g4dn is in the G and VT bucket. t3 is the cheapest per unit.
  private static final Pool T3 = new Pool(0, "t3.micro", "us-east-1a", "subnet-a", 1, new BigDecimal("0.003"), null);
  private static final Pool C5 = new Pool(1, "c5.large", "us-east-1b", "subnet-b", 1, new BigDecimal("0.030"), null);
  private static final Pool G4 = new Pool(2, "g4dn.xlarge", "us-east-1c", "subnet-c", 1, new BigDecimal("0.200"),
      null);
  private static final List<Pool> POOLS = List.of(T3, C5, G4);
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final VcpuQuotaBlocks blocks = new VcpuQuotaBlocks(clock);

  private static SpotFleetSpec spec(int target) {
    var s = new SpotFleetSpec();
    s.setTargetCapacity(target);
    s.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    return s;
  }

  private SpotFleetDelta plan(int target) {
    return SpotFleetDelta.plan(spec(target), POOLS, List.of(), false, Set.of(), Set.of(),
        blocks.blockedSpotPools(POOLS));
  }

  @Test
  void aRefusedLaunchBlocksEveryPoolOfItsBucketAndTheFleetFillsFromAnotherBucket() {
    assertThat(plan(2).launches()).extracting(l -> l.pool().instanceType()).containsExactly("t3.micro");

    blocks.refused("t3.micro", true, "VcpuLimitExceeded ... L-34B43A08");

    assertThat(blocks.blockedSpotPools(POOLS)).containsExactlyInAnyOrder(T3.key(), C5.key());
    var delta = plan(2);
    assertThat(delta.launches()).as("not c5, the next cheapest: same bucket, same quota")
        .extracting(l -> l.pool().instanceType() + ":" + l.count()).containsExactly("g4dn.xlarge:2");
    assertThat(delta.quotaBlocked()).isFalse();
    assertThat(delta.problem()).isNull();
  }

  @Test
  void everyBucketBlockedLaunchesNothingAndSaysWhy() {
    blocks.refused("t3.micro", true, "standard quota used up");
    blocks.refused("g4dn.xlarge", true, "G quota used up");

    var delta = plan(2);
    assertThat(delta.launches()).isEmpty();
    assertThat(delta.quotaBlocked()).isTrue();
    assertThat(blocks.why(POOLS)).contains("standard quota used up");
    assertThat(blocks.untilFirstEnds()).isEqualTo(VcpuQuotaBlocks.BLOCKED_FOR);
  }

  @Test
  void aBlockEndsAfterAWhileAndOnDemandHasItsOwnQuota() {
    blocks.refused("t3.micro", true, "standard spot quota used up");
    assertThat(blocks.blocking("c5.large", false)).as("the On-Demand quota is another one").isEmpty();
    assertThat(blocks.blocking("c5.large", true)).contains("standard spot quota used up");

    clock.advance(VcpuQuotaBlocks.BLOCKED_FOR);

    assertThat(blocks.blocking("c5.large", true)).isEmpty();
    assertThat(plan(1).launches()).extracting(l -> l.pool().instanceType()).containsExactly("t3.micro");
  }

  @Test
  void nothingMissingIsNoProblemWhateverIsBlocked() {
    blocks.refused("t3.micro", true, "x");
    blocks.refused("g4dn.xlarge", true, "y");
    assertThat(plan(0).quotaBlocked()).isFalse();
    assertThat(plan(0).problem()).isNull();
  }
}

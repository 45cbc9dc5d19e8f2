package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RebalanceScheduleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void terminatesRecommendedInstancesOnlyAfterTheDelayAndSaysWhenToLookAgain() {
    var early = new InterruptionTracker.Warning("i-early", "t3.small/a", T0, true);
    var late = new InterruptionTracker.Warning("i-late", "t3.small/a", T0.plusSeconds(100), true);
    var warning = new InterruptionTracker.Warning("i-warned", "t3.small/a", T0, false);
    var gone = new InterruptionTracker.Warning("i-gone", "t3.small/a", T0, true);
    var live = Set.of("i-early", "i-late", "i-warned");

    var at150 = RebalanceSchedule.due(List.of(early, late, warning, gone), live, Duration.ofSeconds(120),
        T0.plusSeconds(150));
    assertThat(at150.terminateNow()).containsExactly("i-early");
    assertThat(at150.nextCheck()).isEqualTo(Duration.ofSeconds(70));

    var at60 = RebalanceSchedule.due(List.of(early, late), live, Duration.ofSeconds(120), T0.plusSeconds(60));
    assertThat(at60.terminateNow()).isEmpty();
    assertThat(at60.nextCheck()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RebalanceSchedule.due(List.of(warning), live, Duration.ofSeconds(120), T0.plusSeconds(999))
        .nextCheck()).isNull();
  }
}

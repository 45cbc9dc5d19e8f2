package dev.fleet.ec2.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00.123Z");

  @Test
  void keepsTransitionTimeWhileStatusStaysAndMovesItWhenStatusChanges() {
    List<Condition> first = Conditions.set(List.of(), Conditions.READY, false, "Pending", "waiting", 1, T0);
    List<Condition> same = Conditions.set(first, Conditions.READY, false, "StillPending", "still", 2, T1);
    assertThat(same).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(c.getReason()).isEqualTo("StillPending");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
    List<Condition> flipped = Conditions.set(same, Conditions.READY, true, "Running", "ok", 2, T1);
    assertThat(flipped).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
    });
  }

  @Test
  void keepsOtherConditionsSortedByType() {
    List<Condition> c = Conditions.set(null, Conditions.TERMINAL, false, "None", "", 1, T0);
    c = Conditions.set(c, Conditions.READY, true, "Running", "", 1, T0);
    c = Conditions.set(c, Conditions.SYNCED, true, "Synced", "", 1, T0);
    assertThat(c).extracting(Condition::getType).containsExactly("Ready", "Synced", "Terminal");
  }
}

package dev.fleet.ec2.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.events.EventAggregator.Action;
import dev.fleet.ec2.events.EventAggregator.Decision;
import dev.fleet.ec2.events.EventAggregator.Key;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
  private static final Key FAILED = new Key("uid-1", "Warning", "RequestLimitExceeded", "throttled; retrying");

  /** Observes {@code key} and, for a create, plays the recorder's part: the Event now exists. */
  private static Decision call(EventAggregator a, Key key, Instant now) {
    Decision d = a.observe(key, now);
    if (d.action() == Action.CREATE) {
      a.written(key, "ev-" + key.reason(), d.count(), d.firstSeen(), now);
    }
    return d;
  }

  @Test
  void aRepeatWithinTheWindowPatchesTheSameEventWithTheNextCount() {
    var a = new EventAggregator();
    assertThat(call(a, FAILED, T0).action()).isEqualTo(Action.CREATE);
    var second = call(a, FAILED, T0.plusSeconds(2));
    var third = call(a, FAILED, T0.plusSeconds(6));

    assertThat(second).isEqualTo(new Decision(Action.PATCH, "ev-RequestLimitExceeded", 2, T0));
    assertThat(third).isEqualTo(new Decision(Action.PATCH, "ev-RequestLimitExceeded", 3, T0));
  }

  @Test
  void anotherReasonMessageTypeOrObjectIsAnotherEvent() {
    var a = new EventAggregator();
    call(a, FAILED, T0);
    assertThat(call(a, new Key("uid-1", "Warning", "RequestLimitExceeded", "other text"), T0).action())
        .isEqualTo(Action.CREATE);
    assertThat(call(a, new Key("uid-1", "Normal", "RequestLimitExceeded", FAILED.message()), T0).action())
        .isEqualTo(Action.CREATE);
    assertThat(call(a, new Key("uid-2", "Warning", "RequestLimitExceeded", FAILED.message()), T0).action())
        .isEqualTo(Action.CREATE);
    assertThat(call(a, FAILED, T0).action()).isEqualTo(Action.PATCH);
  }

  @Test
  void aRepeatAfterTheWindowOrAfterTheEventExpiredCreatesANewOne() {
    var a = new EventAggregator();
    call(a, FAILED, T0);
    assertThat(call(a, FAILED, T0.plus(EventAggregator.WINDOW).plusSeconds(1)).action()).isEqualTo(Action.CREATE);

    a.expired(FAILED);
    assertThat(call(a, FAILED, T0.plus(EventAggregator.WINDOW).plusSeconds(2)).action()).isEqualTo(Action.CREATE);
  }

  @Test
  void anObjectThatKeepsFailingSpendsItsBurstThenOneWritePerRefillAndTheCountStaysTrue() {
    var a = new EventAggregator();
    int writes = 0;
    Decision last = null;
    for (int n = 0; n < 100; n++) { // 100 failures within 100 s: far more than the burst of 25
      last = call(a, FAILED, T0.plusSeconds(n));
      writes += last.action() == Action.SKIP ? 0 : 1;
    }
    assertThat(writes).isEqualTo(EventAggregator.BURST);
    assertThat(last.action()).isEqualTo(Action.SKIP);

    var afterRefill = call(a, FAILED, T0.plusSeconds(99).plus(EventAggregator.REFILL));
    assertThat(afterRefill.action()).as("a token again after one refill period").isEqualTo(Action.PATCH);
    assertThat(afterRefill.count()).as("the skipped repeats are in the count").isEqualTo(101);
  }

  @Test
  void memoryIsBoundedAndAForgottenObjectStartsAfresh() {
    var a = new EventAggregator(3, Duration.ofMinutes(10), 25, Duration.ofMinutes(5));
    for (int n = 0; n < 10; n++) {
      call(a, new Key("uid-" + n, "Normal", "Launched", "launched"), T0);
    }
    assertThat(a.size()).isEqualTo(3);

    call(a, FAILED, T0);
    a.forget("uid-1");
    assertThat(call(a, FAILED, T0.plusSeconds(1)).action()).isEqualTo(Action.CREATE);
  }
}

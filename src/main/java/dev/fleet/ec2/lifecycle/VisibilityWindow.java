package dev.fleet.ec2.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * EC2 is eventually consistent: something created moments ago may be missing from describes (or answer
 * NotFound) for a while. Within the grace after a create, absence is no evidence: nothing is created again
 * on it, and deletion waits for what may still appear. After it, absence means gone.
 */
public record VisibilityWindow(Duration grace, Clock clock) {

  /** True when {@code since} (an ISO instant, or null for never) is less than the grace ago. */
  public boolean open(String since) {
    return since != null && Instant.parse(since).isAfter(clock.instant().minus(grace));
  }

  /** Now, as status records it. */
  public String now() {
    return clock.instant().toString();
  }

  /** When the window opened {@code since} closes, for messages. */
  public Instant closesAt(String since) {
    return Instant.parse(since).plus(grace);
  }
}

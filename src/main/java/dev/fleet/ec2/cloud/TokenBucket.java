package dev.fleet.ec2.cloud;

import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: a caller takes the next token even if it has not been
 * refilled yet and is told how long to wait for it, so that waiting callers are served in the order they
 * came and nobody spins. The clock is given, so tests can drive time.
 */
final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  TokenBucket(double perSecond, int capacity, LongSupplier nanoTime) {
    if (perSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("a bucket needs a positive rate and room for one token");
    }
    this.perNano = perSecond / 1e9;
    this.capacity = capacity;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /**
   * Takes one token and returns how many nanoseconds the caller must wait before using it (0: at once);
   * or -1, taking nothing, when that wait would exceed {@code maxWaitNanos}.
   */
  synchronized long reserve(long maxWaitNanos) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    double after = tokens - 1;
    long wait = after >= 0 ? 0 : (long) Math.ceil(-after / perNano);
    if (wait > maxWaitNanos) {
      return -1;
    }
    tokens = after; // below zero: tokens promised to callers still waiting
    return wait;
  }
}

package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A client-side limit on EC2 calls, so that the operator stays inside the account's request budget that
 * it shares with everything else in the account, instead of finding the edge by being throttled. EC2 keeps
 * token buckets per account and region: larger ones for non-mutating (Describe*) calls, smaller ones for
 * mutating calls. One instance is shared by every controller. A call takes one token from its bucket,
 * waiting (on the calling thread) for one if need be; when the wait would exceed {@code maxWait} it fails
 * at once with a retryable {@value #CLIENT_THROTTLED} error, which the controllers' backoff retries.
 * Place it below the batcher, so that a batched call costs one token, as it does at EC2.
 */
public final class RateLimitedEc2Gateway extends ForwardingEc2Gateway {
  public static final String CLIENT_THROTTLED = "ClientThrottled";
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** The two buckets; EC2 counts Describe* calls as non-mutating, everything else we call as mutating. */
  public enum Bucket {
    READ, WRITE;

    static Bucket of(String action) {
      return action.startsWith("Describe") ? READ : WRITE;
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Refill rates (tokens a second; 0: no limit) and bucket sizes. */
  public record Limits(double readRate, int readBurst, double writeRate, int writeBurst) {
    public static final Limits NONE = new Limits(0, 0, 0, 0);
  }

  /** Where time spent waiting for tokens, and calls refused, are reported (metrics). */
  public interface Waits {
    Waits NONE = new Waits() { };

    default void waited(Bucket bucket, Duration waited) { }

    default void refused(Bucket bucket) { }
  }

  /** Sleeping, made replaceable so that tests drive a fake clock instead of waiting. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final Map<Bucket, TokenBucket> buckets = new EnumMap<>(Bucket.class);
  private final Waits waits;
  private final long maxWaitNanos;
  private final Sleeper sleeper;

  public RateLimitedEc2Gateway(Ec2Gateway delegate, Limits limits, Waits waits) {
    this(delegate, limits, waits, MAX_WAIT, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  RateLimitedEc2Gateway(Ec2Gateway delegate, Limits limits, Waits waits, Duration maxWait, LongSupplier nanoTime,
      Sleeper sleeper) {
    super(delegate);
    if (limits.readRate() > 0) {
      buckets.put(Bucket.READ, new TokenBucket(limits.readRate(), limits.readBurst(), nanoTime));
    }
    if (limits.writeRate() > 0) {
      buckets.put(Bucket.WRITE, new TokenBucket(limits.writeRate(), limits.writeBurst(), nanoTime));
    }
    this.waits = waits;
    this.maxWaitNanos = maxWait.toNanos();
    this.sleeper = sleeper;
  }

  @Override
  protected <T> T call(String action, Supplier<T> call) {
    acquire(action);
    return call.get();
  }

  private void acquire(String action) {
    Bucket bucket = Bucket.of(action);
    TokenBucket tokens = buckets.get(bucket);
    if (tokens == null) {
      return;
    }
    long wait = tokens.reserve(maxWaitNanos);
    if (wait < 0) {
      waits.refused(bucket);
      throw new CloudException(CloudErrorKind.RETRYABLE, action, CLIENT_THROTTLED, "the operator's own "
          + bucket.label() + " rate limit would delay this call by more than "
          + Duration.ofNanos(maxWaitNanos).toMillis() + " ms; retried later", null);
    }
    if (wait == 0) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudErrorKind.RETRYABLE, action, CLIENT_THROTTLED,
          "interrupted while waiting for the operator's own rate limit", e);
    } finally {
      waits.waited(bucket, Duration.ofNanos(wait));
    }
  }
}

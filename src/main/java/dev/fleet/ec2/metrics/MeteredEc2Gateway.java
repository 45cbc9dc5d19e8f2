package dev.fleet.ec2.metrics;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ForwardingEc2Gateway;
import dev.fleet.ec2.cloud.ParameterStore;
import dev.fleet.ec2.cloud.RateLimitedEc2Gateway;
import dev.fleet.ec2.cloud.ServiceQuotas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Counts and times every EC2 call by action and outcome ({@code ok} or EC2's error code), and counts
 * throttling separately so it can be alerted on. Placed directly above the AWS gateway, it counts the
 * calls that really reach EC2: after batching, and without the time spent waiting for the client-side
 * rate limit (that time has its own meter, {@link #waits}).
 */
public final class MeteredEc2Gateway extends ForwardingEc2Gateway {
  static final String CALLS = "ec2fleet.ec2.call";
  static final String THROTTLED = "ec2fleet.ec2.throttled";
  static final String WAITED = "ec2fleet.ec2.throttled.seconds";
  static final String LIMITED = "ec2fleet.ec2.rate.limited.calls";

  private final MeterRegistry registry;
  private final String scope;

  /** Calls of the operator's own region, tagged {@code scope=""}: tests and tools that meter one gateway. */
  public MeteredEc2Gateway(Ec2Gateway delegate, MeterRegistry registry) {
    this(delegate, registry, "");
  }

  /** @param scope the (account, region) the calls go to, as a tag: EC2's request budgets are per scope */
  public MeteredEc2Gateway(Ec2Gateway delegate, MeterRegistry registry, String scope) {
    super(delegate);
    this.registry = registry;
    this.scope = scope;
  }

  /** Meters for the client-side rate limit: seconds spent waiting, and calls that waited or were refused. */
  public static RateLimitedEc2Gateway.Waits waits(MeterRegistry registry) {
    return new RateLimitedEc2Gateway.Waits() {
      @Override
      public void waited(RateLimitedEc2Gateway.Bucket bucket, Duration waited) {
        Counter.builder(WAITED).description("Time EC2 calls waited for the operator's own rate limit")
            .tag("bucket", bucket.label()).register(registry).increment(waited.toNanos() / 1e9);
        limited(bucket, "waited");
      }

      @Override
      public void refused(RateLimitedEc2Gateway.Bucket bucket) {
        limited(bucket, "refused");
      }

      private void limited(RateLimitedEc2Gateway.Bucket bucket, String outcome) {
        Counter.builder(LIMITED).description("EC2 calls delayed or refused by the operator's own rate limit")
            .tag("bucket", bucket.label()).tag("outcome", outcome).register(registry).increment();
      }
    };
  }

  /**
   * Service Quotas' one call, metered as EC2's calls are under its own action name: it goes to the same
   * account and region, and a refusal (not permitted, say) shows where the EC2 calls' do.
   */
  public ServiceQuotas meter(ServiceQuotas quotas) {
    return (service, quotaCode) -> call("GetServiceQuota", () -> quotas.appliedQuota(service, quotaCode));
  }

  /** Systems Manager's GetParameter (an imageId that names a parameter), metered the same way. */
  public ParameterStore meter(ParameterStore parameters) {
    return name -> call("GetParameter", () -> parameters.get(name));
  }

  @Override
  protected <T> T call(String action, Supplier<T> call) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "ok";
    try {
      return call.get();
    } catch (CloudException e) {
      outcome = e.errorCode();
      if (e.kind() == CloudErrorKind.THROTTLED) {
        Counter.builder(THROTTLED).description("EC2 calls refused by throttling")
            .tag("action", action).tag("scope", scope).register(registry).increment();
      }
      throw e;
    } catch (RuntimeException e) {
      outcome = "Unexpected";
      throw e;
    } finally {
      sample.stop(Timer.builder(CALLS).description("EC2 API calls by action and outcome")
          .tag("action", action).tag("outcome", outcome).tag("scope", scope).register(registry));
    }
  }
}

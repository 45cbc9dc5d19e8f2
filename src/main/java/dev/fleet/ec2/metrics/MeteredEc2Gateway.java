package dev.fleet.ec2.metrics;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ForwardingEc2Gateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Counts and times every EC2 call by action and outcome ({@code ok} or EC2's error code), and counts
 * throttling separately so it can be alerted on.
 */
public final class MeteredEc2Gateway extends ForwardingEc2Gateway {
  static final String CALLS = "ec2fleet.ec2.call";
  static final String THROTTLED = "ec2fleet.ec2.throttled";

  private final MeterRegistry registry;

  public MeteredEc2Gateway(Ec2Gateway delegate, MeterRegistry registry) {
    super(delegate);
    this.registry = registry;
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
            .tag("action", action).register(registry).increment();
      }
      throw e;
    } catch (RuntimeException e) {
      outcome = "Unexpected";
      throw e;
    } finally {
      sample.stop(Timer.builder(CALLS).description("EC2 API calls by action and outcome")
          .tag("action", action).tag("outcome", outcome).register(registry));
    }
  }
}

package dev.fleet.ec2.spotfleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The fleets' own meters: capacity per fleet, interruptions, replacements and how fast they come. */
public final class FleetMetrics {
  private static final String FLEET_TAG = "fleet";
  private static final List<String> CAPACITY_GAUGES = List.of("ec2fleet.fleet.target.capacity",
      "ec2fleet.fleet.fulfilled.capacity", "ec2fleet.fleet.spot.capacity", "ec2fleet.fleet.ondemand.capacity");

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

  public FleetMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Target, fulfilled, spot and on-demand capacity of one fleet (namespace/name). */
  public void capacity(String fleet, int target, int fulfilled, int spot, int onDemand) {
    int[] values = {target, fulfilled, spot, onDemand};
    for (int n = 0; n < values.length; n++) {
      gauge(CAPACITY_GAUGES.get(n), fleet).set(values[n]);
    }
  }

  /** An interruption of the given kind (warning, rebalance, reclaimed) seen for a fleet. */
  public void interruption(String kind) {
    Counter.builder("ec2fleet.interruptions").description("Spot interruptions seen, by kind").tag("kind", kind)
        .register(registry).increment();
  }

  /**
   * A queue message handled, by outcome (handled, unrelated, unknown, malformed) and the scope whose queue it
   * came from (the region, after the AwsAccount's name when not the operator's own).
   */
  public void message(String outcome, String scope) {
    Counter.builder("ec2fleet.interruption.messages").description("Interruption queue messages, by outcome and scope")
        .tag("outcome", outcome).tag("scope", scope).register(registry).increment();
  }

  /** Instances launched to replace lost or interrupted capacity; {@code sinceWarning} when a warning caused it. */
  public void replaced(int count, Duration sinceWarning) {
    Counter.builder("ec2fleet.fleet.replacements").description("Instances launched to replace lost capacity")
        .register(registry).increment(count);
    if (sinceWarning != null) {
      Timer.builder("ec2fleet.fleet.replacement.latency").description("From interruption warning to replacement launch")
          .publishPercentileHistogram().register(registry).record(sinceWarning);
    }
  }

  /**
   * The fleet is deleted: its gauges go. Otherwise a deleted fleet would keep exporting its last capacity,
   * below target or not, and an alert on it would fire forever.
   */
  public void forget(String fleet) {
    for (String name : CAPACITY_GAUGES) {
      if (gauges.remove(name + "|" + fleet) != null) {
        var meter = registry.find(name).tags(Tags.of(FLEET_TAG, fleet)).gauge();
        if (meter != null) {
          registry.remove(meter);
        }
      }
    }
  }

  private AtomicInteger gauge(String name, String fleet) {
    return gauges.computeIfAbsent(name + "|" + fleet, k -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(name, value, AtomicInteger::get).tags(Tags.of(FLEET_TAG, fleet)).register(registry);
      return value;
    });
  }
}

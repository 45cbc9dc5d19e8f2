package dev.fleet.ec2.cost;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ec2fleet_estimated_hourly_cost_dollars{namespace,kind,name}}: one gauge per resource whose estimate is
 * known, so that {@code sum(...)} adds up what runs. An unknown price removes the resource's gauge rather than
 * export NaN: one NaN makes the whole sum NaN, while an absent series is just left out (status says why).
 */
public final class CostMetrics {
  static final String NAME = "ec2fleet.estimated.hourly.cost.dollars";

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  public CostMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The resource's estimate as of this pass. */
  public void record(String kind, String namespace, String name, HourlyCost.Estimate estimate) {
    if (!estimate.known()) {
      forget(kind, namespace, name);
      return;
    }
    double usd = estimate.usdPerHour().doubleValue();
    values.computeIfAbsent(key(kind, namespace, name), k -> {
      AtomicReference<Double> value = new AtomicReference<>(usd);
      Gauge.builder(NAME, value, AtomicReference::get).description("Estimated compute cost an hour, USD, list prices")
          .tags(tags(kind, namespace, name)).register(registry);
      return value;
    }).set(usd);
  }

  /** The resource is deleted (or its price unknown): its series goes. */
  public void forget(String kind, String namespace, String name) {
    if (values.remove(key(kind, namespace, name)) != null) {
      var meter = registry.find(NAME).tags(tags(kind, namespace, name)).gauge();
      if (meter != null) {
        registry.remove(meter);
      }
    }
  }

  private static Tags tags(String kind, String namespace, String name) {
    return Tags.of("namespace", namespace, "kind", kind, "name", name);
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "|" + namespace + "|" + name;
  }
}

package dev.fleet.ec2.cost;

import dev.fleet.ec2.spotfleet.SpotPrices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;

/** Pricing for unit tests: the shipped on-demand table, spot prices from the scope's gateway, gauges nobody reads. */
public final class TestPricing {
  private TestPricing() {}

  public static OnDemandPrices shippedTable() {
    return new OnDemandPrices(Map.of(), OnDemandPrices.shipped());
  }

  public static Pricing pricing(Clock clock) {
    return new Pricing(shippedTable(), scope -> scope.kit(SpotPrices.class, s -> new SpotPrices(s.ec2(), Map.of(),
        clock)), new CostMetrics(new SimpleMeterRegistry()));
  }
}

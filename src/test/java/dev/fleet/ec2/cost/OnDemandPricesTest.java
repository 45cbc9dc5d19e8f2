package dev.fleet.ec2.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnDemandPricesTest {

  @Test
  void theShippedTableIsDatedAndCoversTheCommonTypesInTheCommonRegions() {
    var table = OnDemandPrices.shipped();

    assertThat(table.asOf()).contains("2026-07-20");
    for (String region : List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
        "ap-northeast-1", "ap-northeast-2", "ap-southeast-1")) {
      for (String type : List.of("t2.nano", "t3.micro", "t3a.2xlarge", "t4g.small", "m5.large", "m6i.4xlarge",
          "m7i.xlarge", "c5.large", "c6i.2xlarge", "c7i.4xlarge", "r5.large", "r6i.xlarge", "g4dn.xlarge")) {
        assertThat(table.byRegionAndType()).as(region + "/" + type).containsKey(region + "/" + type);
      }
    }
    assertThat(table.byRegionAndType().get("us-east-1/t3.micro")).isEqualByComparingTo("0.0104");
  }

  @Test
  void theFlagWinsOverTheConfigMapWhichWinsOverTheShippedTable() {
    var prices = new OnDemandPrices(Map.of("t3.micro", new BigDecimal("0.5")), OnDemandPrices.shipped());
    prices.useConfigMap("ops/prices", OnDemandPrices.parse("us-east-1,t3.small,0.03\nus-east-1,t3.micro,0.04",
        bad -> { }));

    assertThat(prices.of("eu-west-1", "t3.micro")).map(OnDemandPrices.Price::source).contains("--on-demand-prices");
    assertThat(prices.of("us-east-1", "t3.small").orElseThrow())
        .isEqualTo(new OnDemandPrices.Price(new BigDecimal("0.03"), "ConfigMap ops/prices"));
    assertThat(prices.of("us-east-1", "t3.medium").orElseThrow().source()).isEqualTo("table of 2026-07-20");
    assertThat(prices.of("ap-south-2", "x9.huge")).isEmpty();
  }

  @Test
  void badLinesAreReportedAndSkippedTheRestCounts() {
    List<String> bad = new ArrayList<>();
    var table = OnDemandPrices.parse("region,instanceType,usdPerHour\nus-east-1,t3.micro,cheap\nus-east-1,t3.nano\n"
        + "\n# a comment\nus-east-1,t3.small,0.0208\n", bad::add);

    assertThat(bad).containsExactly("us-east-1,t3.micro,cheap", "us-east-1,t3.nano");
    assertThat(table.byRegionAndType()).containsOnlyKeys("us-east-1/t3.small");
    assertThat(table.asOf()).isEmpty();
  }

  @Test
  void aGaugePerResourceWithAKnownPriceGoneWhenUnknownOrForgotten() {
    var registry = new SimpleMeterRegistry();
    var metrics = new CostMetrics(registry);

    metrics.record("Ec2Instance", "ns", "web", new HourlyCost.Estimate(new BigDecimal("0.0104"), "x"));
    metrics.record("SpotFleet", "ns", "batch", new HourlyCost.Estimate(new BigDecimal("0.2"), "x"));
    metrics.record("Ec2Instance", "ns", "web", new HourlyCost.Estimate(BigDecimal.ZERO, "stopped"));
    assertThat(registry.get(CostMetrics.NAME).tags("kind", "Ec2Instance", "name", "web").gauge().value()).isZero();

    metrics.record("SpotFleet", "ns", "batch", new HourlyCost.Estimate(null, "unknown"));
    metrics.forget("Ec2Instance", "ns", "web");
    assertThat(registry.find(CostMetrics.NAME).gauges()).isEmpty();
  }
}

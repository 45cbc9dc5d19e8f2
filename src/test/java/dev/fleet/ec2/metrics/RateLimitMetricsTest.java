package dev.fleet.ec2.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.RateLimitedEc2Gateway.Bucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitMetricsTest {

  @Test
  void waitingTimeAndLimitedCallsShowPerBucket() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var waits = MeteredEc2Gateway.waits(registry);

    waits.waited(Bucket.WRITE, Duration.ofMillis(1500));
    waits.waited(Bucket.WRITE, Duration.ofMillis(500));
    waits.refused(Bucket.READ);

    String scrape = registry.scrape();
    assertThat(scrape).contains("ec2fleet_ec2_throttled_seconds_total{bucket=\"write\"} 2.0")
        .contains("ec2fleet_ec2_rate_limited_calls_total{bucket=\"write\",outcome=\"waited\"} 2.0")
        .contains("ec2fleet_ec2_rate_limited_calls_total{bucket=\"read\",outcome=\"refused\"} 1.0");
  }
}

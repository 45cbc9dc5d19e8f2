package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpotPricesFailureTest {
  private static final String LOOKUP = "DescribeSpotPriceHistory";
  private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));


  @Test
  void aFailedLookupIsNotRepeatedOnEveryPassButIsRetriedSoon() {
    var ec2 = new InMemoryEc2Gateway();
    var prices = new SpotPrices(ec2, Map.of(), clock);
    ec2.failNext(new CloudException(CloudErrorKind.THROTTLED, LOOKUP, "RequestLimitExceeded", "slow down", null));

    prices.forTypes(List.of("t3.micro"));
    clock.advance(java.time.Duration.ofSeconds(10));
    prices.forTypes(List.of("t3.micro"));
    assertThat(ec2.calls()).containsExactly(LOOKUP);

    clock.advance(SpotPrices.FAILED_FOR);
    prices.forTypes(List.of("t3.micro"));
    prices.forTypes(List.of("t3.micro"));
    assertThat(ec2.calls()).as("asked again once the failure is old; then fresh for minutes").containsExactly(LOOKUP, LOOKUP);
  }

  @Test
  void aTypeThatFailedDoesNotHoldBackAnotherType() {
    var ec2 = new InMemoryEc2Gateway();
    var prices = new SpotPrices(ec2, Map.of(), clock);
    ec2.failNext(new CloudException(CloudErrorKind.RETRYABLE, LOOKUP, "InternalError", "boom", null));
    prices.forTypes(List.of("t3.micro"));

    prices.forTypes(List.of("t3.micro", "m5.large"));

    assertThat(ec2.calls()).containsExactly(LOOKUP, LOOKUP);
  }
}

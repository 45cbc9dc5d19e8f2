package dev.fleet.ec2.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.Vpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeteredEc2GatewayTest {

  @Test
  void countsCallsByActionAndOutcomeAndThrottlingSeparately() {
    var registry = new SimpleMeterRegistry();
    var ec2 = new InMemoryEc2Gateway();
    var gateway = new MeteredEc2Gateway(ec2, registry);
    CloudException throttled =
        new CloudException(CloudErrorKind.THROTTLED, "DescribeSubnets", "RequestLimitExceeded", "slow down", null);

    assertThat(gateway.findDefaultVpc()).map(Vpc::vpcId).contains("vpc-00000001");
    ec2.failNext(throttled);
    assertThatThrownBy(() -> gateway.describeSubnets("vpc-00000001")).isSameAs(throttled);
    ec2.failNext(throttled);
    assertThatThrownBy(() -> gateway.describeSubnets("vpc-00000001")).isSameAs(throttled);
    assertThat(gateway.describeSubnets("vpc-00000001")).hasSize(1);

    assertThat(registry.get(MeteredEc2Gateway.CALLS).tags("action", "DescribeVpcs", "outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredEc2Gateway.CALLS)
        .tags("action", "DescribeSubnets", "outcome", "RequestLimitExceeded").timer().count()).isEqualTo(2);
    assertThat(registry.get(MeteredEc2Gateway.CALLS).tags("action", "DescribeSubnets", "outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredEc2Gateway.THROTTLED).tags("action", "DescribeSubnets").counter().count())
        .isEqualTo(2.0);
  }
}

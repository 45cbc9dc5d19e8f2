package dev.fleet.ec2.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.Vpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredEc2GatewayTest {

  /** In-memory gateway: a default VPC, and subnets that fail with throttling. */
  private static final class ThrottledSubnets implements Ec2Gateway {
    @Override
    public Optional<Vpc> findDefaultVpc() {
      return Optional.of(new Vpc("vpc-1", "172.31.0.0/16", true));
    }

    @Override
    public List<Subnet> describeSubnets(String vpcId) {
      throw new CloudException(CloudErrorKind.THROTTLED, "DescribeSubnets", "RequestLimitExceeded", "slow down", null);
    }
  }

  @Test
  void countsCallsByActionAndOutcomeAndThrottlingSeparately() {
    var registry = new SimpleMeterRegistry();
    var gateway = new MeteredEc2Gateway(new ThrottledSubnets(), registry);

    assertThat(gateway.findDefaultVpc()).map(Vpc::vpcId).contains("vpc-1");
    assertThatThrownBy(() -> gateway.describeSubnets("vpc-1")).isInstanceOf(CloudException.class);
    assertThatThrownBy(() -> gateway.describeSubnets("vpc-1")).isInstanceOf(CloudException.class);

    assertThat(registry.get(MeteredEc2Gateway.CALLS).tags("action", "DescribeVpcs", "outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MeteredEc2Gateway.CALLS)
        .tags("action", "DescribeSubnets", "outcome", "RequestLimitExceeded").timer().count()).isEqualTo(2);
    assertThat(registry.get(MeteredEc2Gateway.THROTTLED).tags("action", "DescribeSubnets").counter().count())
        .isEqualTo(2.0);
  }
}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.cloud.aws.AwsEc2Gateway;
import dev.fleet.ec2.metrics.MeteredEc2Gateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ec2Gateway against the EC2 emulator over HTTP, through the SDK's normal endpoint override. */
@ExtendWith(E2eExtension.class)
class Ec2GatewayIT {

  @Test
  void findsTheDefaultVpcAndItsSubnets(E2eEnvironment env) {
    var registry = new SimpleMeterRegistry();
    try (var aws = new AwsClients(env.operatorConfig(Map.of()))) {
      var gateway = new MeteredEc2Gateway(new AwsEc2Gateway(aws.ec2()), registry);

      var vpc = gateway.findDefaultVpc();
      assertThat(vpc).hasValueSatisfying(v -> {
        assertThat(v.vpcId()).startsWith("vpc-");
        assertThat(v.isDefault()).isTrue();
        assertThat(v.cidrBlock()).isEqualTo("172.31.0.0/16");
      });

      var subnets = gateway.describeSubnets(vpc.get().vpcId());
      assertThat(subnets).isNotEmpty().allSatisfy(s -> {
        assertThat(s.subnetId()).startsWith("subnet-");
        assertThat(s.vpcId()).isEqualTo(vpc.get().vpcId());
        assertThat(s.defaultForAz()).isTrue();
        assertThat(s.availabilityZone()).startsWith("us-east-1");
      });
      assertThat(subnets).extracting(Subnet::availabilityZone).doesNotHaveDuplicates().isSorted();
      assertThat(gateway.describeSubnets("vpc-00000000000000000")).isEmpty();
    }
    assertThat(registry.get("ec2fleet.ec2.call").tags("action", "DescribeVpcs", "outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("ec2fleet.ec2.call").tags("action", "DescribeSubnets", "outcome", "ok").timer().count())
        .isEqualTo(2);
  }
}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.cloud.aws.AwsEc2Gateway;
import dev.fleet.ec2.metrics.MeteredEc2Gateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
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

  /**
   * The hand-signed Service Quotas request and the vCPU-use reads, against the emulator: it routes a request by
   * the service its signature names, so an answer at all shows the signing; it knows VPC's quotas only.
   */
  @Test
  void readsAServiceQuotaAndCountsRunningVcpus(E2eEnvironment env) {
    var registry = new SimpleMeterRegistry();
    try (var aws = new AwsClients(env.operatorConfig(Map.of()));
        var ec2 = new DirectEc2(env)) {
      var metered = new MeteredEc2Gateway(new AwsEc2Gateway(aws.ec2()), registry);
      var quotas = metered.meter(aws.serviceQuotas());
      assertThat(quotas.appliedQuota("vpc", "L-F678F1CE")).as("VPCs per Region").isEqualTo(5.0);
      assertThatThrownBy(() -> quotas.appliedQuota("ec2", "L-1216C47A"))
          .isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.action()).isEqualTo("GetServiceQuota");
            assertThat(e.errorCode()).isEqualTo("NoSuchResourceException");
          });
      assertThat(registry.get("ec2fleet.ec2.call").tags("action", "GetServiceQuota", "outcome",
          "NoSuchResourceException").timer().count()).isEqualTo(1);

      var launched = ec2.gateway().runInstances(new LaunchRequest(null, Ec2InstanceResources.AMI, "m5.xlarge",
          null, List.of(), null, null, null, null, List.of(), null, Map.of("Name", "someone-else")), 1).get(0);
      try {
        assertThat(metered.describeRunningInstances()).extracting(ObservedInstance::instanceId)
            .contains(launched.instanceId());
        assertThat(metered.describeVcpus(List.of("m5.xlarge", "t3.micro", "g4dn.xlarge")))
            .containsExactlyInAnyOrderEntriesOf(Map.of("m5.xlarge", 4, "t3.micro", 2, "g4dn.xlarge", 4));
      } finally {
        ec2.gateway().terminateInstances(List.of(launched.instanceId()));
      }
      assertThat(metered.describeRunningInstances()).extracting(ObservedInstance::instanceId)
          .doesNotContain(launched.instanceId());
    }
  }
}

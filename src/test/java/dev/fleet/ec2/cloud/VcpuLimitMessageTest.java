package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VcpuLimitMessageTest {
  static final String EC2_SAYS = "You have requested more vCPU capacity than your current vCPU limit of 5 allows for"
      + " the instance bucket that the specified instance type belongs to. Please visit"
      + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.";

  private static final VcpuQuotaReading READ = new VcpuQuotaReading(OptionalDouble.of(32), OptionalInt.of(30),
      List.of());
  private static final VcpuQuotaReading NOTHING_ANSWERED = new VcpuQuotaReading(OptionalDouble.empty(),
      OptionalInt.empty(), List.of("GetServiceQuota: AccessDeniedException", "DescribeInstances: Throttling"));

  @Test
  void namesTheBucketTheQuotaItsAppliedValueTheUseAndHowToAskForMore() {
    String text = VcpuLimitMessage.explain(EC2_SAYS, "t3.micro", false, "eu-west-1", READ);
    assertThat(text).contains("t3.micro is in the Standard (A, C, D, H, I, M, R, T, Z) bucket")
        .contains("quota L-1216C47A \"Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances\"")
        .as("Service Quotas' value, not the older one EC2's message states").contains("in eu-west-1, applied value"
            + " 32 vCPUs (Service Quotas); 30 vCPUs in use by pending and running On-Demand instances of the bucket")
        .doesNotContain("as EC2 says").doesNotContain("not answered")
        .contains("Service Quotas console")
        .contains("aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A"
            + " --desired-value <vCPUs> --region eu-west-1");
  }

  @Test
  void whatWasNotAnsweredIsNamedAndEc2sStatedLimitStandsIn() {
    assertThat(VcpuLimitMessage.explain(EC2_SAYS, "t3.micro", false, "eu-west-1", NOTHING_ANSWERED))
        .contains("in eu-west-1, 5 vCPUs as EC2 says; vCPUs in use not counted (not answered: GetServiceQuota:"
            + " AccessDeniedException, DescribeInstances: Throttling)");
  }

  @Test
  void spotLaunchesNameTheSpotQuota() {
    var useOnly = new VcpuQuotaReading(OptionalDouble.empty(), OptionalInt.of(4), List.of());
    assertThat(VcpuLimitMessage.explain("limit reached", "g4dn.xlarge", true, "us-east-1", useOnly))
        .contains("quota L-3819A6DF \"All G and VT Spot Instance Requests\"").contains("its value not given")
        .contains("4 vCPUs in use by pending and running Spot instances").doesNotContain("On-Demand");
  }

  @Test
  void aTypeOfNoKnownBucketStillSaysWhereToLook() {
    assertThat(VcpuLimitMessage.explain(EC2_SAYS, "mac2.metal", false, "us-east-1", VcpuQuotaReading.none()))
        .contains("no On-Demand vCPU quota of EC2 is known to cover it").contains("Service Quotas console");
  }

  @Test
  void theSameFailureGivesTheSameTextSoItsEventsAggregate() {
    assertThat(VcpuLimitMessage.explain(EC2_SAYS, "t3.micro", false, "us-east-1", READ))
        .isEqualTo(VcpuLimitMessage.explain(EC2_SAYS, "t3.micro", false, "us-east-1", READ));
  }

  @Test
  void theGatewayExplainsARefusedLaunchKeepingItsCodeAndKind() {
    var ec2 = new InMemoryEc2Gateway();
    ec2.runInstances(new LaunchRequest(null, "ami-1", "m5.xlarge", null, List.of(), null, null, null, null,
        List.of(), null, Map.of()), 1);
    ec2.failNext(new CloudException(Ec2ErrorTable.kindOf("VcpuLimitExceeded", 400), "RunInstances",
        "VcpuLimitExceeded", EC2_SAYS, null));
    var launch = new LaunchRequest("token", "ami-1", "c5.large", null, List.of(), null, null, null, null, List.of(),
        null, Map.of());
    var reader = new VcpuQuotaReader(ec2, (service, code) -> 5);
    assertThatThrownBy(() -> new QuotaExplainingEc2Gateway(ec2, "us-east-1", reader).runInstance(launch))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("VcpuLimitExceeded");
          assertThat(e.kind()).as("recoverable: retried with backoff").isEqualTo(CloudErrorKind.RETRYABLE);
          assertThat(e.refusesSpec()).isFalse();
          assertThat(e.getMessage()).startsWith("RunInstances failed: VcpuLimitExceeded: " + EC2_SAYS)
              .contains("c5.large is in the Standard").contains("L-1216C47A")
              .contains("applied value 5 vCPUs (Service Quotas); 4 vCPUs in use");
        });
  }
}

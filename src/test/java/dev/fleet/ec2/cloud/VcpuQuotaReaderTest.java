package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VcpuQuotaReaderTest {
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final List<String> asked = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();

  private void launch(String type, int count, boolean spot) {
    ec2.runInstances(new LaunchRequest(null, "ami-1", type, null, List.of(), null, null, null, null, List.of(),
        spot ? new LaunchRequest.SpotMarket(null, null) : null, Map.of()), count);
  }

  private VcpuQuotaReader reader(double applied) {
    return new VcpuQuotaReader(ec2, (service, code) -> {
      asked.add(service + "/" + code);
      return applied;
    }, now::get);
  }

  @Test
  void countsTheVcpusOfTheBucketsRunningInstancesOfTheMarketOnly() {
    launch("t3.micro", 2, false); // 2 x 2
    launch("m5.xlarge", 1, false); // 4
    launch("c5.large", 1, true); // Spot: another quota
    launch("g4dn.xlarge", 1, false); // G bucket: another quota
    launch("m5.large", 1, false);
    String stopped = ec2.describeRunningInstances().stream().filter(i -> i.instanceType().equals("m5.large"))
        .findFirst().orElseThrow().instanceId();
    ec2.stopInstances(List.of(stopped)); // stopped instances do not count

    var reading = reader(32).read(VcpuQuotaBucket.STANDARD, false);

    assertThat(reading.applied()).hasValue(32.0);
    assertThat(reading.inUse()).hasValue(8);
    assertThat(reading.unanswered()).isEmpty();
    assertThat(asked).containsExactly("ec2/L-1216C47A");
    assertThat(reader(5).read(VcpuQuotaBucket.STANDARD, true).inUse()).as("the Spot quota counts Spot only")
        .hasValue(2);
    assertThat(reader(5).read(VcpuQuotaBucket.P, false).inUse()).as("nothing of the bucket runs").hasValue(0);
  }

  @Test
  void aPartThatDoesNotAnswerIsNamedAndTheOtherStillRead() {
    launch("t3.micro", 1, false);
    var reader = new VcpuQuotaReader(ec2, (service, code) -> {
      throw new CloudException(CloudErrorKind.TERMINAL, "GetServiceQuota", "AccessDeniedException", "no", null);
    }, now::get);

    var reading = reader.read(VcpuQuotaBucket.STANDARD, false);

    assertThat(reading.applied()).isEmpty();
    assertThat(reading.inUse()).hasValue(2);
    assertThat(reading.unanswered()).containsExactly("GetServiceQuota: AccessDeniedException");

    ec2.failNext(new CloudException(CloudErrorKind.TERMINAL, "DescribeInstances", "UnauthorizedOperation", "no",
        null));
    var noUse = new VcpuQuotaReader(ec2, (service, code) -> 5, now::get).read(VcpuQuotaBucket.STANDARD, false);
    assertThat(noUse.inUse()).isEmpty();
    assertThat(noUse.applied()).hasValue(5.0);
    assertThat(noUse.unanswered()).containsExactly("DescribeInstances: UnauthorizedOperation");
  }

  @Test
  void aQuotaIsReadOnceAMinuteHoweverOftenLaunchesAreRefused() {
    var reader = reader(5);
    for (int i = 0; i < 10; i++) {
      reader.read(VcpuQuotaBucket.STANDARD, false);
    }
    reader.read(VcpuQuotaBucket.STANDARD, true);
    assertThat(asked).as("one read per quota code").containsExactly("ec2/L-1216C47A", "ec2/L-34B43A08");
    int describes = (int) ec2.calls().stream().filter("DescribeInstances"::equals).count();

    now.addAndGet(VcpuQuotaReader.KEPT.toNanos() + 1);
    reader.read(VcpuQuotaBucket.STANDARD, false);
    assertThat(asked).as("read again once a minute has passed").hasSize(3);
    assertThat(ec2.calls().stream().filter("DescribeInstances"::equals).count()).isEqualTo(describes + 1);
  }

  @Test
  void aBucketWithoutASpotQuotaReadsNothing() {
    assertThat(reader(5).read(VcpuQuotaBucket.HPC, true)).isEqualTo(VcpuQuotaReading.none());
    assertThat(asked).isEmpty();
  }
}

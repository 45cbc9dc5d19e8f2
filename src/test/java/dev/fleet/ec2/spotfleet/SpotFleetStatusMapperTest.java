package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.TestPricing;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SpotFleetStatusMapperTest {
  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
  private static final Function<String, BigDecimal> NO_PRICES = pool -> null;

  private static String summary(SpotFleetStatus s) {
    return String.join(" ", s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + ":"
        + c.getReason()).toList());
  }

  @Test
  void aFailedPassKeepsTheLastCountAndReportsEc2sErrorInSynced() {
    var book = new SpotFleetStatus();
    var pool = new FleetPoolStatus();
    pool.setInstanceType("t3.small");
    pool.setInstances(2);
    book.setPools(List.of(pool));
    book.setFulfilledCapacity(4);
    book.setSpotCapacity(4);
    book.setReplacements(2);
    book.setClientToken("tok");
    book.setResolvedImageIds(Map.of("resolve:ssm:/team/web/ami", "ami-0841e304792db6a16"));
    var error = SyncOutcome.retrying(new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances",
        "RequestLimitExceeded", "DescribeInstances failed: Request limit exceeded.", null));

    var s = SpotFleetStatusMapper.uncounted(book, 5, 4, error, NOW);

    assertThat(summary(s)).isEqualTo("Ready=True:Fulfilled Synced=False:RequestLimitExceeded Terminal=False:NoError");
    assertThat(s.getPools()).extracting(FleetPoolStatus::getInstances).containsExactly(2);
    assertThat(s.getFulfilledCapacity()).isEqualTo(4);
    assertThat(s.getReplacements()).isEqualTo(2);
    assertThat(s.getClientToken()).as("a write-ahead token survives a failed pass").isEqualTo("tok");
    assertThat(s.getResolvedImageIds()).as("so does the image resolved for it")
        .containsExactly(Map.entry("resolve:ssm:/team/web/ami", "ami-0841e304792db6a16"));
    assertThat(s.getObservedGeneration()).isEqualTo(5L);

    var raised = SpotFleetStatusMapper.uncounted(book, 6, 8, error, NOW);
    assertThat(summary(raised)).startsWith("Ready=False:Unfulfilled");
  }

  private static ObservedInstance member(String id, String type, String zone, String lifecycle, String state,
      int weight) {
    return new ObservedInstance(id, "ami-0ed094fb1304fd857", type, state, "subnet-" + zone, "vpc-a", zone, null, null,
        null, NOW.minusSeconds(600), lifecycle, null, Set.of(), Map.of(SpotFleetDesired.WEIGHT_TAG,
            String.valueOf(weight), SpotFleetDesired.POOL_TAG, type + "/" + zone), null);
  }

  private static ObservedInstance spot(String id, int weight) {
    return member(id, "t3.small", "us-east-1a", "spot", ObservedInstance.RUNNING, weight);
  }

  @Test
  void membersAreSummedPerPoolWithTheirPrice() {
    var members = List.of(spot("i-1", 2), spot("i-2", 2),
        member("i-3", "t3.small", "us-east-1a", null, ObservedInstance.PENDING, 2),
        member("i-4", "m5.large", "us-east-1b", "spot", ObservedInstance.PENDING, 4));
    var s = SpotFleetStatusMapper.map(new SpotFleetStatus(), 1, 10, members, List.of(), Map.of(),
        Map.of("t3.small/us-east-1a", new BigDecimal("0.0104"), "m5.large/us-east-1b", new BigDecimal("0.04"))::get,
        "us-east-1", TestPricing.shippedTable(), SyncOutcome.inSync(), NOW);

    assertThat(s.getPools()).extracting(FleetPoolStatus::getInstanceType, FleetPoolStatus::getAvailabilityZone,
        FleetPoolStatus::getInstances, FleetPoolStatus::getPending, FleetPoolStatus::getOnDemandInstances,
        FleetPoolStatus::getCapacity, FleetPoolStatus::getSpotPrice).containsExactly(
            Tuple.tuple("m5.large", "us-east-1b", 1, 1, 0, 4, "0.04"),
            Tuple.tuple("t3.small", "us-east-1a", 3, 1, 1, 6, "0.0104"));
    assertThat(s.getEstimatedHourlyCost()).as("3 spot (2 x 0.0104, 0.04) and 1 on-demand t3.small (0.0208)")
        .isEqualTo("0.0816");
    assertThat(s.getFulfilledCapacity()).isEqualTo(10);
    assertThat(s.getWarnedInstances()).isNull();
  }

  @Test
  void aWarnedInstanceIsNamedWithItsWarningButNotCountedAndARestartedTrackerKnowsItAgain() {
    var warning = new InterruptionTracker.Warning("i-old", "t3.small/us-east-1a", NOW.minusSeconds(30), false);
    var s = SpotFleetStatusMapper.map(new SpotFleetStatus(), 1, 2, List.of(spot("i-new", 2)),
        List.of(spot("i-old", 2)), Map.of("i-old", warning), NO_PRICES, "us-east-1", TestPricing.shippedTable(),
        SyncOutcome.inSync(), NOW);

    assertThat(s.getFulfilledCapacity()).as("the warned instance's capacity is already replaced").isEqualTo(2);
    assertThat(s.getPools()).extracting(FleetPoolStatus::getInstances).containsExactly(1);
    assertThat(s.getWarnedInstances()).extracting(FleetInstance::getInstanceId, FleetInstance::getWarning,
        FleetInstance::getWarningTime).containsExactly(
            Tuple.tuple("i-old", "interruption", NOW.minusSeconds(30).toString()));

    var restarted = new InterruptionTracker(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(3));
    var fleet = new ResourceID("batch", "demo");
    restarted.restore(fleet, s.getWarnedInstances());
    assertThat(restarted.warnings(fleet)).containsOnlyKeys("i-old");
    assertThat(restarted.warnings(fleet).get("i-old")).isEqualTo(warning);
  }

  @Test
  void theStatusOfATenThousandMemberFleetOverTwentyPoolsStaysSmall() {
    List<ObservedInstance> members = new ArrayList<>();
    Map<String, BigDecimal> prices = new HashMap<>();
    String[] types = {"t3.small", "t3.medium", "m5.large", "c5.large", "r5.large"};
    String[] zones = {"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"};
    for (int n = 0; n < 10_000; n++) {
      String type = types[n % types.length];
      String zone = zones[(n / types.length) % zones.length];
      prices.put(type + "/" + zone, new BigDecimal("0.0" + (100 + n % 20)));
      members.add(member(String.format("i-%017x", 0x0abcdef000000000L + n), type, zone, n % 7 == 0 ? null : "spot",
          n % 50 == 0 ? ObservedInstance.PENDING : ObservedInstance.RUNNING, 1));
    }
    // a replacement under way: five members warned, and one launch EC2 does not list yet
    List<ObservedInstance> warned = members.subList(0, 5);
    Map<String, InterruptionTracker.Warning> warnings = new HashMap<>();
    warned.forEach(i -> warnings.put(i.instanceId(), new InterruptionTracker.Warning(i.instanceId(),
        FleetCensus.poolOf(i), NOW, false)));
    var book = new SpotFleetStatus();
    book.setClientToken("0123456789abcdef0123456789abcdef-7");
    var pool = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 1, null, null);
    UnlistedLaunches.add(book, new SpotFleetDelta.Launch(pool, 5, SpotFleetDelta.SPOT),
        members.subList(9_995, 10_000), NOW.toString());

    var s = SpotFleetStatusMapper.map(book, 3, 10_000, members.subList(5, 10_000), warned, warnings, prices::get,
        "us-east-1", TestPricing.shippedTable(), SyncOutcome.inSync(), NOW);
    int bytes = Serialization.asJson(s).getBytes(StandardCharsets.UTF_8).length;

    assertThat(s.getPools()).hasSize(20);
    assertThat(s.getPools()).extracting(FleetPoolStatus::getInstances).containsOnly(499, 500);
    assertThat(s.getFulfilledCapacity()).isEqualTo(9_995);
    assertThat(bytes).as("serialized status, bytes").isLessThan(256 * 1024);
    System.out.println("status of a 10,000-member fleet over 20 pools: " + bytes + " bytes");
    assertThat(bytes).as("it does not grow with the fleet: a few KiB").isLessThan(16 * 1024);
  }
}

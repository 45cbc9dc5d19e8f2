package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotFleetStatusMapperTest {
  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

  private static String summary(SpotFleetStatus s) {
    return String.join(" ", s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + ":"
        + c.getReason()).toList());
  }

  @Test
  void aFailedPassKeepsTheLastCountAndReportsEc2sErrorInSynced() {
    var book = new SpotFleetStatus();
    var member = new FleetInstance();
    member.setInstanceId("i-1");
    book.setInstances(List.of(member));
    book.setFulfilledCapacity(4);
    book.setSpotCapacity(4);
    book.setReplacements(2);
    book.setClientToken("tok");
    var error = SyncOutcome.retrying(new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances",
        "RequestLimitExceeded", "DescribeInstances failed: Request limit exceeded.", null));

    var s = SpotFleetStatusMapper.uncounted(book, 5, 4, error, NOW);

    assertThat(summary(s)).isEqualTo("Ready=True:Fulfilled Synced=False:RequestLimitExceeded Terminal=False:NoError");
    assertThat(s.getInstances()).extracting(FleetInstance::getInstanceId).containsExactly("i-1");
    assertThat(s.getFulfilledCapacity()).isEqualTo(4);
    assertThat(s.getReplacements()).isEqualTo(2);
    assertThat(s.getClientToken()).as("a write-ahead token survives a failed pass").isEqualTo("tok");
    assertThat(s.getObservedGeneration()).isEqualTo(5L);

    var raised = SpotFleetStatusMapper.uncounted(book, 6, 8, error, NOW);
    assertThat(summary(raised)).startsWith("Ready=False:Unfulfilled");
  }

  private static ObservedInstance spot(String id, int weight) {
    return new ObservedInstance(id, "ami-0ed094fb1304fd857", "t3.small", ObservedInstance.RUNNING, "subnet-a", "vpc-a",
        "us-east-1a", null, null, null, NOW.minusSeconds(600), "spot", null, Set.of(),
        Map.of(SpotFleetDesired.WEIGHT_TAG, String.valueOf(weight)), null);
  }

  @Test
  void aWarnedInstanceIsListedWithItsWarningButNotCountedAndARestartedTrackerKnowsItAgain() {
    var warning = new InterruptionTracker.Warning("i-old", "t3.small/us-east-1a", NOW.minusSeconds(30), false);
    var s = SpotFleetStatusMapper.map(new SpotFleetStatus(), 1, 2, List.of(spot("i-new", 2)),
        List.of(spot("i-old", 2)), Map.of("i-old", warning), SyncOutcome.inSync(), NOW);

    assertThat(s.getFulfilledCapacity()).as("the warned instance's capacity is already replaced").isEqualTo(2);
    assertThat(s.getInstances()).extracting(FleetInstance::getInstanceId, FleetInstance::getWarning,
        FleetInstance::getWarningTime).containsExactly(
            org.assertj.core.groups.Tuple.tuple("i-new", null, null),
            org.assertj.core.groups.Tuple.tuple("i-old", "interruption", NOW.minusSeconds(30).toString()));

    var restarted = new InterruptionTracker(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(3));
    var fleet = new ResourceID("batch", "demo");
    restarted.restore(fleet, s.getInstances());
    assertThat(restarted.warnings(fleet)).containsOnlyKeys("i-old");
    assertThat(restarted.warnings(fleet).get("i-old")).isEqualTo(warning);
  }
}

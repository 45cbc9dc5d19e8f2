package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
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

    var s = SpotFleetStatusMapper.failed(book, 5, 4, error, NOW);

    assertThat(summary(s)).isEqualTo("Ready=True:Fulfilled Synced=False:RequestLimitExceeded Terminal=False:NoError");
    assertThat(s.getInstances()).extracting(FleetInstance::getInstanceId).containsExactly("i-1");
    assertThat(s.getFulfilledCapacity()).isEqualTo(4);
    assertThat(s.getReplacements()).isEqualTo(2);
    assertThat(s.getClientToken()).as("a write-ahead token survives a failed pass").isEqualTo("tok");
    assertThat(s.getObservedGeneration()).isEqualTo(5L);

    var raised = SpotFleetStatusMapper.failed(book, 6, 8, error, NOW);
    assertThat(summary(raised)).startsWith("Ready=False:Unfulfilled");
  }
}

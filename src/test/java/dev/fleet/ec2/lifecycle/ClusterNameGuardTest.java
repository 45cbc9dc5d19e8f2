package dev.fleet.ec2.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClusterNameGuardTest {

  @Test
  void recordsTheNameOnceTheResourceHasEc2ResourcesAndStopsAnotherName() {
    var status = new Ec2InstanceStatus();
    ClusterNameGuard.record(status, false, "blue");
    assertThat(status.getClusterName()).as("nothing in EC2 yet").isNull();
    ClusterNameGuard.record(status, true, "blue");
    ClusterNameGuard.record(status, true, "green");
    assertThat(status.getClusterName()).isEqualTo("blue");

    assertThat(ClusterNameGuard.check(status, true, "blue")).isEmpty();
    var stopped = ClusterNameGuard.check(status, true, "green").orElseThrow();
    assertThat(stopped.kind()).isEqualTo(SyncOutcome.Kind.ERROR);
    assertThat(stopped.reason()).isEqualTo("ClusterNameChanged");
    assertThat(stopped.message()).contains("'blue'", "'green'", "--cluster-name=blue");
    assertThat(ClusterNameGuard.check(status, false, "green")).as("nothing in EC2: free to create").isEmpty();
  }

  @Test
  void theVisibilityWindowIsOpenForTheGraceAfterARequest() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    var window = new VisibilityWindow(Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
    assertThat(window.open(null)).isFalse();
    assertThat(window.open(now.minusSeconds(29).toString())).isTrue();
    assertThat(window.open(now.minusSeconds(31).toString())).isFalse();
    assertThat(window.now()).isEqualTo(now.toString());
  }
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What is kept in memory per fleet goes with the fleet. */
class FleetForgetsTest {

  @Test
  void aDeletedFleetsGaugesAreRemovedAndTheOthersStay() {
    var registry = new SimpleMeterRegistry();
    var metrics = new FleetMetrics(registry);
    metrics.capacity("ns/gone", 10, 4, 4, 0);
    metrics.capacity("ns/kept", 2, 2, 2, 0);
    assertThat(registry.find("ec2fleet.fleet.fulfilled.capacity").tag("fleet", "ns/gone").gauge()).isNotNull();

    metrics.forget("ns/gone");

    assertThat(registry.find("ec2fleet.fleet.target.capacity").tag("fleet", "ns/gone").gauges()).isEmpty();
    assertThat(registry.find("ec2fleet.fleet.fulfilled.capacity").tag("fleet", "ns/gone").gauges()).isEmpty();
    assertThat(registry.find("ec2fleet.fleet.spot.capacity").tag("fleet", "ns/gone").gauges()).isEmpty();
    assertThat(registry.find("ec2fleet.fleet.ondemand.capacity").tag("fleet", "ns/gone").gauges()).isEmpty();
    assertThat(registry.find("ec2fleet.fleet.fulfilled.capacity").tag("fleet", "ns/kept").gauge().value())
        .isEqualTo(2.0);

    metrics.capacity("ns/gone", 3, 0, 0, 0); // a fleet of the same name created again reports afresh
    assertThat(registry.find("ec2fleet.fleet.target.capacity").tag("fleet", "ns/gone").gauge().value())
        .isEqualTo(3.0);
  }

  @Test
  void aDeletedFleetsWarningsAreForgotten() {
    var tracker = new InterruptionTracker(Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC),
        Duration.ofMinutes(3));
    var gone = new ResourceID("gone", "ns");
    var kept = new ResourceID("kept", "ns");
    tracker.warned(gone, "i-1", "t3.small/us-east-1a", false);
    tracker.warned(kept, "i-2", "t3.small/us-east-1a", false);

    tracker.forget(gone);

    assertThat(tracker.warnings(gone)).isEmpty();
    assertThat(tracker.warnings(kept)).containsOnlyKeys("i-2");
    assertThat(tracker.fleetsTracked()).isEqualTo(1);
  }
}

package dev.fleet.ec2.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionReporterTest {

  private static Ec2Instance instance(String name) {
    var i = new Ec2Instance();
    i.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
    return i;
  }

  @Test
  void aDeletedResourceLeavesTheCensusGaugeAndItsEventBookkeepingIsDropped() {
    var registry = new SimpleMeterRegistry();
    List<String> forgotten = new ArrayList<>();
    var reporter = new ConditionReporter(new EventRecorder() {
      @Override
      public void normal(HasMetadata resource, String reason, String message) {}

      @Override
      public void warning(HasMetadata resource, String reason, String message) {}

      @Override
      public void forget(HasMetadata resource) {
        forgotten.add(resource.getMetadata().getUid());
      }
    }, registry);
    var ready = Conditions.report(List.of(), SyncOutcome.inSync(), "Running", "running", 1,
        Instant.parse("2026-02-01T10:00:00Z"));
    reporter.changed(instance("a"), List.of(), ready, SyncOutcome.inSync());
    reporter.changed(instance("b"), List.of(), ready, SyncOutcome.inSync());
    assertThat(registry.find("ec2fleet.resources").tag("kind", "Ec2Instance").tag("state", "Ready").gauge().value())
        .isEqualTo(2.0);

    reporter.forget(instance("a"));

    assertThat(registry.find("ec2fleet.resources").tag("kind", "Ec2Instance").tag("state", "Ready").gauge().value())
        .isEqualTo(1.0);
    assertThat(reporter.counted("Ec2Instance")).isEqualTo(1);
    assertThat(forgotten).containsExactly("uid-a");
  }

  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  @Test
  void aLaunchThatEndsReadyAndSyncedIsOneEventAndItsFirstProgressIsNone() {
    var events = new dev.fleet.ec2.events.RecordedEvents();
    var reporter = new ConditionReporter(events, new SimpleMeterRegistry());
    var launching = SyncOutcome.progressing("Launching", "launching with client token t");
    var first = Conditions.report(List.of(), launching, null, null, 1, T0);
    reporter.changed(instance("a"), List.of(), first, launching);
    assertThat(events.written()).as("a new resource's Ready=False while it launches: the launch says it").isEmpty();

    var ready = Conditions.report(first, SyncOutcome.inSync(), "Running", "instance i-1 is running", 1,
        T0.plusSeconds(3));
    reporter.changed(instance("a"), first, ready, SyncOutcome.inSync());
    assertThat(events.written()).containsExactly(
        "Normal ReadyChanged: Ready=True (Running): instance i-1 is running; Synced=True (Synced): EC2 matches the spec");

    var failing = new SyncOutcome(SyncOutcome.Kind.ERROR, "InsufficientInstanceCapacity", "no capacity");
    reporter.changed(instance("a"), ready, Conditions.report(ready, failing, "Running", "x", 1, T0.plusSeconds(9)),
        failing);
    assertThat(events.written()).hasSize(2).last().asString()
        .startsWith("Warning ReadyChanged: Ready=False (InsufficientInstanceCapacity)").contains("Synced=False");
  }

  @Test
  void aNewResourceBornWaitingOrFailingIsNews() {
    var events = new dev.fleet.ec2.events.RecordedEvents();
    var reporter = new ConditionReporter(events, new SimpleMeterRegistry());
    var waiting = new SyncOutcome(SyncOutcome.Kind.WAITING, "WaitingForSecurityGroup", "SecurityGroup web does not exist yet");
    reporter.changed(instance("a"), null, Conditions.report(List.of(), waiting, null, null, 1, T0), waiting);
    assertThat(events.written()).containsExactly(
        "Warning ReadyChanged: Ready=False (WaitingForSecurityGroup): SecurityGroup web does not exist yet");
  }
}

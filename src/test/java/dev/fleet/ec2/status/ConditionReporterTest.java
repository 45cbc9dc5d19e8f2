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
    reporter.changed(instance("a"), List.of(), ready);
    reporter.changed(instance("b"), List.of(), ready);
    assertThat(registry.find("ec2fleet.resources").tag("kind", "Ec2Instance").tag("state", "Ready").gauge().value())
        .isEqualTo(2.0);

    reporter.forget(instance("a"));

    assertThat(registry.find("ec2fleet.resources").tag("kind", "Ec2Instance").tag("state", "Ready").gauge().value())
        .isEqualTo(1.0);
    assertThat(reporter.counted("Ec2Instance")).isEqualTo(1);
    assertThat(forgotten).containsExactly("uid-a");
  }
}

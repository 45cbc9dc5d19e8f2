package dev.fleet.ec2.instance;

import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceStatusMapperTest {
  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

  private static String summary(Ec2InstanceStatus s) {
    return String.join(" ", s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + ":"
        + c.getReason()).toList());
  }

  @Test
  void readyWhenInSyncAtTheDesiredPowerState() {
    var book = new Ec2InstanceStatus();
    book.setClientToken("tok");
    book.setResolvedImageId("ami-0ed094fb1304fd857");
    var o = InstanceFixtures.observed(ObservedInstance.RUNNING, "t3.micro", Set.of(), Map.of());
    var s = InstanceStatusMapper.map(book, 3, o, PowerState.running, SyncOutcome.inSync(), null, NOW);
    assertThat(summary(s)).isEqualTo("Ready=True:Running Synced=True:Synced Terminal=False:NoError");
    assertThat(s.getInstanceId()).isEqualTo("i-0123456789abcdef0");
    assertThat(s.getPublicIpAddress()).isEqualTo("203.0.113.10");
    assertThat(s.getAvailabilityZone()).isEqualTo("us-east-1a");
    assertThat(s.getLaunchTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(s.getClientToken()).isEqualTo("tok");
    assertThat(s.getResolvedImageId()).as("the recorded resolution stays").isEqualTo("ami-0ed094fb1304fd857");
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(3L);
  }

  @Test
  void terminalCarriesTheEc2CodeAndBlocksOnlyThatGeneration() {
    var s = InstanceStatusMapper.map(new Ec2InstanceStatus(), 2, null, PowerState.running,
        new SyncOutcome(SyncOutcome.Kind.TERMINAL, "InvalidAMIID.NotFound", "no such image"), null, NOW);
    assertThat(summary(s)).isEqualTo(
        "Ready=False:InvalidAMIID.NotFound Synced=False:InvalidAMIID.NotFound Terminal=True:InvalidAMIID.NotFound");
    assertThat(Conditions.isTrueFor(s.getConditions(), Conditions.TERMINAL, 2)).isTrue();
    assertThat(Conditions.isTrueFor(s.getConditions(), Conditions.TERMINAL, 3)).isFalse();
  }

  @Test
  void notReadyWhileStoppedButWantedRunning() {
    var o = InstanceFixtures.observed(ObservedInstance.STOPPED, "t3.micro", Set.of(), Map.of());
    var s = InstanceStatusMapper.map(new Ec2InstanceStatus(), 1, o, PowerState.running,
        SyncOutcome.progressing("Updating", "starting"), null, NOW);
    assertThat(summary(s)).isEqualTo("Ready=False:Updating Synced=False:Updating Terminal=False:NoError");
    assertThat(s.getState()).isEqualTo("stopped");
  }
}

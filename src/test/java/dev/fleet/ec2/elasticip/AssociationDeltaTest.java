package dev.fleet.ec2.elasticip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.elasticip.AssociationDelta.Step;
import dev.fleet.ec2.refs.InstanceRefs.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssociationDeltaTest {
  static final String IP = "198.51.100.7";
  static final ObservedAddress FREE = new ObservedAddress("eipalloc-1", IP, null, null, Map.of());
  static final Target RUNNING_A = new Target("i-a", true, null);
  static final Target STOPPED_A = new Target("i-a", false, null);
  static final Target WAITING = new Target(null, false, "Ec2Instance web does not exist yet");

  private static Step step(Target target, ObservedAddress address, String made, String instanceIp) {
    return AssociationDelta.between(target, address, made, instanceIp).step();
  }

  @Test
  void aFreeAddressGoesToARunningInstanceOnlyAndWaitsOtherwise() {
    assertThat(step(RUNNING_A, FREE, null, "203.0.113.9")).isEqualTo(Step.ASSOCIATE);
    assertThat(step(STOPPED_A, FREE, null, null)).isEqualTo(Step.WAIT);
    assertThat(step(WAITING, FREE, null, null)).isEqualTo(Step.WAIT);
    assertThat(step(Target.NONE, FREE, null, null)).isEqualTo(Step.NONE);
  }

  @Test
  void associatedWithTheTargetItStaysEvenWhileTheInstanceIsStopped() {
    var onA = FREE.associatedWith("eipassoc-1", "i-a");
    assertThat(step(RUNNING_A, onA, "eipassoc-1", IP)).isEqualTo(Step.NONE);
    assertThat(step(STOPPED_A, onA, "eipassoc-1", null)).isEqualTo(Step.NONE);
    var adopted = AssociationDelta.between(RUNNING_A, onA, null, IP);
    assertThat(adopted.step()).as("made before a crash, or by hand with the right instance").isEqualTo(Step.NONE);
    assertThat(adopted.madeByUs()).isTrue();
  }

  @Test
  void aRunningInstanceReportingAnotherPublicIpIsAssociatedAgain() {
    var onA = FREE.associatedWith("eipassoc-1", "i-a");
    assertThat(step(RUNNING_A, onA, "eipassoc-1", "203.0.113.9")).isEqualTo(Step.REASSOCIATE);
    assertThat(step(RUNNING_A, onA, "eipassoc-1", null)).as("not known: no evidence").isEqualTo(Step.NONE);
  }

  @Test
  void ourAssociationElsewhereMovesAndSomeoneElsesIsLeftAlone() {
    var onB = FREE.associatedWith("eipassoc-2", "i-b");
    assertThat(step(RUNNING_A, onB, "eipassoc-2", null)).isEqualTo(Step.MOVE);
    assertThat(step(STOPPED_A, onB, "eipassoc-2", null)).as("taken back even before the new one runs")
        .isEqualTo(Step.MOVE);
    assertThat(step(RUNNING_A, onB, "eipassoc-1", null)).isEqualTo(Step.FOREIGN);
    assertThat(step(RUNNING_A, onB, null, null)).isEqualTo(Step.FOREIGN);
  }

  @Test
  void noInstanceAskedTakesOursBackButNoOneElses() {
    var onB = FREE.associatedWith("eipassoc-2", "i-b");
    assertThat(step(Target.NONE, onB, "eipassoc-2", null)).isEqualTo(Step.DISASSOCIATE);
    assertThat(step(Target.NONE, onB, null, null)).isEqualTo(Step.FOREIGN);
    assertThat(step(WAITING, onB, "eipassoc-2", null)).as("a reference not resolved yet moves nothing")
        .isEqualTo(Step.WAIT);
  }
}

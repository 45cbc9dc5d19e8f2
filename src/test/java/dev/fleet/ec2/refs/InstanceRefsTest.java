package dev.fleet.ec2.refs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceRefsTest {

  private static Ec2Instance instance(String region, String id, String state, String account) {
    var i = new Ec2Instance();
    var spec = new Ec2InstanceSpec();
    spec.setRegion(region);
    i.setSpec(spec);
    var status = new Ec2InstanceStatus();
    status.setInstanceId(id);
    status.setState(state);
    status.setAccount(account);
    i.setStatus(status);
    return i;
  }

  private static InstanceRefs.Target resolve(Ec2Instance found, String account) {
    return InstanceRefs.resolve(new LocalRef("web"), n -> Optional.ofNullable(found), "us-east-1", "us-east-1",
        account);
  }

  @Test
  void aRunningInstanceInTheSameRegionAndAccountIsTheTarget() {
    var t = resolve(instance(null, "i-a", "running", null), "");
    assertThat(t.instanceId()).isEqualTo("i-a");
    assertThat(t.running()).isTrue();
    assertThat(resolve(instance(null, "i-a", "stopped", null), null).running()).isFalse();
  }

  @Test
  void missingWithoutAnInstanceOrElsewhereItWaitsSayingWhy() {
    assertThat(resolve(null, null).waitingFor()).contains("does not exist");
    assertThat(resolve(instance(null, null, null, null), null).waitingFor()).contains("no instance yet");
    assertThat(resolve(instance("eu-west-1", "i-a", "running", null), null).waitingFor())
        .contains("region eu-west-1");
    assertThat(resolve(instance(null, "i-a", "running", "team-b"), null).waitingFor()).contains("account team-b");
    assertThat(InstanceRefs.resolve(null, n -> Optional.empty(), "us-east-1", "us-east-1", null).none()).isTrue();
  }
}

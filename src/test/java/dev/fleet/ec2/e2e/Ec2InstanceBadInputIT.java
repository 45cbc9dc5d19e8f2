package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.condition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.BlockDeviceMapping;
import dev.fleet.ec2.api.v1alpha1.EbsVolume;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.fleet.ec2.lifecycle.FailureVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What only EC2 can refuse ends Terminal with EC2's code, launches nothing and is not retried. */
@ExtendWith(E2eExtension.class)
class Ec2InstanceBadInputIT {
  /** How long the tests watch for retries; long enough for several poll intervals and retry backoffs. */
  private static final long WATCH_SECONDS = 15;
  private static RunningOperator operator;
  private static DirectEc2 ec2;

  @BeforeAll
  static void start() throws Exception {
    operator = RunningOperator.start(E2eEnvironment.get());
    ec2 = new DirectEc2(E2eEnvironment.get());
  }

  @AfterAll
  static void stop() {
    operator.close();
    ec2.close();
  }

  @Test
  void refusedSpecsAreTerminalWithTheEc2CodeAndNotRetried(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var recorder = new EmulatorRecorder(env);
    recorder.start();

    Ec2Instance badAmi = instance("bad-ami", "t3.micro", Map.of());
    badAmi.getSpec().setImageId("ami-00000000000000bad");
    Ec2Instance badType = instance("bad-type", "t9.mega", Map.of());
    Ec2Instance badSubnet = instance("bad-subnet", "t3.micro", Map.of());
    badSubnet.getSpec().setSubnetId("subnet-0000000000000bad");
    Map<String, String> expectedCode = Map.of("bad-ami", "InvalidAMIID.NotFound", "bad-type", "InvalidInstanceType.NotFound",
        "bad-subnet", "InvalidSubnetID.NotFound");
    Map<String, String> uids = new java.util.HashMap<>();
    for (Ec2Instance i : List.of(badAmi, badType, badSubnet)) {
      uids.put(i.getMetadata().getName(), instances.create(i).getMetadata().getUid());
    }

    for (var e : expectedCode.entrySet()) {
      var terminal = instances.await(e.getKey(), "Terminal", hasCondition("Terminal", "True", e.getValue()));
      assertThat(condition(terminal, "Terminal").orElseThrow().getMessage()).isNotBlank();
      assertThat(terminal).satisfies(hasCondition("Synced", "False", e.getValue())::test);
      assertThat(terminal).satisfies(hasCondition("Ready", "False", e.getValue())::test);
    }
    TimeUnit.SECONDS.sleep(WATCH_SECONDS); // a fixed observation window: counting what does NOT happen
    List<String> calls = recorder.stop();

    for (var e : uids.entrySet()) {
      // a missing AMI or subnet may be one EC2 does not list yet: a bounded number of tries, then Terminal;
      // an unknown instance type is refused at once
      int tries = e.getKey().equals("bad-type") ? 1 : FailureVerdict.CATCH_UP_ATTEMPTS;
      long forResource = calls.stream().filter(b -> b.contains(e.getValue())).count();
      assertThat(forResource).as("EC2 calls for %s over %ds", e.getKey(), WATCH_SECONDS).isBetween(1L, 2L * tries);
      assertThat(calls.stream().filter(b -> b.startsWith("Action=RunInstances&") && b.contains(e.getValue())))
          .as("RunInstances for %s", e.getKey()).hasSize(tries);
      assertThat(ec2.ownedBy(e.getValue())).as("instances for %s", e.getKey()).isEmpty();
    }
    assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
        .anySatisfy(ev -> {
          assertThat(ev.getType()).isEqualTo("Warning");
          assertThat(ev.getReason()).isEqualTo("InvalidAMIID.NotFound");
        });
  }

  @Test
  void fixingATerminalSpecRetriesAndSucceeds(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(instance("typo", "t9.mega", Map.of()));
    instances.await("typo", "Terminal", hasCondition("Terminal", "True", "InvalidInstanceType.NotFound"));
    instances.edit("typo", i -> {
      i.getSpec().setInstanceType("t3.micro");
      return i;
    });
    var ready = instances.awaitReady("typo");
    assertThat(ready).satisfies(hasCondition("Terminal", "False", "NoError")::test);
  }

  @Test
  void schemaRejectsWhatNeedsNoEc2ToRefuse(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    Ec2Instance negative = instance("negative", "t3.micro", Map.of());
    var volume = new EbsVolume();
    volume.setVolumeSize(-5);
    var mapping = new BlockDeviceMapping();
    mapping.setDeviceName("/dev/xvda");
    mapping.setEbs(volume);
    negative.getSpec().setBlockDeviceMappings(List.of(mapping));
    assertThatThrownBy(() -> instances.create(negative))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.blockDeviceMappings[0].ebs.volumeSize");

    Ec2Instance noImage = instance("no-image", "t3.micro", Map.of());
    noImage.getSpec().setImageId(null);
    assertThatThrownBy(() -> instances.create(noImage))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.imageId: Required value");

    Ec2Instance badGroup = instance("bad-group", "t3.micro", Map.of());
    badGroup.getSpec().setSecurityGroupIds(List.of("default"));
    assertThatThrownBy(() -> instances.create(badGroup)).hasMessageContaining("spec.securityGroupIds[0]");
    assertThat(instances.get("negative")).isNull();
  }
}

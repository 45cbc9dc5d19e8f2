package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ec2Instance end to end: the operator against the real API server and the EC2 emulator. */
@ExtendWith(E2eExtension.class)
class Ec2InstanceLifecycleIT {
  private static RunningOperator operator;
  private static DirectEc2 ec2;

  @BeforeAll
  static void start() throws Exception {
    E2eEnvironment env = E2eEnvironment.get();
    env.resetEmulator();
    operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", "*")); // these tests show adoption itself; LeastPrivilegeIT shows who may
    ec2 = new DirectEc2(env);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (ec2 != null) {
      ec2.close();
    }
  }

  @Test
  void createBecomesReadyAndEc2CarriesTheSpecAndOurTags(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    String sg = ec2.createSecurityGroup("web-" + ns.name());
    var web = instance("web-1", "t3.micro", Map.of("team", "web"));
    web.getSpec().setSecurityGroupIds(List.of(sg));
    web.getSpec().setUserData("#!/bin/bash\necho hello\n");
    String uid = instances.create(web).getMetadata().getUid();

    var ready = instances.awaitReady("web-1");
    var status = ready.getStatus();
    assertThat(status.getState()).isEqualTo("running");
    assertThat(status.getPrivateIpAddress()).isNotBlank();
    assertThat(status.getPublicIpAddress()).isNotBlank();
    assertThat(status.getAvailabilityZone()).startsWith("us-east-1");
    assertThat(status.getLifecycle()).isEqualTo("on-demand");
    assertThat(status.getClientToken()).startsWith(uid);

    ObservedInstance inEc2 = ec2.instance(status.getInstanceId());
    assertThat(inEc2.imageId()).isEqualTo(Ec2InstanceResources.AMI);
    assertThat(inEc2.instanceType()).isEqualTo("t3.micro");
    assertThat(inEc2.securityGroupIds()).containsExactly(sg);
    assertThat(inEc2.tags()).containsEntry("Name", "web-1").containsEntry("team", "web")
        .containsEntry(OwnershipTags.CLUSTER, RunningOperator.CLUSTER)
        .containsEntry(OwnershipTags.OWNER, ns.name() + "/web-1")
        .containsEntry(OwnershipTags.OWNER_UID, uid);
    assertThat(ec2.ownedBy(uid)).hasSize(1);
    assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Launched"));
  }

  @Test
  void stopAndStartFollowTheSpecAndTheNewPublicIpShows(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(instance("web-1", "t3.micro", Map.of()));
    var running = instances.awaitReady("web-1");
    String id = running.getStatus().getInstanceId();
    String firstIp = running.getStatus().getPublicIpAddress();

    instances.edit("web-1", i -> {
      i.getSpec().setState(PowerState.stopped);
      return i;
    });
    var stopped = instances.await("web-1", "stopped and Ready", hasCondition("Ready", "True", "Stopped"));
    assertThat(stopped.getStatus().getState()).isEqualTo("stopped");
    assertThat(ec2.instance(id).state()).isEqualTo("stopped");

    instances.edit("web-1", i -> {
      i.getSpec().setState(PowerState.running);
      return i;
    });
    var again = instances.await("web-1", "running again", hasCondition("Ready", "True", "Running"));
    assertThat(again.getStatus().getInstanceId()).isEqualTo(id);
    assertThat(ec2.instance(id).state()).isEqualTo("running");
    assertThat(again.getStatus().getPublicIpAddress()).isNotBlank().isNotEqualTo(firstIp)
        .isEqualTo(ec2.instance(id).publicIpAddress());
  }

  @Test
  void typeGroupsAndTagsChangeInPlaceAndImmutableFieldsAreRefused(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    String sgA = ec2.createSecurityGroup("a-" + ns.name());
    String sgB = ec2.createSecurityGroup("b-" + ns.name());
    var web = instance("web-1", "t3.micro", Map.of("team", "web", "env", "dev"));
    web.getSpec().setSecurityGroupIds(List.of(sgA));
    instances.create(web);
    String id = instances.awaitReady("web-1").getStatus().getInstanceId();

    instances.edit("web-1", i -> {
      i.getSpec().setInstanceType("t3.small");
      i.getSpec().setSecurityGroupIds(List.of(sgB));
      i.getSpec().setTags(Map.of("team", "platform"));
      return i;
    });
    var updated = instances.await("web-1", "updated and Ready", i -> i.getMetadata().getGeneration() == 2
        && hasCondition("Ready", "True", "Running").test(i) && "t3.small".equals(i.getStatus().getInstanceType()));
    assertThat(updated.getStatus().getInstanceId()).as("changed in place, not replaced").isEqualTo(id);
    ObservedInstance inEc2 = ec2.instance(id);
    assertThat(inEc2.instanceType()).isEqualTo("t3.small");
    assertThat(inEc2.state()).isEqualTo("running");
    assertThat(inEc2.securityGroupIds()).containsExactly(sgB);
    assertThat(inEc2.tags()).containsEntry("team", "platform").doesNotContainKey("env");

    assertThatThrownBy(() -> instances.edit("web-1", i -> {
      i.getSpec().setImageId("ami-02ee394167633f6bf");
      return i;
    })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("imageId is immutable: delete and recreate the Ec2Instance to change it");
    assertThatThrownBy(() -> instances.edit("web-1", i -> {
      i.getSpec().setSubnetId("subnet-0123456789abcdef0");
      return i;
    })).hasMessageContaining("subnetId is immutable");
  }

  @Test
  void driftIsRepairedTerminatedReplacedStoppedStartedTagRestored(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(instance("web-1", "t3.micro", Map.of("team", "web")));
    String first = instances.awaitReady("web-1").getStatus().getInstanceId();

    ec2.gateway().deleteTags(first, List.of("team"));
    Awaitility.await("tag restored").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> "web".equals(ec2.instance(first).tags().get("team")));

    ec2.gateway().stopInstance(first);
    Awaitility.await("started again").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> "running".equals(ec2.instance(first).state()));

    ec2.gateway().terminateInstance(first);
    var replaced = instances.await("web-1", "replacement Ready", i -> i.getStatus().getInstanceId() != null
        && !first.equals(i.getStatus().getInstanceId()) && hasCondition("Ready", "True", "Running").test(i));
    String second = replaced.getStatus().getInstanceId();
    assertThat(ec2.instance(second).state()).isEqualTo("running");
    assertThat(ec2.ownedBy(replaced.getMetadata().getUid())).extracting(ObservedInstance::instanceId)
        .containsExactly(second);
    assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Recreated"));
  }

  @Test
  void rebootAnnotationRebootsOncePerValue(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(instance("web-1", "t3.micro", Map.of()));
    instances.awaitReady("web-1");
    instances.edit("web-1", i -> {
      i.getMetadata().setAnnotations(Map.of("ec2.fleet.dev/reboot-requested-at", "2026-11-28T10:00:00Z"));
      return i;
    });
    instances.await("web-1", "reboot recorded",
        i -> "2026-11-28T10:00:00Z".equals(i.getStatus().getLastRebootRequest()));
    // exactly one reboot, and still one a few reconciles later
    Awaitility.await("one Rebooted event, and no second").atMost(Duration.ofSeconds(15))
        .during(Duration.ofSeconds(5)).until(() ->
            env.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
                .filter(e -> "Rebooted".equals(e.getReason())).count() == 1);
  }

  @Test
  void adoptionByAnnotationThenRetainLeavesItRunningWithoutOurTags(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    var existing = ec2.gateway().runInstance(new dev.fleet.ec2.cloud.LaunchRequest("adopt-" + ns.name(),
        Ec2InstanceResources.AMI, "t3.micro", null, List.of(), null, null, null, null, List.of(), null,
        Map.of("Name", "legacy")));
    var legacy = instance("legacy", "t3.micro", Map.of("team", "legacy"));
    legacy.getMetadata().setAnnotations(Map.of("ec2.fleet.dev/adopt-instance-id", existing.instanceId()));
    legacy.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    String uid = instances.create(legacy).getMetadata().getUid();

    assertThat(instances.awaitReady("legacy").getStatus().getInstanceId()).isEqualTo(existing.instanceId());
    assertThat(ec2.instance(existing.instanceId()).tags()).containsEntry(OwnershipTags.OWNER_UID, uid)
        .containsEntry("team", "legacy");

    instances.named("legacy").delete();
    Awaitility.await("resource gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("legacy") == null);
    ObservedInstance after = ec2.instance(existing.instanceId());
    assertThat(after.state()).isEqualTo("running");
    assertThat(after.tags()).doesNotContainKeys(OwnershipTags.CLUSTER, OwnershipTags.OWNER, OwnershipTags.OWNER_UID);
  }

  @Test
  void adoptingAnInstanceThatDoesNotExistIsTerminal(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    var ghost = instance("ghost", "t3.micro", Map.of());
    ghost.getMetadata().setAnnotations(Map.of("ec2.fleet.dev/adopt-instance-id", "i-0000000000000dead"));
    String uid = instances.create(ghost).getMetadata().getUid();
    var terminal = instances.await("ghost", "Terminal", hasCondition("Terminal", "True", "InvalidInstanceID.NotFound"));
    assertThat(Ec2InstanceResources.condition(terminal, "Terminal").orElseThrow().getMessage())
        .contains("i-0000000000000dead");
    assertThat(ec2.ownedBy(uid)).isEmpty();
  }

  @Test
  void deleteTerminatesTheInstanceBeforeTheResourceGoes(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(instance("web-1", "t3.micro", Map.of()));
    String id = instances.awaitReady("web-1").getStatus().getInstanceId();
    assertThat(instances.get("web-1").getMetadata().getFinalizers()).isNotEmpty();

    instances.named("web-1").delete();
    Awaitility.await("resource gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("web-1") == null);
    assertThat(ec2.instance(id).state()).isIn("shutting-down", "terminated");
  }

  @Test
  void waitsForAReferencedSecurityGroupToBeReadyThenUsesIt(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    var web = instance("web-1", "t3.micro", Map.of());
    web.getSpec().setSecurityGroupRefs(List.of(new LocalRef("web-sg")));
    instances.create(web);
    instances.await("web-1", "waiting", hasCondition("Synced", "False", "WaitingForSecurityGroup"));
    assertThat(instances.get("web-1").getStatus().getInstanceId()).isNull();

    var sg = new SecurityGroup();
    sg.setMetadata(new ObjectMetaBuilder().withName("web-sg").build());
    sg.setSpec(new SecurityGroupSpec());
    sg.getSpec().setDescription("web");
    var groups = env.client().resources(SecurityGroup.class).inNamespace(ns.name());
    groups.resource(sg).create();
    var ready = instances.awaitReady("web-1");
    String groupId = groups.withName("web-sg").get().getStatus().getGroupId();
    assertThat(groupId).startsWith("sg-");
    assertThat(ec2.instance(ready.getStatus().getInstanceId()).securityGroupIds()).containsExactly(groupId);
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ManagementPolicy;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.instance.Ec2InstanceReconciler;
import dev.fleet.ec2.securitygroup.SecurityGroupReconciler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * managementPolicy Observe on an instance created outside the operator: status mirrors it, drift is reported
 * and not repaired, and EC2 hears no write (the emulator's own record); switched to Manage, it is adopted and
 * repaired. Observing needs the administrator's opt-in, as adoption does, and deleting an observed resource
 * leaves the instance alone.
 */
@ExtendWith(E2eExtension.class)
class ObserveIT {

  @Test
  void observedWithoutAWriteThenManagedAndRepaired(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name()));
        var ec2 = new DirectEc2(env)) {
      String id = launchedOutside(ec2, ns, "t3.small", Map.of("Name", "legacy", "team", "old"));
      var recorder = new EmulatorRecorder(env);
      recorder.start();
      String uid = instances.create(observing("legacy", id)).getMetadata().getUid();
      Ec2Instance seen = instances.await("legacy", "observed, with what differs", i -> i.getStatus() != null
          && "running".equals(i.getStatus().getState()) && hasCondition("InSync", "False", "Drifted").test(i));
      List<String> calls = recorder.stop();

      assertThat(seen.getStatus().getInstanceId()).isEqualTo(id);
      assertThat(seen.getStatus().getInstanceType()).isEqualTo("t3.small");
      assertThat(seen.getStatus().getPrivateIpAddress()).isNotBlank();
      assertThat(Ec2InstanceResources.condition(seen, "InSync").orElseThrow().getMessage())
          .contains("instance type t3.small (spec: t3.micro)", "tag team 'old' (spec: 'web')");
      assertThat(calls).as("the emulator heard something from the operator").isNotEmpty();
      assertThat(calls).as("and only reads: zero write calls while observing")
          .allSatisfy(c -> assertThat(c).startsWith("Action=Describe"));
      assertThat(ec2.instance(id).tags()).as("nothing tagged").doesNotContainKeys(OwnershipTags.OWNER_UID,
          OwnershipTags.CLUSTER).containsEntry("team", "old");

      // a change made outside shows in status, and is not repaired
      ec2.gateway().stopInstance(id);
      instances.await("legacy", "the stop observed", i -> "stopped".equals(i.getStatus().getState())
          && Ec2InstanceResources.condition(i, "InSync").orElseThrow().getMessage().contains("state stopped"));
      Awaitility.await("left stopped over a few polls").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
          .until(() -> "stopped".equals(ec2.instance(id).state()));

      // Manage: adopted with adoption's checks, then brought to the spec
      instances.edit("legacy", i -> {
        i.getSpec().setManagementPolicy(ManagementPolicy.Manage);
        return i;
      });
      var managed = instances.await("legacy", "adopted and repaired", i -> hasCondition("Ready", "True", "Running")
          .test(i) && "t3.micro".equals(i.getStatus().getInstanceType()) && !i.getStatus().observing());
      assertThat(managed.getStatus().getInstanceId()).isEqualTo(id);
      assertThat(ec2.instance(id).tags()).containsEntry(OwnershipTags.OWNER_UID, uid).containsEntry("team", "web");
      assertThat(ec2.instance(id).state()).isEqualTo("running");

      instances.deleteAndAwaitGone("legacy"); // managed now: deletionPolicy Delete terminates it
      assertThat(ec2.instance(id).state()).isIn("shutting-down", "terminated");
    }
  }

  @Test
  void observingNeedsTheAdministratorsOptInAndDeletingLeavesTheInstance(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var ec2 = new DirectEc2(env)) {
      String id = launchedOutside(ec2, ns, "t3.micro", Map.of("Name", "watched"));
      try (var strict = RunningOperator.start(env)) {
        instances.create(observing("watched", id));
        instances.await("watched", "refused", hasCondition("Terminal", "True", "AdoptionNotAllowed"));
        instances.deleteAndAwaitGone("watched");
      }
      try (var allowing = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name()))) {
        instances.create(observing("watched", id));
        instances.await("watched", "observed", hasCondition("InSync", "True", "InSync"));
        instances.deleteAndAwaitGone("watched");
      }
      ObservedInstance after = ec2.instance(id);
      assertThat(after.state()).as("deleting an observed resource leaves the instance").isEqualTo("running");
      assertThat(after.tags()).doesNotContainKeys(OwnershipTags.OWNER_UID, OwnershipTags.CLUSTER);
      ec2.gateway().terminateInstance(id);
    }
  }

  @Test
  void aGroupCreatedOutsideIsObservedWithoutAWriteThenManaged(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name()));
        var ec2 = new DirectEc2(env)) {
      String id = ec2.createSecurityGroup("outside-" + ns.name());
      var recorder = new EmulatorRecorder(env);
      recorder.start();
      var g = SecurityGroupResources.group("bastion", List.of(SecurityGroupResources.rule("tcp", 22, 22,
          "10.0.0.0/8", "ssh")));
      g.getMetadata().setAnnotations(Map.of(SecurityGroupReconciler.ADOPT_ANNOTATION, id));
      g.getSpec().setManagementPolicy(ManagementPolicy.Observe);
      String uid = groups.create(g).getMetadata().getUid();
      var seen = groups.await("bastion", "observed, with what differs",
          SecurityGroupResources.hasCondition("InSync", "False", "Drifted"));
      List<String> calls = recorder.stop();

      assertThat(seen.getStatus().getGroupId()).isEqualTo(id);
      assertThat(seen.getStatus().getConditions()).filteredOn(c -> "InSync".equals(c.getType())).singleElement()
          .satisfies(c -> assertThat(c.getMessage()).contains("ingress tcp 22 from 10.0.0.0/8 missing"));
      assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith("Action=Describe"));
      assertThat(ec2.gateway().describeSecurityGroup(id).orElseThrow().ingress()).as("nothing authorized").isEmpty();

      groups.edit("bastion", x -> {
        x.getSpec().setManagementPolicy(ManagementPolicy.Manage);
        return x;
      });
      groups.await("bastion", "adopted and repaired", x -> SecurityGroupResources.hasCondition("Synced", "True",
          "Synced").test(x) && !x.getStatus().observing());
      var managed = ec2.gateway().describeSecurityGroup(id).orElseThrow();
      assertThat(managed.ingress()).extracting(r -> r.source()).containsExactly("10.0.0.0/8");
      assertThat(managed.tags()).containsEntry(OwnershipTags.OWNER_UID, uid);
      groups.named("bastion").delete();
      Awaitility.await("managed now: deleting it deletes the group").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> ec2.gateway().describeSecurityGroup(id).isEmpty());
    }
  }

  private static Ec2Instance observing(String name, String id) {
    var i = instance(name, "t3.micro", name.equals("legacy") ? Map.of("team", "web") : Map.of());
    i.getMetadata().setAnnotations(Map.of(Ec2InstanceReconciler.ADOPT_ANNOTATION, id));
    i.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    return i;
  }

  private static String launchedOutside(DirectEc2 ec2, TestNamespace ns, String type, Map<String, String> tags) {
    return ec2.gateway().runInstance(new LaunchRequest("outside-" + ns.name() + "-" + tags.get("Name"),
        Ec2InstanceResources.AMI, type, null, List.of(), null, null, null, null, List.of(), null, tags)).instanceId();
  }
}

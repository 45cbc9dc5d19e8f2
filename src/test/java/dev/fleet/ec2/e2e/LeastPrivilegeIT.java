package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
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

/**
 * What a namespace user cannot make the operator do: adopt (and so change or destroy) an EC2 instance or
 * group nobody gave their namespace, or launch with an instance profile the administrator did not list.
 * Each refusal is Terminal with its reason and leaves EC2 exactly as it was.
 */
@ExtendWith(E2eExtension.class)
class LeastPrivilegeIT {
  private static final String ADOPT_INSTANCE = "ec2.fleet.dev/adopt-instance-id";
  private static final String ADOPT_GROUP = "ec2.fleet.dev/adopt-group-id";
  private static final String PRICE = "t3.micro=0.004"; // the emulator's spot price history is a stub
  private static DirectEc2 ec2;

  @BeforeAll
  static void connect() {
    ec2 = new DirectEc2(E2eEnvironment.get());
  }

  @AfterAll
  static void close() {
    if (ec2 != null) {
      ec2.close();
    }
  }

  /** An instance someone made in the console: no ownership tags. */
  private static ObservedInstance consoleInstance(String token) {
    return ec2.gateway().runInstance(new LaunchRequest(token, Ec2InstanceResources.AMI, "t3.micro", null, List.of(),
        null, null, null, null, List.of(), null, Map.of("Name", "legacy", "team", "db")));
  }

  private static void assertUntouched(String instanceId) {
    ObservedInstance now = ec2.instance(instanceId);
    assertThat(now.state()).as("not stopped, not terminated").isEqualTo("running");
    assertThat(now.tags()).as("its tags exactly as made").containsOnly(Map.entry("Name", "legacy"),
        Map.entry("team", "db"));
  }

  @Test
  void withAdoptionOffAnAnnotatedResourceAdoptsNothingAndLeavesTheInstanceAndGroupAlone(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    ObservedInstance legacy = consoleInstance("legacy-" + ns.name());
    String group = ec2.createSecurityGroup("legacy-" + ns.name());
    var groupBefore = ec2.gateway().describeSecurityGroup(group).orElseThrow();
    try (var operator = RunningOperator.start(env)) {
      var instances = new Ec2InstanceResources(env, ns);
      var taker = instance("taker", "t3.large", Map.of());
      taker.getMetadata().setAnnotations(Map.of(ADOPT_INSTANCE, legacy.instanceId()));
      String uid = instances.create(taker).getMetadata().getUid();
      var refused = instances.await("taker", "Terminal AdoptionNotAllowed",
          hasCondition("Terminal", "True", "AdoptionNotAllowed"));
      assertThat(Ec2InstanceResources.condition(refused, "Terminal").orElseThrow().getMessage())
          .contains(legacy.instanceId(), "ADOPTION_NAMESPACES", "adoption.namespaces");
      assertThat(refused.getStatus().getInstanceId()).isNull();

      var groups = new SecurityGroupResources(env, ns);
      var sg = SecurityGroupResources.group("taker-sg", List.of());
      sg.getMetadata().setAnnotations(Map.of(ADOPT_GROUP, group));
      groups.create(sg);
      groups.await("taker-sg", "Terminal AdoptionNotAllowed",
          SecurityGroupResources.hasCondition("Terminal", "True", "AdoptionNotAllowed"));

      instances.named("taker").delete();
      groups.named("taker-sg").delete();
      Awaitility.await("both resources gone").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> instances.get("taker") == null && groups.get("taker-sg") == null);
      assertUntouched(legacy.instanceId());
      assertThat(ec2.instance(legacy.instanceId()).instanceType()).isEqualTo("t3.micro");
      assertThat(ec2.ownedBy(uid)).as("nothing launched instead").isEmpty();
      var groupAfter = ec2.gateway().describeSecurityGroup(group).orElseThrow();
      assertThat(groupAfter.tags()).isEqualTo(groupBefore.tags());
      assertThat(groupAfter.ingress()).isEqualTo(groupBefore.ingress());
      assertThat(groupAfter.egress()).as("its default rule not revoked").isEqualTo(groupBefore.egress());
    }
  }

  @Test
  void adoptionAllowedForOneNamespaceWorksThereAndStillNotInAnother(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    String other = ns.name() + "-b";
    env.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
        .create();
    ObservedInstance legacy = consoleInstance("legacy2-" + ns.name());
    try (var operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name()))) {
      adoptInOneNamespaceOnly(env, ns, other, legacy);
    } finally {
      // the extension cleans only the test's own namespace: leave nothing here for a later operator
      var leftover = env.client().resources(dev.fleet.ec2.api.v1alpha1.Ec2Instance.class).inNamespace(other);
      leftover.delete();
      for (var i : leftover.list().getItems()) {
        try {
          ConflictFreeEdit.edit(leftover.withName(i.getMetadata().getName()), latest -> {
            latest.getMetadata().setFinalizers(List.of());
            return latest;
          });
        } catch (KubernetesClientException e) {
          // gone meanwhile
        }
      }
    }
  }

  private static void adoptInOneNamespaceOnly(E2eEnvironment env, TestNamespace ns, String other,
      ObservedInstance legacy) {
    var elsewhere = new Ec2InstanceResources(env, new TestNamespace(other));
    var intruder = instance("intruder", "t3.micro", Map.of());
    intruder.getMetadata().setAnnotations(Map.of(ADOPT_INSTANCE, legacy.instanceId()));
    elsewhere.create(intruder);
    elsewhere.await("intruder", "Terminal AdoptionNotAllowed", hasCondition("Terminal", "True", "AdoptionNotAllowed"));
    assertUntouched(legacy.instanceId());

    var instances = new Ec2InstanceResources(env, ns);
    var owner = instance("owner", "t3.micro", Map.of("team", "db"));
    owner.getMetadata().setAnnotations(Map.of(ADOPT_INSTANCE, legacy.instanceId()));
    String uid = instances.create(owner).getMetadata().getUid();
    assertThat(instances.awaitReady("owner").getStatus().getInstanceId()).isEqualTo(legacy.instanceId());
    assertThat(ec2.instance(legacy.instanceId()).tags()).containsEntry("ec2.fleet.dev/owner-uid", uid)
        .containsEntry("ec2.fleet.dev/owner", ns.name() + "/owner");

    elsewhere.named("intruder").delete();
    Awaitility.await("intruder gone").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> elsewhere.get("intruder") == null);
    assertThat(ec2.instance(legacy.instanceId()).state()).as("the refused namespace's delete touches nothing")
        .isEqualTo("running");

    instances.named("owner").delete();
    Awaitility.await("owner gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("owner") == null);
    assertThat(ec2.instance(legacy.instanceId()).state()).as("the adopting namespace owns it: Delete terminates")
        .isIn("shutting-down", "terminated");
  }

  @Test
  void anInstanceProfileNotListedIsTerminalUntilTheAdministratorListsIt(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    String adminUid;
    String fleetUid;
    ec2.createInstanceProfile("web");
    ec2.createInstanceProfile("admin"); // exists in the account: only the operator's own list refuses it
    try (var operator = RunningOperator.start(env, Map.of("ALLOWED_INSTANCE_PROFILES", "web", "SPOT_PRICES", PRICE))) {
      var web = instance("web", "t3.micro", Map.of());
      web.getSpec().setIamInstanceProfile("web");
      instances.create(web);
      var admin = instance("admin", "t3.micro", Map.of());
      admin.getSpec().setIamInstanceProfile("arn:aws:iam::123456789012:instance-profile/admin");
      adminUid = instances.create(admin).getMetadata().getUid();
      fleetUid = fleets.resource(fleet("admin-fleet", "admin")).create().getMetadata().getUid();

      instances.awaitReady("web");
      var refused = instances.await("admin", "Terminal InstanceProfileNotAllowed",
          hasCondition("Terminal", "True", "InstanceProfileNotAllowed"));
      assertThat(Ec2InstanceResources.condition(refused, "Terminal").orElseThrow().getMessage())
          .contains("admin", "ALLOWED_INSTANCE_PROFILES");
      var refusedFleet = SpotFleetResources.await(fleets.withName("admin-fleet"), "fleet Terminal InstanceProfileNotAllowed",
          f -> f.getStatus().getConditions() != null && f.getStatus().getConditions().stream().anyMatch(c ->
              "Terminal".equals(c.getType()) && "True".equals(c.getStatus())
                  && "InstanceProfileNotAllowed".equals(c.getReason())));
      assertThat(refusedFleet.getStatus().getConditions().stream().filter(c -> "Terminal".equals(c.getType()))
          .findFirst().orElseThrow().getMessage()).as("the administrator lifts it: no recreate needed")
          .contains("ALLOWED_INSTANCE_PROFILES").doesNotContain("delete and recreate");
      assertThat(ec2.ownedBy(adminUid)).isEmpty();
      assertThat(ec2.ownedBy(fleetUid)).isEmpty();
    }
    // The administrator lists it: the same resources go on, with no edit by the namespace user.
    try (var operator = RunningOperator.start(env, Map.of("ALLOWED_INSTANCE_PROFILES", "web,admin", "SPOT_PRICES", PRICE))) {
      assertThat(instances.awaitReady("admin").getStatus().getInstanceId()).startsWith("i-");
      SpotFleetResources.await(fleets.withName("admin-fleet"), "fleet fulfilled",
          f -> Integer.valueOf(1).equals(f.getStatus().getFulfilledCapacity()));
      assertThat(ec2.ownedBy(fleetUid)).hasSize(1);
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  private static SpotFleet fleet(String name, String profile) {
    var ls = new LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType("t3.micro");
    ls.setIamInstanceProfile(profile);
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(1);
    spec.setLaunchSpecifications(List.of(ls));
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    f.setSpec(spec);
    return f;
  }

  @Test
  void aSpecCannotForgeOwnershipOrFleetMembershipTags(E2eEnvironment env, TestNamespace ns) {
    var instances = new Ec2InstanceResources(env, ns);
    assertThatThrownBy(() -> instances.create(instance("forger", "t3.micro",
        Map.of("ec2.fleet.dev/owner-uid", "someone-elses-uid"))))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("tag keys may not start with ec2.fleet.dev/");
    var fleet = fleet("forger", null);
    fleet.getSpec().getLaunchSpecifications().get(0).setTags(Map.of("ec2.fleet.dev/fleet", "other-team/batch"));
    assertThatThrownBy(() -> env.client().resources(SpotFleet.class).inNamespace(ns.name()).resource(fleet).create())
        .hasMessageContaining("tag keys may not start with ec2.fleet.dev/");
    var group = SecurityGroupResources.group("forger", List.of());
    group.getSpec().setTags(Map.of("aws:cloudformation:stack-name", "x"));
    assertThatThrownBy(() -> new SecurityGroupResources(env, ns).create(group))
        .hasMessageContaining("aws: (reserved by AWS)");
  }

  @Test
  void anInstanceRetaggedForAnotherInstallationIsNeverWrittenToNorTerminated(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env)) {
      instances.create(instance("moved", "t3.micro", Map.of("team", "web")));
      String id = instances.awaitReady("moved").getStatus().getInstanceId();
      // someone hands the instance to another installation in the same account, and drops a tag
      ec2.gateway().createTags(id, Map.of("ec2.fleet.dev/cluster", "another-installation"));
      ec2.gateway().deleteTags(id, List.of("team"));

      var refused = instances.await("moved", "Terminal OwnedByAnotherCluster",
          hasCondition("Terminal", "True", "OwnedByAnotherCluster"));
      assertThat(Ec2InstanceResources.condition(refused, "Terminal").orElseThrow().getMessage())
          .contains(id, "another-installation");
      assertThat(ec2.instance(id).tags()).as("its tags not restored by us").doesNotContainKey("team")
          .containsEntry("ec2.fleet.dev/cluster", "another-installation");

      instances.named("moved").delete();
      Awaitility.await("resource gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("moved") == null);
      assertThat(ec2.instance(id).state()).as("left to the other installation").isEqualTo("running");
      assertThat(ec2.instance(id).tags()).containsEntry("ec2.fleet.dev/cluster", "another-installation");
    }
  }

  @Test
  void aStatusNamingAnotherResourcesInstanceMakesTheOperatorActOnNeither(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env)) {
      instances.create(instance("victim", "t3.micro", Map.of()));
      instances.create(instance("thief", "t3.large", Map.of()));
      String victim = instances.awaitReady("victim").getStatus().getInstanceId();
      String own = instances.awaitReady("thief").getStatus().getInstanceId();
      var victimTags = ec2.instance(victim).tags();
      // someone allowed to write status (or a restore from a backup) points "thief" at another resource's instance
      ConflictFreeEdit.editStatus(instances.named("thief"), t -> {
        t.getStatus().setInstanceId(victim);
        return t;
      });
      ConflictFreeEdit.edit(instances.named("thief"), t -> { // any metadata change wakes it
        t.getMetadata().setAnnotations(Map.of("poke", "1"));
        return t;
      });
      instances.await("thief", "Terminal NotOwned", hasCondition("Terminal", "True", "NotOwned"));
      assertThat(ec2.instance(victim).instanceType()).as("not resized to the thief's type").isEqualTo("t3.micro");
      assertThat(ec2.instance(victim).tags()).isEqualTo(victimTags);

      instances.named("thief").delete();
      Awaitility.await("thief gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("thief") == null);
      assertThat(ec2.instance(victim).state()).as("another resource's instance survives the delete").isEqualTo("running");
      assertThat(ec2.instance(own).state()).as("its own instance, found by its tags, does not leak")
          .isIn("shutting-down", "terminated");
      assertThat(instances.get("victim").getStatus().getConditions()).anyMatch(c -> "Ready".equals(c.getType())
          && "True".equals(c.getStatus()));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }
}

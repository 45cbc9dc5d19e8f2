package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orphan sweep against the real API server and the emulator. An orphan is made the way it happens:
 * the operator stops, someone removes a resource's finalizer and deletes it, and the operator starts
 * again. With the default policy the orphan is only reported (in {@code ec2fleet_orphans}); with
 * {@code ORPHAN_POLICY=delete} it is removed after the grace, and nothing that is not ours (untagged,
 * another installation's, a namespace not watched, an owner outside the label selector) is touched.
 */
@ExtendWith(E2eExtension.class)
class OrphanSweepIT {
  private static final String PRICE = "t3.micro=0.004"; // the emulator's spot price history is a stub
  /** Fifteen sweeps' worth: the sweep runs every 4 poll intervals (1 s here). */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static DirectEc2 ec2;
  private final List<String> instancesMade = new ArrayList<>();
  private final List<String> groupsMade = new ArrayList<>();

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

  /** Leaves the emulator as the class found it: what a test made (or orphaned) is terminated or deleted. */
  @AfterEach
  void leaveTheEmulatorClean() {
    for (String id : instancesMade) {
      try {
        ec2.gateway().terminateInstance(id);
      } catch (CloudException e) {
        // already gone
      }
    }
    for (String id : groupsMade) {
      Awaitility.await("group " + id + " deleted").atMost(PATIENCE).ignoreExceptions().until(() -> {
        if (ec2.gateway().describeSecurityGroup(id).isPresent()) {
          ec2.gateway().deleteSecurityGroup(id);
        }
        return true;
      });
    }
  }

  /** A 1 s poll interval (a sweep every 4 s), spot prices for the fleet, and {@code more} (name, value pairs). */
  private static Map<String, String> settings(String... more) {
    Map<String, String> s = new HashMap<>(Map.of("POLL_INTERVAL", "1s", "SPOT_PRICES", PRICE));
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return s;
  }

  private static double value(RunningOperator operator, String series) throws Exception {
    var m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(operator.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static double orphans(RunningOperator operator, String kind) throws Exception {
    return value(operator, "ec2fleet_orphans{kind=\"" + kind + "\"}");
  }

  private static double completeSweeps(RunningOperator operator) throws Exception {
    return value(operator, "ec2fleet_orphan_sweeps_total{outcome=\"complete\"}");
  }

  /** Waits for two more complete sweeps than now: everything the sweep would do, it has had time to do. */
  private static void awaitTwoMoreSweeps(RunningOperator operator) throws Exception {
    double before = Math.max(0, completeSweeps(operator));
    Awaitility.await("two more complete sweeps").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> completeSweeps(operator) >= before + 2);
  }

  /** What a user with delete rights can do while the operator is stopped: drop the finalizer, delete. */
  private static <T extends HasMetadata> void forceDelete(Resource<T> resource) {
    ConflictFreeEdit.edit(resource, latest -> {
      latest.getMetadata().setFinalizers(List.of());
      return latest;
    });
    resource.delete();
    Awaitility.await("force-deleted").atMost(PATIENCE).until(() -> resource.get() == null);
  }

  private String launchDirectly(Map<String, String> tags) {
    String id = ec2.gateway().runInstance(new LaunchRequest("direct-" + UUID.randomUUID(), Ec2InstanceResources.AMI,
        "t3.micro", null, List.of(), null, null, null, null, List.of(), null, tags)).instanceId();
    instancesMade.add(id);
    return id;
  }

  private static void assertRunningWithTags(String id, Map<String, String> tags) {
    ObservedInstance now = ec2.instance(id);
    assertThat(now.state()).as(id + " left running").isEqualTo("running");
    assertThat(now.tags()).as(id + " tags untouched").isEqualTo(tags);
  }

  @Test
  void byDefaultAnOrphanedInstanceAndFleetMemberAreReportedAndLeftRunning(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    String lost;
    String member;
    try (var operator = RunningOperator.start(env, settings())) {
      instances.create(instance("lost", "t3.micro", Map.of()));
      instances.create(instance("kept", "t3.micro", Map.of()));
      String fleetUid = fleets.resource(fleet("lost-fleet")).create().getMetadata().getUid();
      lost = instances.awaitReady("lost").getStatus().getInstanceId();
      instancesMade.add(lost);
      instancesMade.add(instances.awaitReady("kept").getStatus().getInstanceId());
      SpotFleetResources.await(fleets.withName("lost-fleet"), "fleet fulfilled",
          f -> Integer.valueOf(1).equals(f.getStatus().getFulfilledCapacity()));
      member = ec2.ownedBy(fleetUid).get(0).instanceId();
      instancesMade.add(member);
    }
    forceDelete(instances.named("lost"));
    forceDelete(fleets.withName("lost-fleet"));
    var lostTags = ec2.instance(lost).tags();
    var memberTags = ec2.instance(member).tags();

    // no grace at all: were the default policy to remove anything, the next sweep would
    try (var operator = RunningOperator.start(env, settings("ORPHAN_GRACE", "0s"))) {
      Awaitility.await("the orphans reported").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
          .until(() -> orphans(operator, "instance") == 1 && orphans(operator, "fleet-instance") == 1);
      assertThat(orphans(operator, "security-group")).isZero();
      awaitTwoMoreSweeps(operator);

      assertRunningWithTags(lost, lostTags);
      assertRunningWithTags(member, memberTags);
      assertThat(orphans(operator, "instance")).as("still reported; the owned instance is not counted").isEqualTo(1);
      assertThat(orphans(operator, "fleet-instance")).isEqualTo(1);
      assertThat(value(operator, "ec2fleet_orphans_removed_total{kind=\"instance\"}")).as("nothing removed")
          .isEqualTo(-1);
      instances.awaitReady("kept");

      instances.named("kept").delete(); // with the operator: it terminates what it owns
      Awaitility.await("kept deleted").atMost(PATIENCE).until(() -> instances.get("kept") == null);
    }
  }

  @Test
  void withDeleteOrphansAreRemovedAfterTheGraceAndNothingElseIsTouched(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var groups = new SecurityGroupResources(env, ns);
    String lost;
    String lostGroup;
    String unlabelled;
    try (var operator = RunningOperator.start(env, settings())) {
      instances.create(instance("lost", "t3.micro", Map.of()));
      instances.create(instance("unlabelled", "t3.micro", Map.of()));
      groups.create(SecurityGroupResources.group("lost-sg", List.of()));
      lost = instances.awaitReady("lost").getStatus().getInstanceId();
      instancesMade.add(lost);
      unlabelled = instances.awaitReady("unlabelled").getStatus().getInstanceId();
      instancesMade.add(unlabelled);
      lostGroup = groups.awaitSynced("lost-sg").getStatus().getGroupId();
      groupsMade.add(lostGroup);
    }
    forceDelete(instances.named("lost"));
    forceDelete(groups.named("lost-sg"));

    // what is not this installation's to judge, even where its owner tag names the orphan's owner
    var untagged = Map.of("Name", "console");
    var foreign = Map.of("ec2.fleet.dev/cluster", "another-installation", "ec2.fleet.dev/owner", ns.name() + "/lost",
        "ec2.fleet.dev/owner-uid", UUID.randomUUID().toString());
    var unwatched = Map.of("ec2.fleet.dev/cluster", RunningOperator.CLUSTER, "ec2.fleet.dev/owner", "elsewhere/ghost",
        "ec2.fleet.dev/owner-uid", UUID.randomUUID().toString());
    String untaggedId = launchDirectly(untagged);
    String foreignId = launchDirectly(foreign);
    String unwatchedId = launchDirectly(unwatched);
    var unlabelledTags = ec2.instance(unlabelled).tags();
    String vpc = ec2.gateway().findDefaultVpc().orElseThrow().vpcId();
    String foreignGroup = ec2.gateway().createSecurityGroup("foreign-" + ns.name(), "another installation's", vpc,
        Map.of("ec2.fleet.dev/cluster", "another-installation", "ec2.fleet.dev/owner", ns.name() + "/lost-sg",
            "ec2.fleet.dev/owner-uid", UUID.randomUUID().toString()));
    groupsMade.add(foreignGroup);

    // only this namespace, and a label selector that matches none of its resources: the sweep must still
    // see "unlabelled" as an owner
    try (var operator = RunningOperator.start(env, settings("ORPHAN_POLICY", "delete", "ORPHAN_GRACE", "3s",
        "WATCH_NAMESPACES", ns.name(), "LABEL_SELECTOR", "ec2.fleet.dev/e2e-sweep=none"))) {
      Awaitility.await("the orphaned instance terminated and the group deleted").atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> ec2.instance(lost).isGone() && ec2.gateway().describeSecurityGroup(lostGroup).isEmpty());
      assertThat(value(operator, "ec2fleet_orphans_removed_total{kind=\"instance\"}")).isEqualTo(1);
      assertThat(value(operator, "ec2fleet_orphans_removed_total{kind=\"security-group\"}")).isEqualTo(1);
      awaitTwoMoreSweeps(operator);

      assertRunningWithTags(untaggedId, untagged);
      assertRunningWithTags(foreignId, foreign);
      assertRunningWithTags(unwatchedId, unwatched);
      assertRunningWithTags(unlabelled, unlabelledTags);
      assertThat(ec2.gateway().describeSecurityGroup(foreignGroup)).as("another installation's group").isPresent();
      assertThat(orphans(operator, "instance")).isZero();
      assertThat(orphans(operator, "security-group")).isZero();
      assertThat(value(operator, "ec2fleet_orphans_removed_total{kind=\"instance\"}")).as("only the orphan")
          .isEqualTo(1);
    }
    forceDelete(instances.named("unlabelled")); // its instance is terminated with the rest after the test
  }

  private static SpotFleet fleet(String name) {
    var ls = new LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType("t3.micro");
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(1);
    spec.setLaunchSpecifications(List.of(ls));
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    f.setSpec(spec);
    return f;
  }
}

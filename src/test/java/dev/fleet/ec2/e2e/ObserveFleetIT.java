package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.ManagementPolicy;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.AllocationStrategy;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * managementPolicy Observe on a spot fleet request made with {@code aws ec2 request-spot-fleet}: status counts its
 * members and reports what differs from the spec, with nothing written (the emulator's own record); switched to
 * Manage, it waits while EC2 still maintains the request, and once the request is cancelled keeping its
 * instances, adopts them and launches only what the spec adds.
 */
@ExtendWith(E2eExtension.class)
class ObserveFleetIT {
  private static final String ANNOTATION = "ec2.fleet.dev/adopt-fleet-request-id";

  @Test
  void aRequestMadeOutsideIsObservedThenAdoptedOnceCancelled(E2eEnvironment env, TestNamespace ns) throws Exception {
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    try (var operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name(),
        "SPOT_PRICES", SpotFleetResources.PRICES));
        var ec2 = new DirectEc2(env)) {
      String request = requestMadeOutside(ec2, 3);
      List<String> outside = ec2.sdk().describeSpotFleetInstances(r -> r.spotFleetRequestId(request))
          .activeInstances().stream().map(i -> i.instanceId()).sorted().toList();
      assertThat(outside).as("the emulator launched the request's capacity").hasSize(3);

      var recorder = new EmulatorRecorder(env);
      recorder.start();
      var f = SpotFleetResources.simple("legacy", 4);
      f.getSpec().setAllocationStrategy(AllocationStrategy.lowestPrice);
      f.getSpec().setManagementPolicy(ManagementPolicy.Observe);
      f.getMetadata().setAnnotations(Map.of(ANNOTATION, request));
      String uid = fleets.resource(f).create().getMetadata().getUid();
      var seen = SpotFleetResources.await(fleets.withName("legacy"), "observed, with what differs",
          x -> has(x, "InSync", "False", "Drifted") && Integer.valueOf(3).equals(x.getStatus().getFulfilledCapacity()));
      List<String> calls = recorder.stop();

      assertThat(seen.getStatus().getSpotFleetRequestId()).isEqualTo(request);
      assertThat(seen.getStatus().getSpotFleetRequestState()).isEqualTo("active");
      assertThat(condition(seen, "InSync").orElseThrow().getMessage()).contains("target capacity 3 (spec: 4)");
      assertThat(condition(seen, "Ready").orElseThrow().getMessage()).contains("3 of 4");
      assertThat(SpotFleetResources.counted(seen)).isEqualTo(3);
      assertThat(calls).as("the emulator heard the operator").isNotEmpty();
      assertThat(calls).as("and only reads: zero write calls while observing")
          .allSatisfy(c -> assertThat(c).startsWith("Action=Describe"));
      outside.forEach(id -> assertThat(ec2.instance(id).tags()).as("nothing tagged")
          .doesNotContainKeys(OwnershipTags.OWNER_UID, OwnershipTags.CLUSTER));

      // Manage while EC2 still maintains the request: two controllers would fight, so it waits and says how
      edit(fleets.withName("legacy"), ManagementPolicy.Manage);
      var waiting = SpotFleetResources.await(fleets.withName("legacy"), "waiting for the request to be cancelled",
          x -> has(x, "Synced", "False", "FleetRequestActive"));
      assertThat(condition(waiting, "Synced").orElseThrow().getMessage()).contains("--no-terminate-instances");
      assertThat(ec2.ownedBy(uid)).as("nothing adopted or launched while the request is active").isEmpty();

      ec2.sdk().cancelSpotFleetRequests(r -> r.spotFleetRequestIds(request).terminateInstances(false));
      var managed = SpotFleetResources.await(fleets.withName("legacy"), "adopted, then filled to the spec",
          x -> has(x, "Ready", "True", "Fulfilled") && !x.getStatus().observing());
      assertThat(managed.getStatus().getFulfilledCapacity()).isEqualTo(4);
      List<ObservedInstance> owned = ec2.ownedBy(uid);
      assertThat(owned).as("the request's three adopted, one launched: none duplicated").hasSize(4);
      assertThat(owned).extracting(ObservedInstance::instanceId).containsAll(outside);
      outside.forEach(id -> assertThat(ec2.instance(id).tags()).containsEntry(OwnershipTags.FLEET,
          ns.name() + "/legacy"));

      fleets.withName("legacy").delete(); // managed now: deletionPolicy Delete terminates every member
      org.awaitility.Awaitility.await("members terminated").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> ec2.ownedBy(uid).stream().allMatch(ObservedInstance::isGone) && fleets.withName("legacy")
              .get() == null);
    }
  }

  @Test
  void deletingAnObservedFleetLeavesTheRequestAndItsInstances(E2eEnvironment env, TestNamespace ns) throws Exception {
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    try (var operator = RunningOperator.start(env, Map.of("ADOPTION_NAMESPACES", ns.name(),
        "SPOT_PRICES", SpotFleetResources.PRICES));
        var ec2 = new DirectEc2(env)) {
      String request = requestMadeOutside(ec2, 2);
      var f = SpotFleetResources.simple("watched", 2);
      f.getSpec().setManagementPolicy(ManagementPolicy.Observe);
      f.getMetadata().setAnnotations(Map.of(ANNOTATION, request));
      fleets.resource(f).create();
      SpotFleetResources.await(fleets.withName("watched"), "observed, fulfilled",
          x -> has(x, "Ready", "True", "Fulfilled") && has(x, "Synced", "True", "Observed"));

      fleets.withName("watched").delete();
      org.awaitility.Awaitility.await("deleted").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> fleets.withName("watched").get() == null);
      assertThat(ec2.sdk().describeSpotFleetRequests(r -> r.spotFleetRequestIds(request)).spotFleetRequestConfigs())
          .singleElement().satisfies(c -> assertThat(c.spotFleetRequestStateAsString()).isEqualTo("active"));
      var members = ec2.sdk().describeSpotFleetInstances(r -> r.spotFleetRequestId(request)).activeInstances();
      assertThat(members).hasSize(2).allSatisfy(i -> {
        var now = ec2.instance(i.instanceId());
        assertThat(now.state()).as("left running").isEqualTo("running");
        assertThat(now.tags()).doesNotContainKeys(OwnershipTags.OWNER_UID, OwnershipTags.CLUSTER);
      });
      ec2.sdk().cancelSpotFleetRequests(r -> r.spotFleetRequestIds(request).terminateInstances(true));
    }
  }

  /** A spot fleet request as {@code aws ec2 request-spot-fleet} makes it: t3.small at a max price, lowest price. */
  private static String requestMadeOutside(DirectEc2 ec2, int target) {
    return ec2.sdk().requestSpotFleet(r -> r.spotFleetRequestConfig(c -> c
        .iamFleetRole("arn:aws:iam::123456789012:role/spot-fleet").targetCapacity(target)
        .allocationStrategy("lowestPrice").launchSpecifications(ls -> ls.imageId(Ec2InstanceResources.AMI)
            .instanceType("t3.small").spotPrice("0.05")))).spotFleetRequestId();
  }

  private static void edit(io.fabric8.kubernetes.client.dsl.Resource<SpotFleet> fleet, ManagementPolicy policy) {
    ConflictFreeEdit.edit(fleet, x -> {
      x.getSpec().setManagementPolicy(policy);
      return x;
    });
  }

  private static Optional<Condition> condition(SpotFleet f, String type) {
    return f.getStatus().getConditions() == null ? Optional.empty()
        : f.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static boolean has(SpotFleet f, String type, String status, String reason) {
    Predicate<Condition> match = c -> status.equals(c.getStatus()) && reason.equals(c.getReason());
    return condition(f, type).filter(match).isPresent();
  }
}

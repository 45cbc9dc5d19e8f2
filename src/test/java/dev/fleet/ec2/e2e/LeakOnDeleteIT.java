package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a resource right after EC2 created something for it, while EC2 does not list that yet (or after
 * the create's answer was lost): nothing may outlive the resource. Through the EC2-like layer, which hides
 * new instances and groups for a while and honours client tokens as EC2 does.
 */
@ExtendWith(E2eExtension.class)
class LeakOnDeleteIT {
  private static final Duration HIDDEN = Duration.ofSeconds(6);
  /** Every attempt of the SDK (3) at one call answered with a server error: the caller never hears back. */
  private static final int ALL_SDK_ATTEMPTS = 3;

  @Test
  void aGroupWhoseCreateAnswerWasLostIsFoundByItsTagsAndDeleted(E2eEnvironment env, TestNamespace ns) throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, HIDDEN, Map.of()); var ec2 = new DirectEc2(env)) {
      op.layer().loseAnswers("CreateSecurityGroup", ALL_SDK_ATTEMPTS, 500, "InternalError");
      String uid = groups.create(SecurityGroupResources.group("web", List.of())).getMetadata().getUid();
      Awaitility.await("CreateSecurityGroup reached EC2").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> op.layer().seen() >= 1);
      SecurityGroup now = groups.get("web");
      assertThat(now.getStatus() == null ? null : now.getStatus().getGroupId()).as("the id never reached status").isNull();
      groups.named("web").delete();

      Awaitility.await("resource gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> groups.get("web") == null);
      assertThat(ec2.gateway().describeSecurityGroupsByTag("ec2.fleet.dev/owner-uid", uid))
          .as("the group EC2 made for it is deleted too").isEmpty();
    }
  }

  @Test
  void anInstanceWhoseLaunchAnswerWasLostIsTerminatedOnDelete(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, HIDDEN, Map.of()); var ec2 = new DirectEc2(env)) {
      op.layer().loseAnswers("RunInstances", ALL_SDK_ATTEMPTS, 500, "InternalError");
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      Awaitility.await("every attempt of RunInstances answered with an error").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> op.layer().seen() >= ALL_SDK_ATTEMPTS);
      assertThat(instances.get("web-1").getStatus().getInstanceId()).as("the id never reached status").isNull();
      assertThat(ec2.ownedBy(uid)).as("but EC2 launched it").hasSize(1);
      instances.named("web-1").delete();

      Awaitility.await("resource gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> instances.get("web-1") == null);
      assertThat(ec2.launchedFor(uid)).as("its instance terminated").hasSize(1).allSatisfy(i ->
          assertThat(i.state()).isIn(ObservedInstance.SHUTTING_DOWN, ObservedInstance.TERMINATED));
    }
  }

  @Test
  void aFleetDeletedRightAfterALaunchTerminatesMembersEc2DoesNotListYet(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    try (var op = OperatorBehindEc2Like.start(env, HIDDEN, Map.of("SPOT_PRICES", SpotFleetResources.PRICES));
        var ec2 = new DirectEc2(env)) {
      String listed = fleets.resource(SpotFleetResources.simple("listed", 2)).create().getMetadata().getUid();
      // EC2 hides them for a while: only status.unlistedLaunches names them
      SpotFleetResources.await(fleets.withName("listed"), "launched", f -> SpotFleetResources.unlisted(f) == 2);
      // the answer of this one's launch never arrives: only status.pendingLaunch says it happened
      op.layer().loseAnswers("RunInstances", ALL_SDK_ATTEMPTS, 500, "InternalError");
      String lost = fleets.resource(SpotFleetResources.simple("lost", 2)).create().getMetadata().getUid();
      SpotFleetResources.await(fleets.withName("lost"), "launch recorded as pending",
          f -> f.getStatus().getPendingLaunch() != null && op.layer().seen() >= ALL_SDK_ATTEMPTS);
      fleets.withName("listed").delete();
      fleets.withName("lost").delete();

      Awaitility.await("fleets gone").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> fleets.withName("listed").get() == null && fleets.withName("lost").get() == null);
      for (String uid : List.of(listed, lost)) {
        assertThat(ec2.launchedFor(uid)).as("members of %s", uid).hasSize(2)
            .allSatisfy(i -> assertThat(i.state()).isIn(ObservedInstance.SHUTTING_DOWN, ObservedInstance.TERMINATED));
      }
    }
  }
}

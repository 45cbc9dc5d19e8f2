package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers that only mean EC2 has not caught up yet: retried, never Terminal, never a second launch. Through
 * the EC2-like layer, which hides new instances and groups for a while and honours client tokens as EC2 does.
 */
@ExtendWith(E2eExtension.class)
class NotCaughtUpIT {
  private static final Duration HIDDEN = Duration.ofSeconds(5);
  private static final int ALL_SDK_ATTEMPTS = 3;

  @Test
  void aGroupCreatedMomentsAgoIsNotFoundAtFirstAndUsedOnceEc2ListsIt(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    try (var op = OperatorBehindEc2Like.start(env, HIDDEN, Map.of("SPOT_PRICES", SpotFleetResources.PRICES));
        var ec2 = new DirectEc2(env);
        var throughLayer = new DirectEc2(env, op.layer().endpoint())) {
      // made by someone else (a Terraform run) moments before: EC2 answers InvalidGroup.NotFound for a while
      String fresh = throughLayer.createSecurityGroup("fresh-" + ns.name());
      var web = instance("web-1", "t3.micro", Map.of());
      web.getSpec().setSecurityGroupIds(List.of(fresh));
      instances.create(web);
      var fleet = SpotFleetResources.simple("batch", 2);
      fleet.getSpec().getLaunchSpecifications().get(0).setSecurityGroupIds(List.of(fresh));
      String fleetUid = fleets.resource(fleet).create().getMetadata().getUid();

      var ready = instances.awaitReady("web-1");
      assertThat(ready).satisfies(hasCondition("Terminal", "False", "NoError")::test);
      assertThat(ec2.instance(ready.getStatus().getInstanceId()).securityGroupIds()).containsExactly(fresh);
      var filled = SpotFleetResources.await(fleets.withName("batch"), "fulfilled",
          f -> f.getStatus().getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() == 2);
      assertThat(filled.getStatus().getConditions()).noneMatch(c -> "Terminal".equals(c.getType())
          && "True".equals(c.getStatus()));
      assertThat(ec2.ownedBy(fleetUid)).hasSize(2);
      assertThat(op.layer().stats().hiddenNotFound()).as("EC2 did answer NotFound meanwhile").isPositive();
      E2eExtension.deleteAllAndAwait(ns);
      ec2.sdk().deleteSecurityGroup(r -> r.groupId(fresh));
    }
  }

  @Test
  void aRuleEc2AlreadyHasAfterALostAnswerIsTakenAsAdded(E2eEnvironment env, TestNamespace ns) throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, Duration.ZERO, Map.of())) {
      // the first answer is lost after EC2 added the rules; the SDK's retry is then told they are duplicates
      op.layer().loseAnswers("AuthorizeSecurityGroupIngress", 1, 500, "InternalError");
      groups.create(SecurityGroupResources.group("web", List.of(
          SecurityGroupResources.rule("tcp", 443, 443, "0.0.0.0/0", "https"),
          SecurityGroupResources.rule("tcp", 22, 22, "10.0.0.0/8", "ssh"))));
      var synced = groups.awaitSynced("web");
      assertThat(synced.getStatus().getIngressRuleCount()).isEqualTo(2);
      assertThat(synced.getStatus().getConditions()).noneMatch(c -> "Terminal".equals(c.getType())
          && "True".equals(c.getStatus()));
      assertThat(op.layer().seen()).as("authorize sent again after the lost answer").isGreaterThanOrEqualTo(2);
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .as("the duplicate taken as added, not even retried").noneMatch(e -> e.getReason().startsWith("InvalidPermission"));
      E2eExtension.deleteAllAndAwait(ns);
    }
  }

  @Test
  void aSpecEditedBetweenALostLaunchAnswerAndTheRetryLaunchesNoSecondInstance(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, Duration.ofSeconds(8), Map.of()); var ec2 = new DirectEc2(env)) {
      op.layer().loseAnswers("RunInstances", ALL_SDK_ATTEMPTS, 500, "InternalError");
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      Awaitility.await("every attempt of RunInstances answered with an error").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> op.layer().seen() >= ALL_SDK_ATTEMPTS);
      String token = instances.get("web-1").getStatus().getClientToken();
      instances.edit("web-1", i -> {
        i.getSpec().setInstanceType("t3.small");
        return i;
      });

      var ready = instances.awaitReady("web-1");
      assertThat(ready.getStatus().getInstanceType()).isEqualTo("t3.small");
      assertThat(ec2.launchedFor(uid)).as("one launch, brought to the new spec").extracting(ObservedInstance::instanceId)
          .containsExactly(ready.getStatus().getInstanceId());
      assertThat(ready.getStatus().getClientToken()).as("the launch intent kept its token").isEqualTo(token);
      assertThat(op.layer().stats().tokenMismatches()).as("EC2 refused the token for the edited spec").isPositive();
      E2eExtension.deleteAllAndAwait(ns);
    }
  }
}

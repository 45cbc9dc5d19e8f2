package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance in a second region beside one in the operator's own: each is launched, tagged, repaired and
 * polled in its own region only, and the second region is polled only while something lives there.
 */
@ExtendWith(E2eExtension.class)
class RegionsIT {
  private static final String OTHER = "eu-west-1";
  /** AMI ids differ per region: the emulator's Amazon Linux 2023 image of the default AMI, in eu-west-1. */
  private static final String OTHER_AMI = "ami-0841e304792db6a16";
  private static final int POLL_SECONDS = 2;
  private static final int INTERVALS = 5;

  @Test
  void anInstanceInASecondRegionLivesIsRepairedAndIsPolledThereOnly(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of("POLL_INTERVAL", POLL_SECONDS + "s"));
        var home = new DirectEc2(env); var other = new DirectEc2(env, OTHER)) {
      String homeUid = instances.create(instance("home", "t3.micro", Map.of())).getMetadata().getUid();
      Ec2Instance away = instance("away", "t3.micro", Map.of("team", "eu"));
      away.getSpec().setRegion(OTHER);
      away.getSpec().setImageId(OTHER_AMI);
      String awayUid = instances.create(away).getMetadata().getUid();
      String homeId = instances.awaitReady("home").getStatus().getInstanceId();
      Ec2Instance awayReady = instances.awaitReady("away");
      String awayId = awayReady.getStatus().getInstanceId();

      assertThat(awayReady.getStatus().getAvailabilityZone()).startsWith(OTHER);
      assertThat(other.ownedBy(awayUid)).extracting(ObservedInstance::instanceId).containsExactly(awayId);
      assertThat(other.instance(awayId).tags()).containsEntry(OwnershipTags.OWNER_UID, awayUid)
          .containsEntry(OwnershipTags.CLUSTER, RunningOperator.CLUSTER).containsEntry("team", "eu");
      assertThat(home.ownedBy(awayUid)).as("nothing of it in the operator's own region").isEmpty();
      assertThat(other.ownedBy(homeUid)).as("nothing of the other in the second region").isEmpty();

      // drift in both regions at once: each terminated behind the operator's back is replaced where it was
      home.gateway().terminateInstance(homeId);
      other.gateway().terminateInstance(awayId);
      String homeNew = replaced(instances, "home", homeId);
      String awayNew = replaced(instances, "away", awayId);
      assertThat(home.instance(homeNew).state()).isEqualTo("running");
      assertThat(other.instance(awayNew).state()).isEqualTo("running");
      assertThat(other.ownedBy(awayUid)).extracting(ObservedInstance::instanceId).containsExactly(awayNew);

      // steady state: per region in use, one describe per kind and poll interval, each by our cluster tag
      TimeUnit.SECONDS.sleep(POLL_SECONDS); // let the replacements' own reads finish
      var recorder = new EmulatorRecorder(env);
      recorder.start();
      TimeUnit.SECONDS.sleep((long) POLL_SECONDS * INTERVALS); // fixed window: counting calls, not timing them
      List<EmulatorRecorder.Call> calls = recorder.stopCalls();
      assertThat(calls).as("only the pollers' describes, by our cluster tag").allSatisfy(c -> assertThat(c.body())
          .matches("Action=(DescribeInstances|DescribeSecurityGroups)&.*").contains("tag:ec2.fleet.dev/cluster"));
      for (String region : List.of(env.region(), OTHER)) {
        for (String action : List.of("DescribeInstances", "DescribeSecurityGroups")) {
          long n = calls.stream().filter(c -> c.region().equals(region) && c.body().startsWith("Action=" + action))
              .count();
          assertThat(n).as("%s in %s over %d poll intervals", action, region, INTERVALS)
              .isBetween((long) INTERVALS - 2, (long) INTERVALS + 2);
        }
      }

      // the last resource of the second region goes: its instance with it, and its polls
      instances.deleteAndAwaitGone("away");
      assertThat(other.ownedBy(awayUid)).as("terminated in its region").isEmpty();
      recorder.start();
      TimeUnit.SECONDS.sleep((long) POLL_SECONDS * 2);
      assertThat(recorder.stopCalls()).as("no call to a region no resource uses")
          .noneSatisfy(c -> assertThat(c.region()).isEqualTo(OTHER));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  private static String replaced(Ec2InstanceResources instances, String name, String before) {
    return instances.await(name, "replacement Ready", i -> i.getStatus().getInstanceId() != null
        && !before.equals(i.getStatus().getInstanceId()) && hasCondition("Ready", "True", "Running").test(i))
        .getStatus().getInstanceId();
  }
}

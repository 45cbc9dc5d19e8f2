package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator killed between RunInstances and the status write: the next operator finds the launch by
 * its ownership tags and adopts it instead of launching again.
 */
@ExtendWith(E2eExtension.class)
class Ec2InstanceCrashSafetyIT {

  @Test
  void launchesWhoseStatusWriteNeverHappenedAreAdoptedNotDuplicated(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var ec2 = new DirectEc2(env)) {
      // What an earlier operator run left behind: the write-ahead token in status, the instance in EC2,
      // and no instance id in status. For web-2 it even launched twice (the emulator ignores tokens).
      Ec2Instance one = instances.create(instance("web-1", "t3.micro", Map.of()));
      Ec2Instance two = instances.create(instance("web-2", "t3.micro", Map.of()));
      String lost = earlierLaunch(ec2, ns, one, "g1-tok1").instanceId();
      String older = earlierLaunch(ec2, ns, two, "tok-2").instanceId();
      String newer = earlierLaunch(ec2, ns, two, "tok-2").instanceId();
      writeAheadOnly(instances, "web-1", one.getMetadata().getUid() + "-g1-tok1");

      try (var operator = RunningOperator.start(env)) {
        var ready = instances.awaitReady("web-1");
        assertThat(ready.getStatus().getInstanceId()).isEqualTo(lost);
        assertThat(ready.getStatus().getClientToken()).isEqualTo(one.getMetadata().getUid() + "-g1-tok1");
        assertThat(ec2.ownedBy(one.getMetadata().getUid())).extracting(ObservedInstance::instanceId)
            .containsExactly(lost);

        var readyTwo = instances.awaitReady("web-2");
        // one of the two is kept (the older; launched in the same second here, either), the other terminated
        String kept = readyTwo.getStatus().getInstanceId();
        assertThat(kept).isIn(older, newer);
        assertThat(ec2.ownedBy(two.getMetadata().getUid())).extracting(ObservedInstance::instanceId)
            .containsExactly(kept);
        assertThat(ec2.instance(kept.equals(older) ? newer : older).state()).isIn("shutting-down", "terminated");
        instances.deleteAndAwaitGone("web-1", "web-2");
      }
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .extracting(e -> e.getReason()).contains("Found", "DuplicateTerminated").doesNotContain("Launched");
    }
  }

  private static ObservedInstance earlierLaunch(DirectEc2 ec2, TestNamespace ns, Ec2Instance r, String token) {
    Map<String, String> tags = new HashMap<>(OwnershipTags.of(RunningOperator.CLUSTER, ns.name(),
        r.getMetadata().getName(), r.getMetadata().getUid()).asMap());
    tags.put("Name", r.getMetadata().getName());
    return ec2.gateway().runInstance(new LaunchRequest(r.getMetadata().getUid() + "-" + token,
        Ec2InstanceResources.AMI, "t3.micro", null, List.of(), null, null, null, null, List.of(), null, tags));
  }

  private static void writeAheadOnly(Ec2InstanceResources instances, String name, String token) {
    Ec2Instance latest = instances.get(name);
    var status = new Ec2InstanceStatus();
    status.setClientToken(token);
    latest.setStatus(status);
    instances.named(name).patchStatus(latest);
  }
}

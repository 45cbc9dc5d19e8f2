package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.ObservedInstance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance terminated by someone else while a pass acts on it is replaced. The operator learns of it from
 * its own describe after the action, so the next poll, which reports the same, wakes nobody: the pass that
 * saw it gone must replace it itself.
 */
@ExtendWith(E2eExtension.class)
class InstanceGoneMidPassIT {
  @Test
  void anInstanceTerminatedWhileTheOperatorStartsItIsReplaced(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, Duration.ZERO, Map.of()); var ec2 = new DirectEc2(env)) {
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      String first = instances.awaitReady("web-1").getStatus().getInstanceId();
      // someone terminates it while the operator's StartInstances is on its way back
      op.layer().beforeAnswering("StartInstances", params -> {
        if (params.containsValue(first)) {
          ec2.gateway().terminateInstance(first);
        }
      });
      ec2.gateway().stopInstance(first); // the operator starts it again, as the spec says running

      var replaced = instances.await("web-1", "replacement Ready", i -> i.getStatus().getInstanceId() != null
          && !first.equals(i.getStatus().getInstanceId()) && hasCondition("Ready", "True", "Running").test(i));
      assertThat(ec2.instance(first).state()).isIn("shutting-down", "terminated");
      assertThat(ec2.ownedBy(uid)).filteredOn(i -> !i.isGone()).extracting(ObservedInstance::instanceId)
          .containsExactly(replaced.getStatus().getInstanceId());
      E2eExtension.deleteAllAndAwait(ns);
    }
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throttling and capacity errors: Synced=False with EC2's code, retried with backoff (no storm), and
 * the instance launched once EC2 recovers, never twice.
 */
@ExtendWith(E2eExtension.class)
class Ec2InstanceRecoverableErrorIT {

  @Test
  void throttledLaunchIsRetriedWithBackoffAndSucceedsOnce(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString()));
        var ec2 = new DirectEc2(env)) {
      // 9 refusals: three reconcile attempts' worth, each of which the SDK itself tries three times
      proxy.fail("RunInstances", 9, 503, "RequestLimitExceeded");
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();

      var throttled = instances.await("web-1", "Synced=False RequestLimitExceeded",
          hasCondition("Synced", "False", "RequestLimitExceeded"));
      assertThat(throttled).satisfies(hasCondition("Terminal", "False", "NoError")::test);
      var ready = instances.awaitReady("web-1");

      assertThat(ec2.ownedBy(uid)).hasSize(1).first().satisfies(i ->
          assertThat(i.instanceId()).isEqualTo(ready.getStatus().getInstanceId()));
      assertThat(proxy.seen()).as("RunInstances requests: 9 refused, then one that launched").isEqualTo(10);
      assertThat(operator.metrics()).contains("ec2fleet_ec2_throttled_total{action=\"RunInstances\",scope=\"us-east-1\"}");
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RequestLimitExceeded"));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  @Test
  void capacityShortageIsNotTerminal(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString()))) {
      proxy.fail("RunInstances", 3, 500, "InsufficientInstanceCapacity");
      instances.create(instance("web-1", "t3.micro", Map.of()));
      instances.await("web-1", "Synced=False InsufficientInstanceCapacity",
          hasCondition("Synced", "False", "InsufficientInstanceCapacity"));
      instances.awaitReady("web-1");
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

}

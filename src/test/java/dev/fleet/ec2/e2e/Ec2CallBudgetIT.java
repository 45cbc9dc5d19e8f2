package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's EC2 call budget end to end: per-id calls that many resources make at once reach EC2 as
 * fewer, multi-id calls. Counted by the EC2-like layer, which sees every request that reaches "EC2".
 */
@ExtendWith(E2eExtension.class)
class Ec2CallBudgetIT {
  private static final int COUNT = 10;
  private static final Pattern TERMINATE_CALLS = Pattern.compile(
      "ec2fleet_ec2_call_seconds_count\\{action=\"TerminateInstances\",outcome=\"ok\",scope=\"us-east-1\"} (\\d+)");

  @Test
  void instancesDeletedAtOnceAreTerminatedInFewerCallsThanInstances(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var op = OperatorBehindEc2Like.start(env, Duration.ZERO, Map.of()); var ec2 = new DirectEc2(env)) {
      List<String> names = IntStream.range(0, COUNT).mapToObj(n -> "web-" + n).toList();
      names.forEach(n -> instances.create(instance(n, "t3.micro", Map.of())));
      List<String> ids = names.stream().map(n -> instances.awaitReady(n).getStatus().getInstanceId()).toList();
      assertThat(op.layer().stats().requests("TerminateInstances")).isZero();

      env.client().resources(Ec2Instance.class).inNamespace(ns.name()).delete(); // all at once, as kubectl delete --all
      Awaitility.await("all deleted").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> names.stream().allMatch(n -> instances.get(n) == null));

      long terminateCalls = op.layer().stats().requests("TerminateInstances");
      assertThat(terminateCalls).as("TerminateInstances requests for %d instances", COUNT).isBetween(1L, COUNT - 1L);
      assertThat(ids).allSatisfy(id -> assertThat(ec2.instance(id).state())
          .isIn(ObservedInstance.SHUTTING_DOWN, ObservedInstance.TERMINATED));
      Matcher metered = TERMINATE_CALLS.matcher(op.operator().metrics());
      assertThat(metered.find()).as("the operator's own count of TerminateInstances calls").isTrue();
      assertThat(Long.parseLong(metered.group(1))).isEqualTo(terminateCalls);
    }
  }
}

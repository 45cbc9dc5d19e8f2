package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With 20 instances in sync, EC2 hears one DescribeInstances page per poll interval and nothing else. */
@ExtendWith(E2eExtension.class)
class Ec2InstanceSteadyStateIT {
  private static final int INSTANCES = 20;
  private static final int POLL_SECONDS = 2;
  private static final int INTERVALS = 5;
  private static final Pattern DESCRIBES =
      Pattern.compile("ec2fleet_ec2_call_seconds_count\\{action=\"DescribeInstances\",outcome=\"ok\",scope=\"us-east-1\"} (\\d+)");

  @Test
  void steadyStateIsOneBatchedDescribePerPollInterval(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of("POLL_INTERVAL", POLL_SECONDS + "s"))) {
      IntStream.range(0, INSTANCES).forEach(n -> instances.create(instance("web-" + n, "t3.micro", Map.of())));
      IntStream.range(0, INSTANCES).forEach(n -> instances.awaitReady("web-" + n));
      TimeUnit.SECONDS.sleep(POLL_SECONDS); // let the last reconciles' own reads finish

      var recorder = new EmulatorRecorder(env);
      long before = describes(operator);
      recorder.start();
      TimeUnit.SECONDS.sleep((long) POLL_SECONDS * INTERVALS); // fixed window: counting calls, not timing them
      List<String> calls = recorder.stop();
      long after = describes(operator);

      // one batched describe per kind and interval (the SecurityGroup poller runs too), nothing else
      assertThat(calls).as("only the pollers' describes in steady state").allSatisfy(b -> assertThat(b)
          .matches("Action=(DescribeInstances|DescribeSecurityGroups)&.*"));
      assertThat(calls).as("each filtered by our cluster tag, never per resource")
          .allSatisfy(b -> assertThat(b).contains("tag:ec2.fleet.dev/cluster").doesNotContain("InstanceId"));
      long instanceDescribes = EmulatorRecorder.count(calls, "DescribeInstances");
      assertThat(instanceDescribes).as("DescribeInstances over %d poll intervals", INTERVALS)
          .isBetween((long) INTERVALS - 2, (long) INTERVALS + 2);
      assertThat(after - before).as("the operator's own metric agrees with the emulator's record")
          .isBetween(instanceDescribes - 1, instanceDescribes + 1);
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  private static long describes(RunningOperator operator) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = DESCRIBES.matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator processes with leader election: only the leader calls EC2; after the leader is killed
 * (SIGKILL) the other takes over within the lease duration, and nothing is launched twice.
 */
@ExtendWith(E2eExtension.class)
class LeaderElectionIT {
  private static final Pattern EC2_CALL = Pattern.compile("(?m)^ec2fleet_ec2_call_seconds_count\\{[^}]*} (\\d+)");

  private static long ec2Calls(OperatorProcess op) throws Exception {
    var m = EC2_CALL.matcher(op.metrics());
    long total = 0;
    while (m.find()) {
      total += Long.parseLong(m.group(1));
    }
    return total;
  }

  @Test
  void onlyTheLeaderActsAndTheOtherTakesOverWhenItIsKilled(E2eEnvironment env, TestNamespace ns) throws Exception {
    Map<String, String> settings = Map.of("LEADER_ELECTION", "true", "POD_NAMESPACE", ns.name(),
        "CLUSTER_NAME", "e2e-le", "POLL_INTERVAL", "2s", "AWS_REGION", "us-east-1");
    var instances = new Ec2InstanceResources(env, ns);
    try (var first = OperatorProcess.start(env, "operator-a", settings);
        var second = OperatorProcess.start(env, "operator-b", settings)) {
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      instances.awaitReady("web-1");

      long a = ec2Calls(first);
      long b = ec2Calls(second);
      assertThat(a == 0 ^ b == 0).as("exactly one process called EC2 (a=%d, b=%d)", a, b).isTrue();
      OperatorProcess leader = a > 0 ? first : second;
      OperatorProcess follower = a > 0 ? second : first;

      leader.kill();
      String uid2 = instances.create(instance("web-2", "t3.micro", Map.of())).getMetadata().getUid();
      Awaitility.await("the follower takes over").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ec2Calls(follower) > 0);
      instances.awaitReady("web-2");
      try (var ec2 = new DirectEc2(env)) {
        assertThat(ec2.ownedBy(uid)).as("web-1 not launched again").hasSize(1);
        assertThat(ec2.ownedBy(uid2)).hasSize(1);
      }
      assertThat(Files.readString(follower.log())).contains("New leader");
    }
  }
}

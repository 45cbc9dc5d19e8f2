package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator processes with leader election, each authenticated only by the Helm chart's
 * ServiceAccount token (so the chart's Lease Role is proven too): only the leader calls EC2; after the
 * leader is killed (SIGKILL) the other takes over within the lease duration, and nothing is launched twice.
 */
@ExtendWith(E2eExtension.class)
class LeaderElectionIT {
  private static final Pattern EC2_CALL = Pattern.compile("(?m)^ec2fleet_ec2_call_seconds_count\\{[^}]*} (\\d+)");

  private static long ec2Calls(OperatorProcess op) throws Exception {
    return (long) MetricsText.sum(op.metrics(), EC2_CALL);
  }

  @Test
  void onlyTheLeaderActsAndTheOtherTakesOverWhenItIsKilled(E2eEnvironment env, TestNamespace ns) throws Exception {
    env.applyInstallManifest();
    String token = env.client().serviceAccounts().inNamespace("ec2-fleet-system").withName("ec2-fleet-operator")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    var admin = env.client().getConfiguration();
    Path kubeconfig = E2eEnvironment.ROOT.resolve("target/operator-sa.kubeconfig");
    Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n"
        + "    server: " + admin.getMasterUrl() + "\n    certificate-authority: " + admin.getCaCertFile() + "\n"
        + "users:\n- name: operator\n  user:\n    token: " + token + "\n"
        + "contexts:\n- name: operator\n  context: {cluster: local, user: operator}\ncurrent-context: operator\n");
    Map<String, String> settings = Map.of("LEADER_ELECTION", "true", "POD_NAMESPACE", "ec2-fleet-system",
        "CLUSTER_NAME", "e2e-le", "POLL_INTERVAL", "2s", "AWS_REGION", "us-east-1",
        "KUBECONFIG", kubeconfig.toString());
    var instances = new Ec2InstanceResources(env, ns);
    try (var first = OperatorProcess.start(env, "operator-a", settings);
        var second = OperatorProcess.start(env, "operator-b", settings)) {
      String uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      var fleet = new dev.fleet.ec2.api.v1alpha1.SpotFleet();
      fleet.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("batch").build());
      fleet.setSpec(new dev.fleet.ec2.api.v1alpha1.SpotFleetSpec());
      fleet.getSpec().setTargetCapacity(3);
      var ls = new dev.fleet.ec2.api.v1alpha1.LaunchSpecification();
      ls.setImageId(Ec2InstanceResources.AMI);
      ls.setInstanceType("t3.micro");
      fleet.getSpec().setLaunchSpecifications(java.util.List.of(ls));
      String fleetUid = env.client().resources(dev.fleet.ec2.api.v1alpha1.SpotFleet.class).inNamespace(ns.name())
          .resource(fleet).create().getMetadata().getUid();
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
        // the new leader saw the fleet's instances before acting: nothing launched again
        Awaitility.await("fleet still exactly at target").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
            .until(() -> ec2.ownedBy(fleetUid).size() == 3);
      }
      assertThat(Files.readString(follower.log())).contains("New leader");
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }
}

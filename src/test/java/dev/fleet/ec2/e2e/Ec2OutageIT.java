package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.SpotFleetResources.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EC2 unreachable while the operator starts: it starts anyway, reports the outage on the resources,
 * and when EC2 answers again it counts what already runs before launching anything.
 */
@ExtendWith(E2eExtension.class)
class Ec2OutageIT {
  private static final Map<String, String> PRICES = Map.of("SPOT_PRICES", "t3.small=0.010");

  @Test
  void startsDuringAnOutageAndLaunchesNoDuplicateOnceEc2Answers(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    Resource<SpotFleet> fleet = env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName("batch");
    String uid;
    try (var ec2 = new DirectEc2(env)) {
      try (var first = RunningOperator.start(env, PRICES)) {
        uid = env.client().resource(fleet("batch", 3)).inNamespace(ns.name()).create().getMetadata().getUid();
        await(fleet, "fulfilled by the first operator", f -> Integer.valueOf(3).equals(f.getStatus()
            .getFulfilledCapacity()));
      }
      assertThat(ec2.ownedBy(uid)).hasSize(3);
      // The status is lost while no operator runs (a restore from backup, say): only EC2 still knows the members.
      ConflictFreeEdit.editStatus(fleet, f -> {
        f.setStatus(new SpotFleetStatus());
        return f;
      });

      try (var proxy = new FaultInjectingProxy(env.ec2Endpoint())) {
        proxy.failAll(503, "Unavailable");
        var overrides = new java.util.HashMap<>(PRICES);
        overrides.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        overrides.put("POLL_INTERVAL", "60s"); // EC2 answers again long before the next scheduled poll
        try (var second = RunningOperator.start(env, overrides)) {
          await(fleet, "Synced=False carrying EC2's error", f -> f.getStatus().getConditions() != null
              && f.getStatus().getConditions().stream().anyMatch(c -> "Synced".equals(c.getType())
                  && "False".equals(c.getStatus()) && c.getMessage() != null && c.getMessage().contains("Unavailable")));
          assertThat(ec2.ownedBy(uid)).as("nothing launched during the outage").hasSize(3);

          proxy.heal();
          var synced = await(fleet, "Ready again", f -> f.getStatus().getConditions() != null
              && f.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                  && "True".equals(c.getStatus())));
          assertThat(synced.getStatus().getFulfilledCapacity()).isEqualTo(3);
          assertThat(ec2.ownedBy(uid)).as("the three members found, none launched again").hasSize(3);

          fleet.delete();
          Awaitility.await("fleet deleted").atMost(Ec2InstanceResources.PATIENCE).until(() -> fleet.get() == null);
          assertThat(ec2.ownedBy(uid)).as("deletion terminated every member").isEmpty();
        }
      }
    }
  }

  /**
   * The operator killed mid-call looks to EC2 like a RunInstances whose answer never came back. The
   * retried pass must repeat the client token, so that real EC2 returns the first launch instead of a
   * second one (the emulator ignores tokens, so here only the requests can show it).
   */
  @Test
  void aLaunchWhoseAnswerIsLostIsRetriedUnderTheSameClientToken(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint())) {
      var overrides = new java.util.HashMap<>(PRICES);
      overrides.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
      overrides.put("POLL_INTERVAL", "60s"); // the retried pass must not learn of the launches from a poll
      // three lost answers exhaust the SDK's own attempts; the fourth is the operator's next pass
      proxy.loseAnswers("RunInstances", 4, 503, "ServiceUnavailable");
      try (var operator = RunningOperator.start(env, overrides)) {
        String uid = env.client().resource(fleet("batch", 2)).inNamespace(ns.name()).create().getMetadata().getUid();
        Awaitility.await("RunInstances answered after a retried pass").atMost(Ec2InstanceResources.PATIENCE)
            .until(() -> proxy.seen() >= 5);
        List<String> tokens = proxy.bodies().stream().map(Ec2OutageIT::clientToken).toList();
        assertThat(tokens.get(0)).startsWith(uid + "-g1-");
        assertThat(tokens).as("every attempt, across passes, under one token").hasSizeGreaterThanOrEqualTo(5)
            .containsOnly(tokens.get(0));

        // the emulator launched on every lost answer; deletion finds all of it by tags and leaks nothing
        var fleet = env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName("batch");
        fleet.delete();
        Awaitility.await("fleet deleted").atMost(Ec2InstanceResources.PATIENCE).until(() -> fleet.get() == null);
        try (var ec2 = new DirectEc2(env)) {
          assertThat(ec2.ownedBy(uid)).isEmpty();
        }
      }
    }
  }

  private static String clientToken(String form) {
    for (String pair : form.split("&")) {
      if (pair.startsWith("ClientToken=")) {
        return java.net.URLDecoder.decode(pair.substring("ClientToken=".length()), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static SpotFleet fleet(String name, int target) {
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(target);
    var ls = new LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType("t3.small");
    spec.setLaunchSpecifications(List.of(ls));
    f.setSpec(spec);
    return f;
  }

}

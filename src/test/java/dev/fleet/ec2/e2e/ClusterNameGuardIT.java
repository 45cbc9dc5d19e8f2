package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator restarted under another cluster name does not recognise what the resources already have in
 * EC2 (its ownership tags carry the old name): it must say so and leave them alone, not launch a second set.
 */
@ExtendWith(E2eExtension.class)
class ClusterNameGuardIT {
  private static final Map<String, String> BLUE = Map.of("CLUSTER_NAME", "e2e-blue", "SPOT_PRICES",
      SpotFleetResources.PRICES);
  private static final Map<String, String> GREEN = Map.of("CLUSTER_NAME", "e2e-green", "SPOT_PRICES",
      SpotFleetResources.PRICES);

  @Test
  void aRenamedOperatorLaunchesNothingAndSaysWhyUntilTheNameIsBack(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    String uid;
    String fleetUid;
    try (var blue = RunningOperator.start(env, BLUE)) {
      uid = instances.create(instance("web-1", "t3.micro", Map.of())).getMetadata().getUid();
      fleetUid = fleets.resource(SpotFleetResources.simple("batch", 2)).create().getMetadata().getUid();
      assertThat(instances.awaitReady("web-1").getStatus().getClusterName()).isEqualTo("e2e-blue");
      SpotFleetResources.await(fleets.withName("batch"), "fulfilled", f -> f.getStatus().getFulfilledCapacity() == 2);
    }
    try (var green = RunningOperator.start(env, GREEN); var ec2 = new DirectEc2(env)) {
      var stopped = instances.await("web-1", "ClusterNameChanged", hasCondition("Synced", "False", "ClusterNameChanged"));
      assertThat(Ec2InstanceResources.condition(stopped, "Synced").orElseThrow().getMessage())
          .contains("'e2e-blue'", "--cluster-name=e2e-blue");
      SpotFleetResources.await(fleets.withName("batch"), "fleet ClusterNameChanged", f -> f.getStatus().getConditions()
          .stream().anyMatch(c -> "Synced".equals(c.getType()) && "ClusterNameChanged".equals(c.getReason())));
      // deleting under the wrong name would leave the instances running unseen: the finalizers stay
      instances.named("web-1").delete();
      fleets.withName("batch").delete();
      Awaitility.await("nothing launched, nothing deleted").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15))
          .until(() -> ec2.ownedBy(uid).size() == 1 && ec2.ownedBy(fleetUid).size() == 2
              && instances.get("web-1") != null && fleets.withName("batch").get() != null);
    }
    try (var blue = RunningOperator.start(env, BLUE); var ec2 = new DirectEc2(env)) {
      Awaitility.await("deleted under the right name").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> instances.get("web-1") == null && fleets.withName("batch").get() == null);
      assertThat(ec2.ownedBy(uid)).allSatisfy(i -> assertThat(i.state()).isEqualTo("shutting-down"));
      assertThat(ec2.ownedBy(fleetUid)).allSatisfy(i -> assertThat(i.state()).isEqualTo("shutting-down"));
    }
  }
}

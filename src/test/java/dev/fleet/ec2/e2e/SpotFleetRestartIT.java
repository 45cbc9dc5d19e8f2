package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.InterruptionMessages.spotInterruptionWarning;
import static dev.fleet.ec2.e2e.SpotFleetResources.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operator restarts between an interruption warning and the instance's end. The queue message is
 * consumed by then; the warning lives on in the fleet's status, so the new process neither counts the
 * warned instance as capacity nor trims its replacement as surplus.
 */
@ExtendWith(E2eExtension.class)
class SpotFleetRestartIT {

  @Test
  void aRestartAfterAWarningKeepsTheReplacementAndTheWarning(E2eEnvironment env, TestNamespace ns) throws Exception {
    Resource<SpotFleet> fleet = env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName("restarted");
    try (var ec2 = new DirectEc2(env);
        var sqs = SqsClient.builder().endpointOverride(env.ec2Endpoint()).region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create()).build()) {
      String queueUrl = sqs.createQueue(r -> r.queueName("restart-interruptions")).queueUrl();
      Map<String, String> config = Map.of("SPOT_PRICES", "t3.small=0.010,t3.medium=0.016",
          "INTERRUPTION_QUEUE_URL", queueUrl);
      String victim;
      Set<String> afterReplacement;
      try (var first = RunningOperator.start(env, config)) {
        String uid = env.client().resource(twoPools(ec2)).inNamespace(ns.name()).create().getMetadata().getUid();
        await(fleet, "fulfilled", f -> Integer.valueOf(2).equals(f.getStatus().getFulfilledCapacity()));
        victim = running(ec2, uid).get(0);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning(victim)));
        await(fleet, "warning recorded, replacement counted", f -> warned(f, victim)
            && Integer.valueOf(2).equals(f.getStatus().getFulfilledCapacity()) && SpotFleetResources.counted(f) == 2);
        afterReplacement = Set.copyOf(running(ec2, uid));
      }
      assertThat(afterReplacement).hasSize(3).contains(victim);

      try (var second = RunningOperator.start(env, config)) {
        String fleetTag = "{fleet=\"" + ns.name() + "/restarted\"}";
        Awaitility.await("the new process reported the fleet").atMost(Ec2InstanceResources.PATIENCE)
            .until(() -> second.metrics().contains("ec2fleet_fleet_fulfilled_capacity" + fleetTag + " 2.0"));
        String uid = fleet.get().getMetadata().getUid();
        Awaitility.await("nothing trimmed, the warning kept").during(Duration.ofSeconds(6))
            .atMost(Duration.ofSeconds(20)).until(() -> Set.copyOf(running(ec2, uid)).equals(afterReplacement)
                && warned(fleet.get(), victim));
        assertThat(fleet.get().getStatus().getInterruptions()).isEqualTo(1);

        fleet.delete();
        Awaitility.await("fleet deleted").atMost(Ec2InstanceResources.PATIENCE).until(() -> fleet.get() == null);
        assertThat(ec2.ownedBy(uid)).as("the warned instance and its replacement terminated").isEmpty();
      }
    }
  }

  private static SpotFleet twoPools(DirectEc2 ec2) {
    var subnets = ec2.gateway().describeSubnets(ec2.gateway().findDefaultVpc().orElseThrow().vpcId());
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("restarted").build());
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(2);
    spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    spec.setLaunchSpecifications(List.of(SpotFleetResources.launchSpec("t3.small", subnets.get(0).subnetId()),
        SpotFleetResources.launchSpec("t3.medium", subnets.get(1).subnetId())));
    f.setSpec(spec);
    return f;
  }

  private static boolean warned(SpotFleet f, String instanceId) {
    return SpotFleetResources.warnedOfInterruption(f, instanceId);
  }

  private static List<String> running(DirectEc2 ec2, String uid) {
    return ec2.ownedBy(uid).stream().filter(i -> ObservedInstance.RUNNING.equals(i.state()))
        .map(ObservedInstance::instanceId).sorted().collect(Collectors.toList());
  }


}

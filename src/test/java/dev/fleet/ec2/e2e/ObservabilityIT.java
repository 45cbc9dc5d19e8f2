package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a scenario over the three kinds, run by the operator as its own process: the documented
 * metrics are there with the values the scenario caused, and neither logs nor events carry user data.
 */
@ExtendWith(E2eExtension.class)
class ObservabilityIT {

  private static double value(String metrics, String series) {
    var m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void metricsShowTheScenarioAndNothingLeaksUserData(E2eEnvironment env, TestNamespace ns) throws Exception {
    String marker = "secret-marker-" + UUID.randomUUID();
    try (var op = OperatorProcess.start(env, "operator-observed", Map.of("CLUSTER_NAME", "e2e-obs",
        "POLL_INTERVAL", "2s", "LOG_FORMAT", "json"))) {
      var groups = new SecurityGroupResources(env, ns);
      var instances = new Ec2InstanceResources(env, ns);
      groups.create(SecurityGroupResources.group("web-sg", List.of()));
      var web = instance("web-1", "t3.micro", Map.of());
      web.getSpec().setUserData("#!/bin/bash\necho " + marker + "\n");
      instances.create(web);
      var fleet = new SpotFleet();
      fleet.setMetadata(new ObjectMetaBuilder().withName("batch").build());
      fleet.setSpec(new SpotFleetSpec());
      fleet.getSpec().setTargetCapacity(3);
      var ls = new LaunchSpecification();
      ls.setImageId(Ec2InstanceResources.AMI);
      ls.setInstanceType("t3.micro");
      ls.setUserData("echo " + marker);
      fleet.getSpec().setLaunchSpecifications(List.of(ls));
      env.client().resources(SpotFleet.class).inNamespace(ns.name()).resource(fleet).create();
      groups.awaitSynced("web-sg");
      instances.awaitReady("web-1");

      String fleetTag = "{fleet=\"" + ns.name() + "/batch\"}";
      Awaitility.await("fleet capacity in metrics").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> value(op.metrics(), "ec2fleet_fleet_fulfilled_capacity" + fleetTag) >= 3);
      String metrics = op.metrics();
      assertThat(value(metrics, "ec2fleet_fleet_target_capacity" + fleetTag)).isEqualTo(3.0);
      assertThat(value(metrics, "ec2fleet_ec2_call_seconds_count{action=\"RunInstances\",outcome=\"ok\",scope=\"us-east-1\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(value(metrics, "ec2fleet_ec2_call_seconds_count{action=\"CreateSecurityGroup\",outcome=\"ok\",scope=\"us-east-1\"}"))
          .isEqualTo(1);
      assertThat(value(metrics, "ec2fleet_ec2_call_seconds_count{action=\"DescribeInstances\",outcome=\"ok\",scope=\"us-east-1\"}"))
          .isPositive();
      assertThat(metrics).contains("operator_sdk_", "jvm_memory_used_bytes");
      assertThat(value(metrics, "ec2fleet_resources{kind=\"Ec2Instance\",state=\"Ready\"}")).isEqualTo(1.0);
      assertThat(value(metrics, "ec2fleet_resources{kind=\"SecurityGroup\",state=\"Ready\"}")).isEqualTo(1.0);
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .as("condition changes are events").anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ReadyChanged"));

      String log = Files.readString(op.log());
      assertThat(log).contains("\"level\":\"INFO\"").contains(ns.name() + "\\/web-1").doesNotContain(marker);
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .isNotEmpty().allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(marker));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }
}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.OwnershipTags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two operators with different label selectors split the resources between them. */
@ExtendWith(E2eExtension.class)
class LabelSelectorIT {

  @Test
  void eachOperatorReconcilesOnlyItsOwnShard(E2eEnvironment env, TestNamespace ns) throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    try (var a = RunningOperator.start(env, Map.of("LABEL_SELECTOR", "shard=a", "CLUSTER_NAME", "e2e-a"));
        var b = RunningOperator.start(env, Map.of("LABEL_SELECTOR", "shard=b", "CLUSTER_NAME", "e2e-b"));
        var ec2 = new DirectEc2(env)) {
      var inA = SecurityGroupResources.group("in-a", List.of());
      inA.getMetadata().setLabels(Map.of("shard", "a"));
      var inB = SecurityGroupResources.group("in-b", List.of());
      inB.getMetadata().setLabels(Map.of("shard", "b"));
      groups.create(inA);
      groups.create(inB);
      groups.create(SecurityGroupResources.group("unlabelled", List.of()));

      String idA = groups.awaitSynced("in-a").getStatus().getGroupId();
      String idB = groups.awaitSynced("in-b").getStatus().getGroupId();
      assertThat(ec2.gateway().describeSecurityGroup(idA).orElseThrow().tags())
          .containsEntry(OwnershipTags.CLUSTER, "e2e-a");
      assertThat(ec2.gateway().describeSecurityGroup(idB).orElseThrow().tags())
          .containsEntry(OwnershipTags.CLUSTER, "e2e-b");
      Awaitility.await("nobody takes the unlabelled group").during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10)).until(() -> groups.get("unlabelled").getStatus().getObservedGeneration() == null);
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }
}

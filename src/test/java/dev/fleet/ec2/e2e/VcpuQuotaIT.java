package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.condition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static dev.fleet.ec2.e2e.SpotFleetResources.launchSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new account's vCPU quota, as EC2 refuses a launch over it ({@code VcpuLimitExceeded}, injected by the proxy
 * for one instance type): the resource names the quota and how to ask for more, backs off, and launches once
 * the quota allows; a fleet fills from an instance family of another quota bucket.
 */
@ExtendWith(E2eExtension.class)
class VcpuQuotaIT {
  /** EC2's words (the limit stated in them is the only value of the quota EC2 gives). */
  static final String EC2_SAYS = "You have requested more vCPU capacity than your current vCPU limit of 5 allows"
      + " for the instance bucket that the specified instance type belongs to. Please visit"
      + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.";
  private static final String CODE = "VcpuLimitExceeded";
  /** No other test uses it; its AMI id is the emulator's image of the default AMI there. */
  private static final String QUOTA_REGION = "ap-northeast-2";
  private static final String QUOTA_REGION_AMI = "ami-087e08db3e40f7429";

  /**
   * In a region of its own, so that the vCPUs in use are only what this test runs there: Service Quotas answers
   * the applied value (through the proxy: the emulator knows VPC's quotas only), EC2 the instances.
   */
  @Test
  void anInstanceOverTheQuotaSaysWhichQuotaItsValueAndUseBacksOffAndLaunchesOnceItAllows(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString()));
        var ec2 = new DirectEc2(env, QUOTA_REGION)) {
      // someone else's instances in the region: one of the standard bucket On-Demand (counts), one Spot and one
      // of the G bucket (count against other quotas)
      List<String> others = new java.util.ArrayList<>();
      for (var launch : List.of(launch("m5.large", null), launch("c5.large", new LaunchRequest.SpotMarket(null,
          null)), launch("g4dn.xlarge", null))) {
        others.add(ec2.gateway().runInstance(launch).instanceId());
      }
      try {
        proxy.answerServiceQuota("ec2", "L-1216C47A", 5);
        proxy.failInstanceType("RunInstances", "t3.micro", 3, 400, CODE, EC2_SAYS);
        var web = instance("web-1", "t3.micro", Map.of());
        web.getSpec().setRegion(QUOTA_REGION);
        web.getSpec().setImageId(QUOTA_REGION_AMI);
        String uid = instances.create(web).getMetadata().getUid();

        var refused = instances.await("web-1", "Synced=False " + CODE, hasCondition("Synced", "False", CODE));
        assertThat(refused).satisfies(hasCondition("Terminal", "False", "NoError")::test);
        assertThat(condition(refused, "Synced").map(Condition::getMessage).orElseThrow())
            .contains(EC2_SAYS)
            .contains("t3.micro is in the Standard (A, C, D, H, I, M, R, T, Z) bucket")
            .contains("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances")
            .contains("in " + QUOTA_REGION + ", applied value 5 vCPUs (Service Quotas); 2 vCPUs in use by pending"
                + " and running On-Demand instances of the bucket")
            .contains("aws service-quotas request-service-quota-increase --service-code ec2 --quota-code"
                + " L-1216C47A")
            .contains("retrying with backoff");

        var ready = instances.awaitReady("web-1"); // the quota "raised": the fourth launch goes through
        assertThat(ec2.ownedBy(uid)).extracting(ObservedInstance::instanceId)
            .containsExactly(ready.getStatus().getInstanceId());
        assertThat(proxy.seen()).as("RunInstances requests: 3 refused with backoff, then one that launched")
            .isEqualTo(4);
        assertThat(proxy.serviceQuotaRequests()).as("read once for the three refusals, signed for the region")
            .containsExactly("ec2/L-1216C47A signed for servicequotas in " + QUOTA_REGION);
        List<Event> quotaEvents = env.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
            .filter(e -> CODE.equals(e.getReason())).toList();
        assertThat(quotaEvents).as("the same refusal aggregated into one event").hasSize(1)
            .first().satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
        E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
      } finally {
        ec2.gateway().terminateInstances(others);
      }
    }
  }

  private static LaunchRequest launch(String type, LaunchRequest.SpotMarket spot) {
    return new LaunchRequest(null, QUOTA_REGION_AMI, type, null, List.of(), null, null, null, null, List.of(), spot,
        Map.of("Name", "someone-else"));
  }

  @Test
  void aFleetFillsFromAnotherBucketAndReportsTheQuotaWhenEveryPoolIsOverIt(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(),
            "SPOT_PRICES", "t3.micro=0.003,c5.large=0.030,g4dn.xlarge=0.200"));
        var ec2 = new DirectEc2(env)) {
      var subnets = ec2.gateway().describeSubnets(ec2.gateway().findDefaultVpc().orElseThrow().vpcId());
      // the standard bucket's Spot quota is used up; G's is not
      proxy.failInstanceType("RunInstances", "t3.micro", 100, 400, CODE, EC2_SAYS);
      var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
      var mixed = fleets.resource(fleet("mixed", 2, launchSpec("t3.micro", subnets.get(0).subnetId()),
          launchSpec("g4dn.xlarge", subnets.get(1).subnetId()))).create();

      SpotFleetResources.await(fleets.withName("mixed"), "mixed: Synced=False " + CODE, synced("False", CODE));
      SpotFleetResources.await(fleets.withName("mixed"), "mixed: 2 units, in sync", synced("True", "Synced")
          .and(f -> f.getStatus().getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() == 2));
      assertThat(ec2.ownedBy(mixed.getMetadata().getUid())).extracting(ObservedInstance::instanceType)
          .containsOnly("g4dn.xlarge").hasSize(2);
      assertThat(proxy.seen()).as("t3.micro asked for once: its whole bucket is then left alone").isEqualTo(1);

      // a fleet of the standard bucket only (t3 and c5): no pool may launch, none is asked, the quota is named
      var standard = fleets.resource(fleet("standard", 2, launchSpec("t3.micro", subnets.get(0).subnetId()),
          launchSpec("c5.large", subnets.get(1).subnetId()))).create();
      var blocked = SpotFleetResources.await(fleets.withName("standard"), "standard: Synced=False " + CODE,
          synced("False", CODE));
      assertThat(blocked.getStatus().getConditions()).filteredOn(c -> "Synced".equals(c.getType()))
          .singleElement().satisfies(c -> assertThat(c.getMessage()).contains(EC2_SAYS)
              .contains("quota L-34B43A08 \"All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests\"")
              .as("the emulator's Service Quotas knows no EC2 quota: EC2's stated limit stands in, and says so")
              .contains("5 vCPUs as EC2 says")
              .containsPattern("\\d+ vCPUs in use by pending and running Spot instances of the bucket")
              .contains("(not answered: GetServiceQuota: NoSuchResourceException)")
              .contains("request-service-quota-increase"));
      assertThat(proxy.serviceQuotaRequests()).containsExactly("ec2/L-34B43A08 signed for servicequotas in "
          + env.region());
      assertThat(ec2.ownedBy(standard.getMetadata().getUid())).as("c5.large is in the same bucket").isEmpty();
      assertThat(proxy.seen()).isEqualTo(1);
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(CODE));
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  private static Predicate<SpotFleet> synced(String status, String reason) {
    return f -> f.getStatus().getConditions() != null && f.getStatus().getConditions().stream().anyMatch(c ->
        "Synced".equals(c.getType()) && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private static SpotFleet fleet(String name, int target, LaunchSpecification... specs) {
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(target);
    spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    spec.setLaunchSpecifications(List.of(specs));
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    f.setSpec(spec);
    return f;
  }
}

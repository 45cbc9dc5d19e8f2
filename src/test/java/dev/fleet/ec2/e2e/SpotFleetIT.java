package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.InterruptionMessages.spotInterruptionWarning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.AllocationStrategy;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.Subnet;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SpotFleet end to end: allocation, replacement of lost capacity, interruptions from SQS, scaling, prices. */
@ExtendWith(E2eExtension.class)
class SpotFleetIT {
  /** Per unit: t3.small 0.010, t3.medium 0.008 (cheapest), t3.xlarge 0.009. */
  private static final String PRICES = "t3.small=0.010,t3.medium=0.016,t3.xlarge=0.036";
  private static RunningOperator operator;
  private static DirectEc2 ec2;
  private static SqsClient sqs;
  private static String queueUrl;
  private static List<Subnet> subnets;

  @BeforeAll
  static void start() throws Exception {
    E2eEnvironment env = E2eEnvironment.get();
    ec2 = new DirectEc2(env);
    sqs = SqsClient.builder().endpointOverride(env.ec2Endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    queueUrl = sqs.createQueue(r -> r.queueName("interruptions")).queueUrl();
    operator = RunningOperator.start(env, Map.of("SPOT_PRICES", PRICES, "INTERRUPTION_QUEUE_URL", queueUrl));
    subnets = ec2.gateway().describeSubnets(ec2.gateway().findDefaultVpc().orElseThrow().vpcId());
  }

  @AfterAll
  static void stop() {
    operator.close();
    ec2.close();
    sqs.close();
  }

  private static LaunchSpecification spec(String type, int weight, int zone) {
    return SpotFleetResources.launchSpec(type, weight, subnets.get(zone).subnetId());
  }

  private static SpotFleet fleet(String name, int target, AllocationStrategy strategy) {
    return fleet(name, target, strategy, 0);
  }

  /**
   * Three pools, in zones firstZone..firstZone+2. Interruption tests use zones 3-5: a warned pool stays
   * unavailable for minutes, and must not steer the other tests' fleets.
   */
  private static SpotFleet fleet(String name, int target, AllocationStrategy strategy, int firstZone) {
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(target);
    spec.setAllocationStrategy(strategy);
    spec.setLaunchSpecifications(List.of(spec("t3.small", 1, firstZone), spec("t3.medium", 2, firstZone + 1),
        spec("t3.xlarge", 4, firstZone + 2)));
    f.setSpec(spec);
    return f;
  }

  private static SpotFleet await(E2eEnvironment env, TestNamespace ns, String name, String what,
      Predicate<SpotFleet> check) {
    return SpotFleetResources.await(env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName(name),
        name + ": " + what, check);
  }

  private static Predicate<SpotFleet> fulfilled(int min, int max) {
    return f -> f.getStatus().getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() >= min
        && f.getStatus().getFulfilledCapacity() <= max
        && f.getStatus().getObservedGeneration() == f.getMetadata().getGeneration().longValue();
  }

  private static List<ObservedInstance> members(SpotFleet f) {
    return ec2.ownedBy(f.getMetadata().getUid()).stream().filter(i -> "running".equals(i.state())).toList();
  }

  private static SpotFleet create(E2eEnvironment env, TestNamespace ns, SpotFleet f) {
    return env.client().resources(SpotFleet.class).inNamespace(ns.name()).resource(f).create();
  }

  private static SpotFleet edit(E2eEnvironment env, TestNamespace ns, String name,
      java.util.function.UnaryOperator<SpotFleet> change) {
    return ConflictFreeEdit.edit(env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName(name), change);
  }

  @Test
  void lowestPriceFillsTheCheapestPoolPerUnitAndDiversifiedUsesEveryPool(E2eEnvironment env, TestNamespace ns) {
    create(env, ns, fleet("cheap", 20, AllocationStrategy.lowestPrice));
    create(env, ns, fleet("spread", 20, AllocationStrategy.diversified));
    var cheap = await(env, ns, "cheap", "fulfilled 20-23", fulfilled(20, 23));
    var spread = await(env, ns, "spread", "fulfilled 20-23", fulfilled(20, 23));

    assertThat(members(cheap)).extracting(ObservedInstance::instanceType).containsOnly("t3.medium").hasSize(10);
    assertThat(members(cheap)).allSatisfy(i -> assertThat(i.lifecycle()).isEqualTo("spot"));
    assertThat(members(spread)).extracting(ObservedInstance::instanceType)
        .contains("t3.small", "t3.medium", "t3.xlarge");
    assertThat(cheap.getStatus().getSpotCapacity()).isEqualTo(cheap.getStatus().getFulfilledCapacity());
    assertThat(SpotFleetResources.counted(cheap)).isEqualTo(10);
    assertThat(cheap.getStatus().getPools()).allSatisfy(p -> {
      assertThat(p.getInstanceType()).isEqualTo("t3.medium");
      assertThat(p.getCapacity()).isEqualTo(2 * p.getInstances());
      assertThat(p.getSpotPrice()).isEqualTo("0.016");
    });
  }

  @Test
  void lostCapacityIsReplacedForMaintainButNotForRequest(E2eEnvironment env, TestNamespace ns) {
    create(env, ns, fleet("keep", 8, AllocationStrategy.lowestPrice));
    var once = fleet("once", 8, AllocationStrategy.lowestPrice);
    once.getSpec().setType(SpotFleetSpec.FleetType.request);
    create(env, ns, once);
    var keep = await(env, ns, "keep", "fulfilled", fulfilled(8, 9));
    var onceReady = await(env, ns, "once", "fulfilled", fulfilled(8, 9));

    members(keep).stream().limit(2).forEach(i -> ec2.gateway().terminateInstance(i.instanceId()));
    members(onceReady).stream().limit(2).forEach(i -> ec2.gateway().terminateInstance(i.instanceId()));
    var restored = await(env, ns, "keep", "restored after losing two", f -> f.getStatus().getReplacements() != null
        && f.getStatus().getReplacements() >= 2 && fulfilled(8, 9).test(f));
    assertThat(members(restored)).hasSize(4);
    assertThat(restored.getStatus().getInterruptions()).isGreaterThanOrEqualTo(2);
    var shrunk = await(env, ns, "once", "down to 4 units", f -> f.getStatus().getFulfilledCapacity() == 4);
    Awaitility.await("request fleet stays down").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
        .until(() -> members(shrunk).size() == 2);
  }

  @Test
  void anInterruptionWarningLaunchesAReplacementInAnotherPoolBeforeTheInstanceGoes(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    var f = fleet("warned", 4, AllocationStrategy.lowestPrice, 3);
    create(env, ns, f);
    var ready = await(env, ns, "warned", "fulfilled", fulfilled(4, 5));
    ObservedInstance victim = members(ready).get(0);
    Set<String> before = members(ready).stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());

    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning(victim.instanceId())));
    Awaitility.await("replacement launched while the warned instance still runs")
        .atMost(Ec2InstanceResources.PATIENCE).until(() -> members(ready).stream()
            .anyMatch(i -> !before.contains(i.instanceId())));
    assertThat(ec2.instance(victim.instanceId()).state()).as("not yet terminated").isEqualTo("running");
    var replacement = members(ready).stream().filter(i -> !before.contains(i.instanceId())).findFirst().orElseThrow();
    assertThat(replacement.instanceType() + "/" + replacement.availabilityZone())
        .as("another pool").isNotEqualTo(victim.instanceType() + "/" + victim.availabilityZone());
    // recorded in status, so that an operator restarted before the instance goes still knows
    await(env, ns, "warned", "warning recorded on the instance",
        s -> SpotFleetResources.warnedOfInterruption(s, victim.instanceId()));
    ec2.gateway().terminateInstance(victim.instanceId());

    var counted = await(env, ns, "warned", "interruption counted, the reclaimed instance unlisted",
        s -> s.getStatus().getInterruptions() != null && s.getStatus().getReplacements() >= 1
            && !SpotFleetResources.warnedOfInterruption(s, victim.instanceId()));
    assertThat(counted.getStatus().getInterruptions()).as("the warning and its end are one interruption")
        .isEqualTo(1);
    assertThat(counted.getStatus().getLastInterruptionTime()).isNotBlank();
    assertThat(operator.metrics()).contains("ec2fleet_interruptions_total{kind=\"warning\"}")
        .contains("ec2fleet_fleet_replacement_latency_seconds_count");
  }

  @Test
  void malformedAndUnrelatedMessagesAreDeletedAndCountedAndTheConsumerGoesOn(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("this is not json {"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"detail-type\":\"Something Else\",\"detail\":{}}"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning("i-00000000000000000")));
    // another installation in the account has a fleet of the same namespace and name: its warning is not ours
    String theirs = ec2.gateway().runInstance(new dev.fleet.ec2.cloud.LaunchRequest("theirs-" + ns.name(),
        Ec2InstanceResources.AMI, "t3.micro", null, List.of(), null, null, null, null, List.of(), null,
        Map.of("ec2.fleet.dev/cluster", "another-installation", "ec2.fleet.dev/fleet", ns.name() + "/after")))
        .instanceId();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning(theirs)));
    Awaitility.await("queue drained").atMost(Duration.ofSeconds(45)).until(() -> queueDepth() == 0);
    Awaitility.await("counted").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(operator.metrics())
        .contains("ec2fleet_interruption_messages_total{outcome=\"malformed\",scope=\"" + env.region() + "\"}")
        .contains("ec2fleet_interruption_messages_total{outcome=\"unknown\",scope=\"" + env.region() + "\"}")
        .containsPattern("ec2fleet_interruption_messages_total\\{outcome=\"unrelated\",scope=\"" + env.region()
            + "\"\\} [2-9]"));

    create(env, ns, fleet("after", 2, AllocationStrategy.lowestPrice, 3));
    var ready = await(env, ns, "after", "fulfilled", fulfilled(2, 3));
    String victim = members(ready).get(0).instanceId();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning(victim)));
    var warned = await(env, ns, "after", "warning still handled", s -> s.getStatus().getInterruptions() != null
        && s.getStatus().getInterruptions() >= 1);
    assertThat(warned.getStatus().getInterruptions()).as("only its own member's warning").isEqualTo(1);
  }

  @Test
  void scalingDownTerminatesTheSurplusUnlessNoTerminationAndScalingUpLaunches(E2eEnvironment env, TestNamespace ns) {
    create(env, ns, fleet("down", 20, AllocationStrategy.diversified));
    var keep = fleet("kept", 20, AllocationStrategy.diversified);
    keep.getSpec().setExcessCapacityTerminationPolicy(SpotFleetSpec.ExcessCapacityTerminationPolicy.NO_TERMINATION);
    create(env, ns, keep);
    await(env, ns, "down", "fulfilled", fulfilled(20, 23));
    await(env, ns, "kept", "fulfilled", fulfilled(20, 23));

    edit(env, ns, "down", f -> {
      f.getSpec().setTargetCapacity(8);
      return f;
    });
    edit(env, ns, "kept", f -> {
      f.getSpec().setTargetCapacity(8);
      return f;
    });
    var down = await(env, ns, "down", "scaled to 8", fulfilled(8, 11));
    assertThat(members(down).stream().mapToInt(i -> Integer.parseInt(i.tags().get("ec2.fleet.dev/weight"))).sum())
        .isBetween(8, 11);
    var kept = await(env, ns, "kept", "generation 2 seen", f -> f.getStatus().getObservedGeneration() == 2);
    assertThat(kept.getStatus().getFulfilledCapacity()).as("noTermination keeps the surplus").isGreaterThanOrEqualTo(20);

    edit(env, ns, "down", f -> {
      f.getSpec().setTargetCapacity(16);
      return f;
    });
    await(env, ns, "down", "scaled back up", fulfilled(16, 19));
  }

  @Test
  void maxPriceBelowEveryPoolLaunchesNothingUnlessOnDemandFallback(E2eEnvironment env, TestNamespace ns) {
    var capped = fleet("capped", 4, AllocationStrategy.lowestPrice);
    capped.getSpec().setSpotPrice("0.001");
    var fallback = fleet("fallback", 4, AllocationStrategy.lowestPrice);
    fallback.getSpec().setSpotPrice("0.001");
    fallback.getSpec().setOnDemandFallback(true);
    String cappedUid = create(env, ns, capped).getMetadata().getUid();
    create(env, ns, fallback);

    var stuck = await(env, ns, "capped", "Synced=False", f -> f.getStatus().getConditions().stream()
        .anyMatch(c -> "Synced".equals(c.getType()) && "False".equals(c.getStatus())
            && "NoSpotCapacity".equals(c.getReason()) && c.getMessage().contains("maximum price")));
    assertThat(ec2.ownedBy(cappedUid)).isEmpty();
    assertThat(stuck.getStatus().getFulfilledCapacity()).isZero();

    var filled = await(env, ns, "fallback", "filled on-demand", fulfilled(4, 5));
    assertThat(filled.getStatus().getOnDemandCapacity()).isEqualTo(filled.getStatus().getFulfilledCapacity());
    assertThat(members(filled)).allSatisfy(i -> assertThat(i.lifecycle()).isEqualTo("on-demand"));
  }

  @Test
  void anAmiEc2RefusesIsTerminalLaunchesNothingAndARecreatedFleetFills(E2eEnvironment env, TestNamespace ns) {
    var f = fleet("bad-ami", 2, AllocationStrategy.lowestPrice);
    f.getSpec().getLaunchSpecifications().forEach(ls -> ls.setImageId("ami-00000000000000bad"));
    String uid = create(env, ns, f).getMetadata().getUid();
    var refused = await(env, ns, "bad-ami", "Terminal", s -> s.getStatus().getConditions() != null
        && s.getStatus().getConditions().stream().anyMatch(c -> "Terminal".equals(c.getType())
            && "True".equals(c.getStatus()) && "InvalidAMIID.NotFound".equals(c.getReason())
            && c.getMessage().contains("delete and recreate")));
    assertThat(ec2.ownedBy(uid)).isEmpty();
    assertThat(refused.getStatus().getFulfilledCapacity()).isZero();

    // launch specifications are immutable (CEL): the way out the message names is a new fleet
    var api = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    api.withName("bad-ami").delete();
    Awaitility.await("refused fleet gone").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> api.withName("bad-ami").get() == null);
    create(env, ns, fleet("bad-ami", 2, AllocationStrategy.lowestPrice));
    var fixed = await(env, ns, "bad-ami", "fulfilled after recreation", fulfilled(2, 5));
    assertThat(fixed.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Terminal");
      assertThat(c.getStatus()).isEqualTo("False");
    });
  }

  @Test
  void aConvertedSpotFleetRequestReachesItsTarget(E2eEnvironment env, TestNamespace ns) throws Exception {
    Process convert = new ProcessBuilder("java", "-jar", E2eEnvironment.ROOT.resolve("target/ec2-fleet-operator.jar")
        .toString(), "convert-spot-fleet", E2eEnvironment.ROOT.resolve("src/test/resources/spot-fleet-request.json")
        .toString(), "converted").start();
    String yaml = new String(convert.getInputStream().readAllBytes());
    String warnings = new String(convert.getErrorStream().readAllBytes());
    assertThat(convert.waitFor()).isZero();
    assertThat(warnings).contains("warning: not converted: TerminateInstancesWithExpiration");

    SpotFleet converted = env.client().resources(SpotFleet.class).load(
        new java.io.ByteArrayInputStream(yaml.getBytes())).item();
    String uid = create(env, ns, converted).getMetadata().getUid();
    var ready = await(env, ns, "converted", "fulfilled 8-11", fulfilled(8, 11));
    assertThat(ec2.ownedBy(uid)).isNotEmpty();
    assertThat(ready.getSpec().getLaunchSpecifications()).hasSize(3);
  }

  @Test
  void deleteTerminatesEveryMemberAndRetainLeavesThemUntagged(E2eEnvironment env, TestNamespace ns) {
    String goneUid = create(env, ns, fleet("gone", 4, AllocationStrategy.lowestPrice)).getMetadata().getUid();
    var keep = fleet("kept", 4, AllocationStrategy.lowestPrice);
    keep.getSpec().setDeletionPolicy(dev.fleet.ec2.api.v1alpha1.DeletionPolicy.Retain);
    var kept = create(env, ns, keep);
    await(env, ns, "gone", "fulfilled", fulfilled(4, 5));
    var keptMembers = members(await(env, ns, "kept", "fulfilled", fulfilled(4, 5)));

    var api = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    api.withName("gone").delete();
    api.withName("kept").delete();
    Awaitility.await("both fleets gone").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> api.withName("gone").get() == null && api.withName("kept").get() == null);
    assertThat(ec2.ownedBy(goneUid)).allSatisfy(i -> assertThat(i.state()).isIn("shutting-down", "terminated"));
    assertThat(ec2.ownedBy(kept.getMetadata().getUid())).isEmpty();
    assertThat(keptMembers).allSatisfy(i -> {
      var now = ec2.instance(i.instanceId());
      assertThat(now.state()).isEqualTo("running");
      assertThat(now.tags()).doesNotContainKeys("ec2.fleet.dev/fleet", "ec2.fleet.dev/owner-uid");
    });
  }

  @Test
  void rebalanceLaunchesAReplacementKeepsTheOldOneAndGroupsComeFromReferences(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    groups.create(SecurityGroupResources.group("workers-sg", List.of()));
    var f = fleet("rebalanced", 2, AllocationStrategy.lowestPrice, 3);
    f.getSpec().setCapacityRebalance(SpotFleetSpec.CapacityRebalance.launch);
    f.getSpec().getLaunchSpecifications().forEach(ls ->
        ls.setSecurityGroupRefs(List.of(new dev.fleet.ec2.api.v1alpha1.LocalRef("workers-sg"))));
    create(env, ns, f);
    String groupId = groups.awaitSynced("workers-sg").getStatus().getGroupId();
    var ready = await(env, ns, "rebalanced", "fulfilled", fulfilled(2, 5));
    assertThat(members(ready)).allSatisfy(i -> assertThat(i.securityGroupIds()).containsExactly(groupId));

    ObservedInstance old = members(ready).get(0);
    int before = members(ready).size();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(spotInterruptionWarning(old.instanceId())
        .replace("EC2 Spot Instance Interruption Warning", "EC2 Instance Rebalance Recommendation")));
    Awaitility.await("replacement launched, old one kept").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> members(ready).size() > before);
    assertThat(ec2.instance(old.instanceId()).state()).isEqualTo("running");
  }

  private static int queueDepth() {
    var a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(
        a.get("ApproximateNumberOfMessagesNotVisible"));
  }

}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.access.IamPolicyDocument;
import dev.fleet.ec2.access.IamPolicyRequest;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.spotfleet.InterruptionQueueConsumer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The AWS-side template (manifests/aws/), deployed to the emulator's CloudFormation as a platform team would
 * deploy it: the stack's role holds exactly the policy {@code iam-policy} generates for the same installation and
 * trusts the chart's ServiceAccount (or EKS pods); the operator, given the stack's queue, reads the EC2 events that
 * EventBridge's rules put there: a spot interruption warning and a rebalance recommendation replace the fleet's
 * members, the state change of the reclaimed one is read too, and events the rules do not select never arrive.
 *
 * <p>What the emulator (moto) cannot do, and so is not shown here: it has no CloudFormation support for
 * AWS::SQS::QueuePolicy and AWS::EKS::PodIdentityAssociation (it skips them: the queue has no policy, and no
 * association is made), it does not evaluate queue policies (EventBridge delivers without one), it ignores the
 * template's Rules section, and it leaves a list element that Fn::If turns into AWS::NoValue as a null, which IAM
 * then refuses: so the stacks here allow adoption and name instance roles, account roles and image parameters, the
 * one combination without AWS::NoValue in the policy (AwsTemplateTest resolves all combinations; cfn-lint checks
 * the rest). EventBridge
 * refuses PutEvents from a source starting "aws." on AWS; the emulator takes it, which is how EC2's events are
 * played here.
 */
@ExtendWith(E2eExtension.class)
class AwsTemplateIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CREATED_ON_THE_EMULATOR = Set.of("OperatorRole", "OperatorPolicy",
      "InterruptionQueue", "SpotInterruptionRule", "RebalanceRecommendationRule", "StateChangeRule");
  private static final Pattern MESSAGES = Pattern.compile(
      "ec2fleet_interruption_messages_total\\{outcome=\"(\\w+)\",scope=\"([^\"]+)\"} ([0-9.]+)");

  /** The account's own parameters an imageId may name, as iam-policy --image-parameters takes them. */
  private static final List<String> IMAGE_PARAMETERS = List.of("/team/web/ami", "/golden/*");

  /** Every option on (see above); the image parameters by ARN in the stack's region and account, as the README says. */
  private static Map<String, String> parameters(E2eEnvironment env, EmulatedAwsSide aws, String... more) {
    String account = aws.account();
    Map<String, String> p = new HashMap<>(Map.of("ClusterName", RunningOperator.CLUSTER, "AllowAdoption", "true",
        "InstanceRoleArns", "arn:aws:iam::123456789012:role/web,arn:aws:iam::123456789012:role/db",
        "AccountRoleArns", "arn:aws:iam::444444444444:role/ec2-fleet",
        "ImageParameterArns", IMAGE_PARAMETERS.stream().map(n -> "arn:aws:ssm:" + env.region() + ":" + account
            + ":parameter/" + n.substring(1)).collect(Collectors.joining(","))));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  @Test
  void theStacksQueueGetsEc2EventsThroughItsRulesAndTheOperatorActsOnThemWithTheGeneratedPolicy(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    String issuer = "oidc.eks." + env.region() + ".amazonaws.com/id/E2E0123456789";
    try (var aws = new EmulatedAwsSide(env); var ec2 = new DirectEc2(env)) {
      String stackName = "irsa-" + ns.name();
      var out = EmulatedAwsSide.outputs(aws.deploy(stackName, parameters(env, aws, "OidcProvider", issuer,
          "Namespace", "ec2-fleet-system", "ServiceAccountName", "ec2-fleet-operator")));
      assertThat(aws.created(stackName)).as("what the emulator can create (no queue policy: see above)")
          .containsExactlyInAnyOrderElementsOf(CREATED_ON_THE_EMULATOR);
      String queueUrl = out.get("QueueUrl");
      String queueArn = out.get("QueueArn");
      String account = queueArn.split(":")[4];
      assertThat(queueUrl).endsWith("/" + account + "/" + queueArn.substring(queueArn.lastIndexOf(':') + 1));

      JsonNode generated = JSON.readTree(new IamPolicyDocument(IamPolicyRequest.parse(List.of(
          "--cluster-name=" + RunningOperator.CLUSTER, "--region=" + env.region(), "--account-id=" + account,
          "--allow-adoption", "--pass-role-arns=arn:aws:iam::123456789012:role/web,arn:aws:iam::123456789012:role/db",
          "--assume-role-arns=arn:aws:iam::444444444444:role/ec2-fleet", "--interruption-queue-arns=" + queueArn,
          "--image-parameters=" + String.join(",", IMAGE_PARAMETERS))))
          .toJson());
      assertThat(aws.rolePolicy(out.get("RoleArn"), "ec2-fleet-operator")).as("the role's policy as IAM holds it")
          .isEqualTo(generated);
      JsonNode trust = aws.trustPolicy(out.get("RoleArn")).get("Statement").get(0);
      assertThat(trust.get("Principal").get("Federated").asText())
          .isEqualTo("arn:aws:iam::" + account + ":oidc-provider/" + issuer);
      assertThat(trust.get("Condition").get("StringEquals").get(issuer + ":sub").asText())
          .isEqualTo("system:serviceaccount:ec2-fleet-system:ec2-fleet-operator");

      try (var operator = RunningOperator.start(env, Map.of("SPOT_PRICES", SpotFleetResources.PRICES,
          "INTERRUPTION_QUEUE_URL", queueUrl))) {
        var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
        String uid = fleets.resource(fleet()).create().getMetadata().getUid();
        SpotFleetResources.await(fleets.withName("f"), "fulfilled", f -> f.getStatus().getFulfilledCapacity() != null
            && f.getStatus().getFulfilledCapacity() >= 2);
        List<String> before = running(ec2, uid);
        String warned = before.get(0);
        String rebalanced = before.get(1);

        // what EC2 would send: one event per rule, and two that no rule selects
        var put = aws.events.putEvents(r -> r.entries(
            event(InterruptionQueueConsumer.WARNING, warned, "\"instance-action\":\"terminate\"", env, account),
            event(InterruptionQueueConsumer.REBALANCE, rebalanced, null, env, account),
            event(InterruptionQueueConsumer.STATE_CHANGE, warned, "\"state\":\"running\"", env, account),
            PutEventsRequestEntry.builder().source("aws.health").detailType("AWS Health Event")
                .detail("{\"service\":\"EC2\",\"eventTypeCategory\":\"scheduledChange\"}").build()));
        assertThat(put.failedEntryCount()).isZero();
        SpotFleetResources.await(fleets.withName("f"), "warned, recommended and replaced", f ->
            SpotFleetResources.warnedOfInterruption(f, warned) && warnedOfRebalance(f, rebalanced)
                && f.getStatus().getReplacements() != null && f.getStatus().getReplacements() >= 1
                && running(ec2, uid).size() >= 4);
        assertThat(running(ec2, uid)).as("replacements launched while the warned instances still run")
            .contains(warned, rebalanced).anyMatch(id -> !before.contains(id));

        // EC2 reclaims the warned instance and says so
        ec2.gateway().terminateInstance(warned);
        assertThat(aws.events.putEvents(r -> r.entries(event(InterruptionQueueConsumer.STATE_CHANGE, warned,
            "\"state\":\"terminated\"", env, account))).failedEntryCount()).isZero();
        Awaitility.await("three messages read and the queue drained").atMost(Ec2InstanceResources.PATIENCE)
            .untilAsserted(() -> {
              assertThat(messages(operator.metrics(), env.region()).values().stream().mapToDouble(d -> d).sum())
                  .isEqualTo(3.0);
              assertThat(aws.depth(queueUrl)).isZero();
            });
        Map<String, Double> read = messages(operator.metrics(), env.region());
        assertThat(read.getOrDefault("handled", 0.0)).as("the warning and the recommendation at least: " + read)
            .isGreaterThanOrEqualTo(2.0);
        assertThat(read).as("nothing the rules do not select").doesNotContainKeys("unknown", "malformed");
        assertThat(operator.metrics()).contains("ec2fleet_interruptions_total{kind=\"warning\"}")
            .contains("ec2fleet_interruptions_total{kind=\"rebalance\"}");

        fleets.withName("f").delete();
        Awaitility.await("fleet gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> fleets.withName("f")
            .get() == null);
      }
    }
  }

  @Test
  void withPodIdentityTheRoleTrustsEksPods(E2eEnvironment env, TestNamespace ns) throws Exception {
    try (var aws = new EmulatedAwsSide(env)) {
      String stackName = "pods-" + ns.name();
      var out = EmulatedAwsSide.outputs(aws.deploy(stackName, parameters(env, aws, "PodCredentials", "pod-identity",
          "EksClusterName", "prod-eks")));
      assertThat(aws.created(stackName)).as("no PodIdentityAssociation: the emulator has no such resource type")
          .containsExactlyInAnyOrderElementsOf(CREATED_ON_THE_EMULATOR);
      JsonNode trust = aws.trustPolicy(out.get("RoleArn")).get("Statement");
      assertThat(trust).singleElement().satisfies(s -> {
        assertThat(s.get("Principal").toString()).isEqualTo("{\"Service\":\"pods.eks.amazonaws.com\"}");
        assertThat(s.get("Action").toString()).isEqualTo("[\"sts:AssumeRole\",\"sts:TagSession\"]");
      });
    }
  }

  /** EC2's event as EventBridge takes it: the detail names the instance. */
  private static PutEventsRequestEntry event(String detailType, String instanceId, String more, E2eEnvironment env,
      String account) {
    return PutEventsRequestEntry.builder().source("aws.ec2").detailType(detailType)
        .resources("arn:aws:ec2:" + env.region() + ":" + account + ":instance/" + instanceId)
        .detail("{\"instance-id\":\"" + instanceId + "\"" + (more == null ? "" : "," + more) + "}").build();
  }

  /** Interruption messages the operator read from its own queue, by outcome. */
  private static Map<String, Double> messages(String metrics, String scope) {
    Map<String, Double> read = new HashMap<>();
    Matcher m = MESSAGES.matcher(metrics);
    while (m.find()) {
      if (m.group(2).equals(scope) && Double.parseDouble(m.group(3)) > 0) {
        read.put(m.group(1), Double.parseDouble(m.group(3)));
      }
    }
    return read;
  }

  private static boolean warnedOfRebalance(SpotFleet f, String instanceId) {
    return f.getStatus().getWarnedInstances() != null && f.getStatus().getWarnedInstances().stream()
        .anyMatch(i -> i.getInstanceId().equals(instanceId) && "rebalance".equals(i.getWarning()));
  }

  private static List<String> running(DirectEc2 ec2, String uid) {
    return ec2.ownedBy(uid).stream().filter(i -> "running".equals(i.state())).map(ObservedInstance::instanceId)
        .collect(Collectors.toList());
  }

  /** Two spot pools per default subnet, two units; a rebalance recommendation launches a replacement too. */
  private static SpotFleet fleet() {
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(2);
    spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    spec.setCapacityRebalance(SpotFleetSpec.CapacityRebalance.launch);
    spec.setLaunchSpecifications(List.of(launch("t3.small"), launch("t3.medium")));
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("f").build());
    f.setSpec(spec);
    return f;
  }

  private static LaunchSpecification launch(String type) {
    var ls = new LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType(type);
    return ls;
  }
}

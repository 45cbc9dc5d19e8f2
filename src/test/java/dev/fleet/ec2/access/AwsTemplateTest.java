package dev.fleet.ec2.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.spotfleet.InterruptionQueueConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The AWS-side template (manifests/aws/ec2-fleet-operator.yaml): what is committed is what {@code aws-template}
 * writes; resolved as CloudFormation would resolve it, its role's policy is exactly {@code iam-policy}'s output
 * for the same installation, for every combination of the options (image parameters given as the ARNs iam-policy
 * makes of their names: CloudFormation cannot make them); the trust policies name the chart's ServiceAccount or Pod
 * Identity; the rules forward what the operator reads, and only they may send to the queue.
 * cfn-lint checks it in {@code AwsTemplateLintIT}, and {@code e2e.AwsTemplateIT} deploys it to the emulator.
 */
class AwsTemplateTest {
  private static final Path COMMITTED = Path.of(AwsTemplate.FILE);
  private static final String ACCOUNT = "123456789012";
  private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:" + ACCOUNT + ":ec2-fleet-interruptions";
  private static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/" + ACCOUNT + "/ec2-fleet-interruptions";
  private static final Map<String, String> ATTRIBUTES = Map.of("InterruptionQueue.Arn", QUEUE_ARN,
      "InterruptionQueue", QUEUE_URL,
      "OperatorRole.Arn", "arn:aws:iam::" + ACCOUNT + ":role/ec2-fleet-operator",
      "SpotInterruptionRule.Arn", "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/spot",
      "RebalanceRecommendationRule.Arn", "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/rebalance",
      "StateChangeRule.Arn", "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/state");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TemplateValues stack(String partition, Map<String, Object> parameters) throws IOException {
    Map<String, Object> p = new HashMap<>(Map.of("ClusterName", "prod"));
    p.putAll(parameters);
    return new TemplateValues(TemplateValues.read(COMMITTED), partition, "eu-west-1", ACCOUNT, p, ATTRIBUTES);
  }

  @Test
  void theCommittedTemplateIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(COMMITTED))
        .as(AwsTemplate.FILE + ": make manifests (java -jar target/ec2-fleet-operator.jar aws-template > "
            + AwsTemplate.FILE + ")")
        .isEqualTo(AwsTemplate.toYaml());
  }

  @Test
  void theRolesPolicyIsIamPolicysOutputForTheSameInstallationWithEveryOption() throws IOException {
    String web = "arn:%s:iam::" + ACCOUNT + ":role/web";
    String db = "arn:%s:iam::" + ACCOUNT + ":role/db";
    String other = "arn:%s:iam::222222222222:role/ec2-fleet";
    List<String> images = List.of("/team/web/ami", "golden-ami", "/golden/*");
    int checked = 0;
    for (String partition : List.of("aws", "aws-cn")) {
      for (int options = 0; options < 16; options++) {
        Map<String, Object> parameters = new HashMap<>();
        List<String> args = new ArrayList<>(List.of("--cluster-name=prod", "--partition=" + partition,
            "--region=eu-west-1", "--account-id=" + ACCOUNT, "--interruption-queue-arns=" + QUEUE_ARN));
        if ((options & 1) != 0) {
          parameters.put("AllowAdoption", "true");
          args.add("--allow-adoption");
        }
        if ((options & 2) != 0) {
          List<String> roles = List.of(web.formatted(partition), db.formatted(partition));
          parameters.put("InstanceRoleArns", roles);
          args.add("--pass-role-arns=" + String.join(",", roles));
        }
        if ((options & 4) != 0) {
          parameters.put("AccountRoleArns", List.of(other.formatted(partition)));
          args.add("--assume-role-arns=" + other.formatted(partition));
        }
        if ((options & 8) != 0) { // the template takes the names' ARNs, as the README says to write them
          parameters.put("ImageParameterArns", images.stream().map(n -> parameterArn(partition, n)).toList());
          args.add("--image-parameters=" + String.join(",", images));
        }
        JsonNode generated = JSON.readTree(new IamPolicyDocument(IamPolicyRequest.parse(args)).toJson());
        assertThat(stack(partition, parameters).property("OperatorPolicy", "PolicyDocument"))
            .as("the stack's policy for iam-policy " + String.join(" ", args)).isEqualTo(generated);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(32);
  }

  /** A parameter's ARN as the README tells the administrator to write it: the name without its leading slash. */
  private static String parameterArn(String partition, String name) {
    return "arn:" + partition + ":ssm:eu-west-1:" + ACCOUNT + ":parameter/" + name.replaceFirst("^/", "");
  }

  @Test
  void imageParameterArnsTakesTheArnsIamPolicyNamesAndNotTheNames() throws IOException {
    JsonNode parameter = TemplateValues.read(COMMITTED).get("Parameters").get("ImageParameterArns");
    assertThat(parameter.get("Type").asText()).isEqualTo("CommaDelimitedList");
    Pattern allowed = Pattern.compile(parameter.get("AllowedPattern").asText());
    List<String> names = List.of("/team/web/ami", "golden.ami_2", "/golden/*", "/a/b/c/*");
    for (String partition : List.of("aws", "aws-cn", "aws-us-gov")) {
      String region = Map.of("aws", "eu-west-1", "aws-cn", "cn-north-1", "aws-us-gov", "us-gov-west-1").get(partition);
      JsonNode policy = JSON.readTree(new IamPolicyDocument(IamPolicyRequest.parse(List.of("--cluster-name=prod",
          "--partition=" + partition, "--region=" + region, "--account-id=" + ACCOUNT,
          "--image-parameters=" + String.join(",", names)))).toJson());
      List<String> arns = new ArrayList<>();
      policy.get("Statement").forEach(s -> {
        if (s.get("Sid").asText().equals("ResolveImagesFromListedParameters")) {
          s.get("Resource").forEach(r -> arns.add(r.asText()));
        }
      });
      assertThat(arns).hasSize(names.size()).allSatisfy(arn ->
          assertThat(allowed.matcher(arn).matches()).as(arn + " against " + allowed).isTrue());
    }
    assertThat(allowed.matcher("").matches()).as("the default, none").isTrue();
    assertThat(List.of("/team/web/ami", "team/web/ami", "arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter//team",
        "arn:aws:ssm:*:" + ACCOUNT + ":parameter/team", "arn:aws:ssm:eu-west-1::parameter/team")).allSatisfy(v ->
        assertThat(allowed.matcher(v).matches()).as(v).isFalse());
  }

  @Test
  void thePolicyWithEveryOptionFitsARolesInlinePolicies() throws IOException {
    JsonNode policy = stack("aws", Map.of("AllowAdoption", "true", "InstanceRoleArns",
        List.of("arn:aws:iam::" + ACCOUNT + ":role/a-long-instance-role-name-for-the-web-tier",
            "arn:aws:iam::" + ACCOUNT + ":role/a-long-instance-role-name-for-the-db-tier"),
        "AccountRoleArns", List.of("arn:aws:iam::222222222222:role/ec2-fleet-operator-target"),
        "ImageParameterArns", List.of(parameterArn("aws", "/a-team/web-tier/golden-ami"),
            parameterArn("aws", "/golden-images-of-the-platform-team/*"))))
        .property("OperatorPolicy", "PolicyDocument");
    // IAM counts a role's inline policies without white space, at most 10,240 characters together
    assertThat(JSON.writeValueAsString(policy).length()).as("inline policy size").isLessThan(10_240 - 1_500);
  }

  @Test
  void irsaTrustsOnlyTheChartsServiceAccountThroughTheClustersOidcProvider() throws IOException {
    String issuer = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    var stack = stack("aws", Map.of("OidcProvider", issuer, "Namespace", "fleet", "ServiceAccountName", "ops"));
    JsonNode trust = JSON.readTree(stack.property("OperatorRole", "AssumeRolePolicyDocument").asText());
    assertThat(trust.get("Statement")).singleElement().satisfies(s -> {
      assertThat(s.get("Principal").get("Federated").asText())
          .isEqualTo("arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + issuer);
      assertThat(s.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
      assertThat(s.get("Condition").get("StringEquals")).isEqualTo(JSON.readTree("{\"" + issuer
          + ":sub\":\"system:serviceaccount:fleet:ops\",\"" + issuer + ":aud\":\"sts.amazonaws.com\"}"));
    });
    assertThat(stack.condition("CreatePodIdentityAssociation")).isFalse();
  }

  @Test
  void podIdentityTrustsEksPodsAndAssociatesTheServiceAccountWhenTheClusterIsNamed() throws IOException {
    var stack = stack("aws", Map.of("PodCredentials", "pod-identity", "EksClusterName", "prod-eks"));
    assertThat(stack.property("OperatorRole", "AssumeRolePolicyDocument").get("Statement")).singleElement()
        .satisfies(s -> {
          assertThat(s.get("Principal").toString()).isEqualTo("{\"Service\":\"pods.eks.amazonaws.com\"}");
          assertThat(s.get("Action").toString()).isEqualTo("[\"sts:AssumeRole\",\"sts:TagSession\"]");
        });
    assertThat(stack.property("PodIdentityAssociation", "ServiceAccount").asText()).isEqualTo("ec2-fleet-operator");
    assertThat(stack.property("PodIdentityAssociation", "Namespace").asText()).isEqualTo("ec2-fleet-system");
    assertThat(stack.property("PodIdentityAssociation", "ClusterName").asText()).isEqualTo("prod-eks");
    assertThat(stack("aws", Map.of("PodCredentials", "pod-identity")).condition("CreatePodIdentityAssociation"))
        .as("no EKS cluster named: the association is left to the administrator").isFalse();
  }

  @Test
  void theRulesForwardWhatTheOperatorReadsAndOnlyTheyMaySendToTheQueue() throws IOException {
    var stack = stack("aws", Map.of());
    List<String> detailTypes = new ArrayList<>();
    for (String rule : AwsTemplate.RULES.keySet()) {
      JsonNode pattern = stack.property(rule, "EventPattern");
      assertThat(pattern.get("source").toString()).isEqualTo("[\"aws.ec2\"]");
      pattern.get("detail-type").forEach(t -> detailTypes.add(t.asText()));
      assertThat(stack.property(rule, "Targets")).singleElement()
          .satisfies(t -> assertThat(t.get("Arn").asText()).isEqualTo(QUEUE_ARN));
      if (pattern.has("detail")) {
        List<String> states = new ArrayList<>();
        pattern.get("detail").get("state").forEach(s -> states.add(s.asText()));
        assertThat(states).as("the states it acts on").containsExactlyInAnyOrderElementsOf(
            InterruptionQueueConsumer.LOSING);
      }
    }
    assertThat(detailTypes).containsExactlyInAnyOrder(InterruptionQueueConsumer.WARNING,
        InterruptionQueueConsumer.REBALANCE, InterruptionQueueConsumer.STATE_CHANGE);

    JsonNode statements = stack.property("InterruptionQueuePolicy", "PolicyDocument").get("Statement");
    JsonNode send = statements.get(0);
    assertThat(send.get("Principal").toString()).isEqualTo("{\"Service\":\"events.amazonaws.com\"}");
    assertThat(send.get("Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(send.get("Resource").asText()).isEqualTo(QUEUE_ARN);
    List<String> sources = new ArrayList<>();
    send.get("Condition").get("ArnEquals").get("aws:SourceArn").forEach(a -> sources.add(a.asText()));
    assertThat(sources).containsExactlyInAnyOrder(ATTRIBUTES.get("SpotInterruptionRule.Arn"),
        ATTRIBUTES.get("RebalanceRecommendationRule.Arn"), ATTRIBUTES.get("StateChangeRule.Arn"));
    assertThat(statements.get(1).get("Effect").asText()).isEqualTo("Deny");
    assertThat(stack.property("InterruptionQueuePolicy", "Queues").toString()).isEqualTo("[\"" + QUEUE_URL + "\"]");
    assertThat(Set.of("RoleArn", "QueueUrl", "QueueArn")).allSatisfy(o ->
        assertThat(TemplateValues.read(COMMITTED).get("Outputs").has(o)).as("output " + o).isTrue());
  }
}

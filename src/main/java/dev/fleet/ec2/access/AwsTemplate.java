package dev.fleet.ec2.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.spotfleet.InterruptionQueueConsumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The AWS side of an installation as a CloudFormation template ({@code aws-template}, committed as
 * manifests/aws/ec2-fleet-operator.yaml; never edited by hand): the operator's IAM role, trusted by the chart's
 * ServiceAccount through the cluster's OIDC provider (IRSA) or by EKS Pod Identity, with the generated policy
 * ({@link CloudFormationPolicy}); the interruption queue, which only EventBridge may send to, and only for the
 * template's rules; and those rules, for the events the operator reads ({@link InterruptionQueueConsumer}).
 */
public final class AwsTemplate {
  public static final String FILE = "manifests/aws/ec2-fleet-operator.yaml";
  static final String ROLE = "OperatorRole";
  static final String QUEUE = CloudFormationPolicy.QUEUE;
  static final String POLICY_NAME = "ec2-fleet-operator";
  /**
   * A Systems Manager parameter's ARN as iam-policy builds it for a name: CloudFormation cannot build it per element
   * of a list (see {@link CloudFormationPolicy}), so ImageParameterArns takes the ARNs.
   */
  static final String PARAMETER_ARN = "arn:aws[a-z-]*:ssm:[a-z]{2}(-[a-z]+)+-\\d+:\\d{12}:parameter/"
      + IamPolicyRequest.PARAMETER_PATH;
  /** Rule logical id to the EventBridge detail-type it forwards. */
  static final Map<String, String> RULES = rules();
  private static final String HEADER = """
      # The AWS side of ec2-fleet-operator: its IAM role (IRSA or EKS Pod Identity) with the generated least-privilege
      # policy, the interruption queue and the EventBridge rules that fill it. Generated, never edited by hand:
      #   java -jar target/ec2-fleet-operator.jar aws-template > manifests/aws/ec2-fleet-operator.yaml
      # Deploy it in the operator's region (README, "AWS side as code"):
      #   aws cloudformation deploy --stack-name ec2-fleet-operator --capabilities CAPABILITY_IAM \\
      #     --template-file manifests/aws/ec2-fleet-operator.yaml --parameter-overrides ClusterName=prod \\
      #     OidcProvider=oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
      """;

  private AwsTemplate() {}

  private static Map<String, String> rules() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("SpotInterruptionRule", InterruptionQueueConsumer.WARNING);
    rules.put("RebalanceRecommendationRule", InterruptionQueueConsumer.REBALANCE);
    rules.put("StateChangeRule", InterruptionQueueConsumer.STATE_CHANGE);
    return rules;
  }

  public static Map<String, Object> template() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("AWSTemplateFormatVersion", "2010-09-09");
    t.put("Description", "ec2-fleet-operator: its IAM role and policy, interruption queue and EventBridge rules");
    t.put("Parameters", parameters());
    t.put("Rules", Map.of("OidcProviderForIrsa", map(
        "RuleCondition", equals(ref("PodCredentials"), "irsa"),
        "Assertions", List.of(map("Assert", not(equals(ref("OidcProvider"), "")),
            "AssertDescription",
            "PodCredentials irsa needs OidcProvider (the cluster's OIDC issuer without https://)")))));
    t.put("Conditions", conditions());
    t.put("Resources", resources());
    t.put("Outputs", map(
        "RoleArn", output("The operator's role: the chart's serviceAccount.annotations.\"eks.amazonaws.com/role-arn\""
            + " with IRSA", getAtt(ROLE, "Arn")),
        "QueueUrl", output("The chart's interruptionQueueUrl", ref(QUEUE)),
        "QueueArn", output("The interruption queue (iam-policy --interruption-queue-arns)", getAtt(QUEUE, "Arn"))));
    return t;
  }

  private static Map<String, Object> parameters() {
    return map(
        CloudFormationPolicy.CLUSTER_NAME, map("Type", "String", "Description", "The operator's --cluster-name (the"
            + " chart's clusterName): unique per account, never changed once resources exist",
            "AllowedPattern", "^" + OwnershipTags.CLUSTER_NAME.pattern() + "$",
            "ConstraintDescription", "1-63 lower-case letters, digits, '.' or '-'"),
        "PodCredentials", map("Type", "String", "Default", "irsa", "AllowedValues", List.of("irsa", "pod-identity"),
            "Description", "How the pod gets the role: irsa (IAM roles for service accounts, through the cluster's"
                + " OIDC provider) or pod-identity (EKS Pod Identity)"),
        "OidcProvider", map("Type", "String", "Default", "",
            "Description", "irsa: the cluster's OIDC issuer without https://, like"
                + " oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE; its IAM OIDC provider must"
                + " exist in the account",
            "AllowedPattern", "^$|^[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)*$",
            "ConstraintDescription", "the issuer without https://, or empty"),
        "EksClusterName", map("Type", "String", "Default", "", "Description", "pod-identity: the EKS cluster to"
            + " create the pod identity association in; empty: create the association yourself"),
        "Namespace", map("Type", "String", "Default", "ec2-fleet-system",
            "Description", "The namespace the chart is installed in",
            "AllowedPattern", "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"),
        "ServiceAccountName", map("Type", "String", "Default", "ec2-fleet-operator",
            "Description", "The chart's ServiceAccount: the release name if it contains ec2-fleet-operator, else"
                + " <release>-ec2-fleet-operator",
            "AllowedPattern", "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
        CloudFormationPolicy.INSTANCE_ROLES, roleList("The roles of the instance profiles in the chart's"
            + " instanceProfiles.allowed, which the operator may pass to EC2 (iam:PassRole); empty: none"),
        CloudFormationPolicy.ACCOUNT_ROLES, roleList("The roles of the AwsAccounts the operator may assume"
            + " (sts:AssumeRole); empty: none"),
        CloudFormationPolicy.IMAGE_PARAMETERS, map("Type", "CommaDelimitedList", "Default", "",
            "Description", "The account's own Systems Manager parameters an imageId may name (resolve:ssm:), by"
                + " ARN, as iam-policy --image-parameters names them: arn:aws:ssm:REGION:ACCOUNT:parameter/ and the"
                + " name without its leading /, or a path and /* for every parameter under it, in the stack's"
                + " partition, region and account; comma-separated; empty: AWS's public parameters only",
            "AllowedPattern", "^$|^" + PARAMETER_ARN + "$",
            "ConstraintDescription", "parameter ARNs like arn:aws:ssm:us-east-1:123456789012:parameter/team/web/ami"
                + " or arn:aws:ssm:us-east-1:123456789012:parameter/golden/*, or empty"),
        "AllowAdoption", map("Type", "String", "Default", "false", "AllowedValues", List.of("false", "true"),
            "Description", "true if the chart's adoption.namespaces is set: lets the operator tag untagged instances"
                + " and groups into ownership"));
  }

  private static Map<String, Object> roleList(String description) {
    return map("Type", "CommaDelimitedList", "Default", "", "Description", description + "; role ARNs,"
        + " comma-separated, no wildcards", "AllowedPattern", "^$|^" + IamPolicyRequest.ROLE.pattern() + "$");
  }

  private static Map<String, Object> conditions() {
    return map(
        "UseIrsa", equals(ref("PodCredentials"), "irsa"),
        "CreatePodIdentityAssociation", Map.of("Fn::And", List.of(not(condition("UseIrsa")),
            not(equals(ref("EksClusterName"), "")))),
        CloudFormationPolicy.ADOPTION_CONDITION, equals(ref("AllowAdoption"), "true"),
        CloudFormationPolicy.INSTANCE_ROLES_CONDITION, notEmpty(CloudFormationPolicy.INSTANCE_ROLES),
        CloudFormationPolicy.ACCOUNT_ROLES_CONDITION, notEmpty(CloudFormationPolicy.ACCOUNT_ROLES),
        CloudFormationPolicy.IMAGE_PARAMETERS_CONDITION, notEmpty(CloudFormationPolicy.IMAGE_PARAMETERS));
  }

  private static Map<String, Object> resources() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(ROLE, resource("AWS::IAM::Role", map(
        "Description", Map.of("Fn::Sub", "ec2-fleet-operator of cluster name ${ClusterName}"),
        "AssumeRolePolicyDocument", Map.of("Fn::If", List.of("UseIrsa", Map.of("Fn::Sub", irsaTrust()),
            policy(map("Sid", "EksPodIdentity", "Effect", "Allow",
                "Principal", Map.of("Service", "pods.eks.amazonaws.com"),
                "Action", List.of("sts:AssumeRole", "sts:TagSession"))))))));
    // inline: the policy is larger than a managed policy may be (6,144 characters; a role's inline ones 10,240)
    r.put("OperatorPolicy", resource("AWS::IAM::Policy", map("PolicyName", POLICY_NAME, "Roles", List.of(ref(ROLE)),
        "PolicyDocument", CloudFormationPolicy.document())));
    Map<String, Object> association = resource("AWS::EKS::PodIdentityAssociation", map(
        "ClusterName", ref("EksClusterName"), "Namespace", ref("Namespace"),
        "ServiceAccount", ref("ServiceAccountName"), "RoleArn", getAtt(ROLE, "Arn")));
    association.put("Condition", "CreatePodIdentityAssociation");
    r.put("PodIdentityAssociation", association);
    // events older than the operator's two minutes of notice are worth nothing: kept 5 minutes, as Karpenter does
    Map<String, Object> queue = resource("AWS::SQS::Queue", map("MessageRetentionPeriod", 300,
        "SqsManagedSseEnabled", true));
    queue.put("DeletionPolicy", "Delete"); // what it holds is stale within minutes: nothing to keep
    queue.put("UpdateReplacePolicy", "Delete");
    r.put(QUEUE, queue);
    r.put("InterruptionQueuePolicy", resource("AWS::SQS::QueuePolicy", map("Queues", List.of(ref(QUEUE)),
        "PolicyDocument", policy(
            map("Sid", "EventBridgeSendsThisTemplatesRules", "Effect", "Allow",
                "Principal", Map.of("Service", "events.amazonaws.com"), "Action", "sqs:SendMessage",
                "Resource", getAtt(QUEUE, "Arn"), "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn",
                    RULES.keySet().stream().map(rule -> getAtt(rule, "Arn")).toList()))),
            map("Sid", "DenyUnencryptedTransport", "Effect", "Deny", "Principal", "*", "Action", "sqs:*",
                "Resource", getAtt(QUEUE, "Arn"),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))));
    RULES.forEach((rule, detailType) -> {
      Map<String, Object> pattern = map("source", List.of("aws.ec2"), "detail-type", List.of(detailType));
      if (detailType.equals(InterruptionQueueConsumer.STATE_CHANGE)) { // it acts only on these: no others sent
        pattern.put("detail", Map.of("state", List.copyOf(new TreeSet<>(InterruptionQueueConsumer.LOSING))));
      }
      r.put(rule, resource("AWS::Events::Rule", map("Description", "ec2-fleet-operator: " + detailType
          + " events to its interruption queue", "State", "ENABLED", "EventPattern", pattern,
          "Targets", List.of(map("Id", "InterruptionQueue", "Arn", getAtt(QUEUE, "Arn"))))));
    });
    return r;
  }

  /** IRSA: the OIDC provider's tokens for the chart's ServiceAccount only, for STS. A string: its keys vary. */
  private static String irsaTrust() {
    String issuer = "${OidcProvider}";
    Map<String, Object> trust = policy(map("Sid", "ServiceAccountOfTheChart", "Effect", "Allow",
        "Principal", Map.of("Federated", "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/" + issuer),
        "Action", "sts:AssumeRoleWithWebIdentity",
        "Condition", Map.of("StringEquals", map(
            issuer + ":sub", "system:serviceaccount:${Namespace}:${ServiceAccountName}",
            issuer + ":aud", "sts.amazonaws.com"))));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(trust) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The template as YAML, with a header saying how it was made and how it is deployed. */
  public static String toYaml() {
    YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR).disable(YAMLGenerator.Feature.SPLIT_LINES).build();
    try {
      // a date left unquoted is a timestamp to YAML 1.1 readers: the format and policy versions stay strings
      return HEADER + new ObjectMapper(yaml).writeValueAsString(ordered(template()))
          .replaceAll("(?m)^(\\s*(?:- )?[A-Za-z]+: )(\\d{4}-\\d{2}-\\d{2})$", "$1\"$2\"");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Maps built in order keep it; the others (Map.of: no order, a different one each run) are sorted by key. */
  private static Object ordered(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = m instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new java.util.TreeMap<>();
      m.forEach((k, v) -> out.put((String) k, ordered(v)));
      return out;
    }
    return value instanceof List<?> l ? l.stream().map(AwsTemplate::ordered).toList() : value;
  }

  private static Map<String, Object> policy(Map<?, ?>... statements) {
    return map("Version", "2012-10-17", "Statement", List.of(statements));
  }

  private static Map<String, Object> resource(String type, Map<String, Object> properties) {
    return map("Type", type, "Properties", properties);
  }

  private static Map<String, Object> output(String description, Object value) {
    return map("Description", description, "Value", value);
  }

  private static Map<String, Object> notEmpty(String listParameter) {
    return not(equals(Map.of("Fn::Join", List.of("", ref(listParameter))), ""));
  }

  private static Map<String, Object> equals(Object a, Object b) {
    return Map.of("Fn::Equals", List.of(a, b));
  }

  private static Map<String, Object> not(Object condition) {
    return Map.of("Fn::Not", List.of(condition));
  }

  private static Map<String, Object> condition(String name) {
    return Map.of("Condition", name);
  }

  private static Map<String, Object> ref(String name) {
    return CloudFormationPolicy.ref(name);
  }

  private static Map<String, Object> getAtt(String resource, String attribute) {
    return Map.of("Fn::GetAtt", List.of(resource, attribute));
  }

  /** An insertion-ordered map of alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}

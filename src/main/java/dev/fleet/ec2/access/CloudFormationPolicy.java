package dev.fleet.ec2.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's IAM policy as the CloudFormation template carries it: {@link IamPolicyDocument}'s own output,
 * generated with placeholders where {@code iam-policy} takes literal values and turned into intrinsics (the
 * cluster name and the role and parameter lists are parameters; partition, region and account the stack's
 * pseudo-parameters; the queue the stack's own). What an option adds ({@code --allow-adoption},
 * {@code --pass-role-arns}, {@code --assume-role-arns}, {@code --image-parameters}) is found by generating with and
 * without it, and is kept under a template condition with {@code Fn::If}; a statement that needs two options at
 * once, or an option that changes rather than adds a statement, fails the generation instead of being guessed.
 *
 * <p>{@code --image-parameters} takes parameter names, and the policy names each by its ARN in the stack's
 * partition, region and account. CloudFormation cannot build that per element of a list parameter: Fn::Join's
 * and Fn::Split's delimiters and Fn::Sub's string must be literals, so the pseudo-parameters cannot be repeated
 * before each name, and Fn::ForEach (the LanguageExtensions transform) makes keys, not list elements. The template
 * therefore takes the ARNs themselves ({@link #IMAGE_PARAMETERS}): the statement's resources are then exactly the
 * parameter's elements, as they are iam-policy's ARNs for the names. That the option's resources are one ARN per
 * name and nothing else is checked here, on a placeholder name: anything else fails the generation.
 */
final class CloudFormationPolicy {
  static final String CLUSTER_NAME = "ClusterName";
  static final String INSTANCE_ROLES = "InstanceRoleArns";
  static final String ACCOUNT_ROLES = "AccountRoleArns";
  static final String IMAGE_PARAMETERS = "ImageParameterArns";
  static final String QUEUE = "InterruptionQueue";
  static final String ADOPTION_CONDITION = "AllowAdoption";
  static final String INSTANCE_ROLES_CONDITION = "HasInstanceRoleArns";
  static final String ACCOUNT_ROLES_CONDITION = "HasAccountRoleArns";
  static final String IMAGE_PARAMETERS_CONDITION = "HasImageParameterArns";
  private static final String NO_VALUE = "AWS::NoValue";

  private CloudFormationPolicy() {}

  /** One option of the {@code iam-policy} command and the template condition that stands for it. */
  private enum Option { ADOPTION, INSTANCE_ROLES, ACCOUNT_ROLES, IMAGE_PARAMETERS }

  /**
   * Placeholders the command accepts, each turned into its template variable afterwards: the request is made with
   * the command's own parser, so that whatever else it learns keeps its default here too.
   */
  private static final Map<String, String> PLACEHOLDERS = Map.of(
      "cfn-placeholder-cluster-name", CLUSTER_NAME,
      "aws-cfn-placeholder", "AWS::Partition",
      "zz-cfnplaceholder-9", "AWS::Region",
      "999999999999", "AWS::AccountId");
  private static final String INSTANCE_ROLES_PLACEHOLDER = "arn:aws:iam::999999999999:role/cfn-placeholder-instance";
  private static final String ACCOUNT_ROLES_PLACEHOLDER = "arn:aws:iam::999999999999:role/cfn-placeholder-account";
  private static final String IMAGE_PARAMETER_PLACEHOLDER = "/cfn-placeholder-image";
  /** What iam-policy must make of the placeholder name: its ARN, in the placeholders' partition, region, account. */
  private static final String IMAGE_PARAMETERS_PLACEHOLDER =
      "arn:aws-cfn-placeholder:ssm:zz-cfnplaceholder-9:999999999999:parameter/cfn-placeholder-image";
  private static final String QUEUE_PLACEHOLDER = "arn:aws:sqs:zz-cfnplaceholder-9:999999999999:cfn-placeholder";

  private static Map<String, Object> generated(Option... on) {
    List<Option> options = List.of(on);
    List<String> args = new ArrayList<>(List.of("--cluster-name=cfn-placeholder-cluster-name",
        "--partition=aws-cfn-placeholder", "--region=zz-cfnplaceholder-9", "--account-id=999999999999",
        "--interruption-queue-arns=" + QUEUE_PLACEHOLDER));
    if (options.contains(Option.ADOPTION)) {
      args.add("--allow-adoption");
    }
    if (options.contains(Option.INSTANCE_ROLES)) {
      args.add("--pass-role-arns=" + INSTANCE_ROLES_PLACEHOLDER);
    }
    if (options.contains(Option.ACCOUNT_ROLES)) {
      args.add("--assume-role-arns=" + ACCOUNT_ROLES_PLACEHOLDER);
    }
    if (options.contains(Option.IMAGE_PARAMETERS)) {
      args.add("--image-parameters=" + IMAGE_PARAMETER_PLACEHOLDER);
    }
    return new IamPolicyDocument(IamPolicyRequest.parse(args)).document();
  }

  /** The PolicyDocument property: IAM's policy grammar, with intrinsics. */
  static Map<String, Object> document() {
    Map<String, Object> base = generated();
    List<?> baseStatements = (List<?>) base.get("Statement");
    Map<Object, Option> optional = new LinkedHashMap<>();
    for (Option o : Option.values()) {
      List<?> with = (List<?>) generated(o).get("Statement");
      if (!with.containsAll(baseStatements)) {
        throw new IllegalStateException(o + " changes a statement of the policy instead of adding one:"
            + " the CloudFormation template cannot express that with a condition; extend CloudFormationPolicy");
      }
      with.stream().filter(s -> !baseStatements.contains(s)).forEach(s -> {
        if (optional.put(s, o) != null) {
          throw new IllegalStateException("a statement of the policy comes with either of two options: extend"
              + " CloudFormationPolicy: " + s);
        }
      });
    }
    List<Object> statements = new ArrayList<>();
    for (Object s : (List<?>) generated(Option.values()).get("Statement")) {
      if (baseStatements.contains(s)) {
        statements.add(intrinsics(s));
      } else if (optional.containsKey(s)) {
        statements.add(Map.of("Fn::If", List.of(condition(optional.get(s)), intrinsics(s), ref(NO_VALUE))));
      } else {
        throw new IllegalStateException("a statement of the policy needs several options at once: extend"
            + " CloudFormationPolicy: " + s);
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>(base);
    doc.put("Statement", statements);
    return doc;
  }

  private static String condition(Option o) {
    return switch (o) {
      case ADOPTION -> ADOPTION_CONDITION;
      case INSTANCE_ROLES -> INSTANCE_ROLES_CONDITION;
      case ACCOUNT_ROLES -> ACCOUNT_ROLES_CONDITION;
      case IMAGE_PARAMETERS -> IMAGE_PARAMETERS_CONDITION;
    };
  }

  static Map<String, Object> ref(String name) {
    return Map.of("Ref", name);
  }

  /**
   * Placeholders to intrinsics: a list that is one role placeholder, or the placeholder image parameter's ARN,
   * becomes that list parameter, the queue's ARN its Fn::GetAtt, a string that is one placeholder a Ref, a string
   * with placeholders in it an Fn::Sub. A "${" of the policy's own (an IAM policy variable) would need escaping for
   * Fn::Sub: it fails instead.
   */
  private static Object intrinsics(Object value) {
    if (value instanceof Map<?, ?> map) { // a Map.of has no order, a different one each run: sorted
      Map<String, Object> out = map instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new java.util.TreeMap<>();
      map.forEach((k, v) -> {
        if (!substituted(String.valueOf(k)).equals(String.valueOf(k))) {
          throw new IllegalStateException("a template parameter in a policy key: " + k);
        }
        out.put(String.valueOf(k), intrinsics(v));
      });
      return out;
    }
    if (value instanceof List<?> list) {
      if (list.equals(List.of(INSTANCE_ROLES_PLACEHOLDER))) {
        return ref(INSTANCE_ROLES);
      }
      if (list.equals(List.of(ACCOUNT_ROLES_PLACEHOLDER))) {
        return ref(ACCOUNT_ROLES);
      }
      if (list.equals(List.of(IMAGE_PARAMETERS_PLACEHOLDER))) {
        return ref(IMAGE_PARAMETERS);
      }
      return list.stream().map(CloudFormationPolicy::intrinsics).toList();
    }
    if (value instanceof String s) {
      if (s.contains("${")) {
        throw new IllegalStateException("a policy value with \"${\" (escape it as \"${!\" for Fn::Sub): " + s);
      }
      if (s.equals(QUEUE_PLACEHOLDER)) {
        return Map.of("Fn::GetAtt", List.of(QUEUE, "Arn"));
      }
      if (PLACEHOLDERS.containsKey(s)) {
        return ref(PLACEHOLDERS.get(s));
      }
      String sub = substituted(s);
      if (sub.contains("placeholder") || sub.contains("999999999999")) {
        throw new IllegalStateException("a placeholder the template cannot express in policy value " + s);
      }
      return sub.equals(s) ? s : Map.of("Fn::Sub", sub);
    }
    return value;
  }

  private static String substituted(String s) {
    String out = s;
    for (var p : PLACEHOLDERS.entrySet()) {
      out = out.replace(p.getKey(), "${" + p.getValue() + "}");
    }
    return out;
  }
}

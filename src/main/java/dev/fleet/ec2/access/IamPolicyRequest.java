package dev.fleet.ec2.access;

import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the IAM policy is generated for: the installation's cluster name, where (partition, region,
 * account; {@code *} for any), the roles its instances may be given, its interruption queues (one per region
 * in use: EventBridge delivers events only within their account and region), whether adoption is allowed, and
 * the account's own Systems Manager parameters an imageId may name (AWS's public ones always may). Read from
 * {@code iam-policy} command flags.
 *
 * @param imageParameters parameter names, or paths ending in {@code /*} (every parameter under them)
 */
public record IamPolicyRequest(String clusterName, String partition, String region, String accountId,
    List<String> passRoleArns, List<String> interruptionQueueArns, boolean allowAdoption,
    List<String> assumeRoleArns, List<String> imageParameters) {
  public static final String USAGE = "usage: java -jar ec2-fleet-operator.jar iam-policy --cluster-name=NAME"
      + " [--region=REGION] [--account-id=ACCOUNT] [--partition=aws]"
      + " [--pass-role-arns=arn:aws:iam::ACCOUNT:role/NAME,...] [--interruption-queue-arns=arn:aws:sqs:REGION:ACCOUNT:NAME,...]"
      + " [--allow-adoption] [--assume-role-arns=arn:aws:iam::ACCOUNT:role/NAME,...]"
      + " [--image-parameters=/PATH/NAME,/PATH/*,...]";
  static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
  private static final Pattern QUEUE = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[\\w-]+(\\.fifo)?");
  private static final Pattern REGION = Pattern.compile("\\*|[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern ACCOUNT = Pattern.compile("\\*|\\d{12}");
  private static final Pattern PARTITION = Pattern.compile("aws[a-z-]*");
  /** A parameter's name without its leading slash, or a path and {@code /*}. */
  static final String PARAMETER_PATH = "[\\w.-]+(/[\\w.-]+)*(/\\*)?";
  /** A parameter's name, or a path and {@code /*}; never AWS's reserved names (its public ones are granted anyway). */
  private static final Pattern PARAMETER = Pattern.compile("(?!/?(aws|ssm))/?" + PARAMETER_PATH,
      Pattern.CASE_INSENSITIVE);

  public IamPolicyRequest {
    passRoleArns = List.copyOf(passRoleArns);
    assumeRoleArns = List.copyOf(assumeRoleArns);
    interruptionQueueArns = List.copyOf(interruptionQueueArns);
    imageParameters = List.copyOf(imageParameters);
  }

  /** Parses the command's flags; throws IllegalArgumentException with a one-line message on bad input. */
  public static IamPolicyRequest parse(List<String> args) {
    String cluster = null;
    String partition = "aws";
    String region = "*";
    String account = "*";
    List<String> roles = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    List<String> queues = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    boolean adoption = false;
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1).trim() : "";
      switch (name) {
        case "--cluster-name" -> cluster = value;
        case "--partition" -> partition = checked(value, PARTITION, name);
        case "--region" -> region = checked(value, REGION, name);
        case "--account-id" -> account = checked(value, ACCOUNT, name);
        case "--pass-role-arns" -> roles.addAll(roleArns(value, name));
        case "--assume-role-arns" -> accounts.addAll(roleArns(value, name));
        // the singular is the flag's earlier name, kept; both take one ARN or several, comma-separated
        case "--interruption-queue-arns", "--interruption-queue-arn" -> queues.addAll(arns(value, QUEUE,
            name + " (one queue ARN each, no wildcards)"));
        case "--allow-adoption" -> adoption = value.isEmpty() || Boolean.parseBoolean(value);
        case "--image-parameters" -> parameters.addAll(arns(value, PARAMETER, name + " (parameter names, or a path"
            + " and /*; not under aws or ssm)"));
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
      }
    }
    if (cluster == null || !OwnershipTags.CLUSTER_NAME.matcher(cluster).matches()) {
      throw new IllegalArgumentException("--cluster-name must be the operator's cluster name (1-63 lower-case"
          + " letters, digits, '.' or '-'); " + USAGE);
    }
    return new IamPolicyRequest(cluster, partition, region, account, roles, queues, adoption, accounts, parameters);
  }

  private static List<String> roleArns(String value, String flag) {
    return arns(value, ROLE, flag + " (one role ARN each, no wildcards)");
  }

  private static List<String> arns(String value, Pattern pattern, String flag) {
    List<String> arns = new ArrayList<>();
    for (String arn : value.split(",")) {
      if (!arn.isBlank()) {
        arns.add(checked(arn.trim(), pattern, flag));
      }
    }
    return arns;
  }

  private static String checked(String value, Pattern pattern, String flag) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + flag + " '" + value + "'; " + USAGE);
    }
    return value;
  }
}

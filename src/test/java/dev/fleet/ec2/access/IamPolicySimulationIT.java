package dev.fleet.ec2.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated IAM policy, evaluated by a real IAM policy evaluator (@cloud-copilot/iam-simulate, with
 * AWS's service reference data pinned in test-e2e/versions.env) for a table of requests: action x
 * resource tags x request tags. Every write on a foreign-cluster or untagged resource is denied, a
 * foreign resource cannot be tagged into ownership, PassRole is denied for an unlisted role; and what
 * the operator itself does is allowed. The policy is also linted by parliament.
 */
class IamPolicySimulationIT {
  static final String ACCOUNT = "123456789012";
  static final String US = "prod";
  static final String OTHER = "other";
  static final String INSTANCE = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0123456789abcdef0";
  static final String VOLUME = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":volume/vol-0123456789abcdef0";
  static final String GROUP = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":security-group/sg-0123456789abcdef0";
  static final String SPOT_REQUEST = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":spot-instances-request/sir-01234567";
  static final String ADDRESS = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":elastic-ip/eipalloc-0123456789abcdef0";
  static final List<String> ADDRESS_WRITES = List.of("ec2:AssociateAddress", "ec2:DisassociateAddress",
      "ec2:ReleaseAddress", "ec2:CreateTags", "ec2:DeleteTags");
  static final String WEB_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/web";
  static final String ADMIN_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/admin";
  static final String QUEUE = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":ec2-fleet-interruptions";
  static final List<String> INSTANCE_WRITES = List.of("ec2:StartInstances", "ec2:StopInstances",
      "ec2:RebootInstances", "ec2:TerminateInstances", "ec2:ModifyInstanceAttribute", "ec2:CreateTags",
      "ec2:DeleteTags");
  static final List<String> GROUP_WRITES = List.of("ec2:AuthorizeSecurityGroupIngress",
      "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
      "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
      "ec2:DeleteSecurityGroup", "ec2:CreateTags", "ec2:DeleteTags");
  static final Map<String, String> OWNERSHIP = Map.of("ec2.fleet.dev/cluster", US, "ec2.fleet.dev/owner", "team-a/web",
      "ec2.fleet.dev/owner-uid", "0b3c");

  private static PolicyTools tools;

  @BeforeAll
  static void installTools() throws Exception {
    tools = PolicyTools.install();
  }

  /** One row of the table: a request and whether the policy must allow it. */
  record Row(String what, String action, String resource, Map<String, Object> context, boolean allowed) {}

  private static Map<String, Object> resourceTags(String cluster) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (cluster != null) {
      c.put("aws:ResourceTag/ec2.fleet.dev/cluster", cluster);
    }
    return c;
  }

  private static Map<String, Object> withRequestTags(Map<String, Object> context, Map<String, String> tags) {
    Map<String, Object> c = new LinkedHashMap<>(context);
    tags.forEach((k, v) -> c.put("aws:RequestTag/" + k, v));
    c.put("aws:TagKeys", List.copyOf(tags.keySet()));
    return c;
  }

  /** Writes on existing resources: ours allowed, another installation's and untagged ones denied. */
  static List<Row> writesOnExistingResources() {
    List<Row> rows = new ArrayList<>();
    Map<String, String> nameTag = Map.of("Name", "web");
    for (var target : List.of(Map.entry(INSTANCE, INSTANCE_WRITES), Map.entry(GROUP, GROUP_WRITES),
        Map.entry(SPOT_REQUEST, List.of("ec2:CancelSpotInstanceRequests")), Map.entry(ADDRESS, ADDRESS_WRITES),
        Map.entry(INSTANCE, List.of("ec2:AssociateAddress")))) {
      for (String action : target.getValue()) {
        for (String cluster : new String[] {US, OTHER, null}) {
          Map<String, Object> context = resourceTags(cluster);
          if (action.equals("ec2:CreateTags")) {
            context = withRequestTags(context, nameTag);
          } else if (action.equals("ec2:DeleteTags")) { // releasing (Retain): by key, as the operator does
            context.put("aws:TagKeys", List.copyOf(OWNERSHIP.keySet()));
          }
          rows.add(new Row(action + " on " + target.getKey() + " tagged " + cluster, action, target.getKey(), context,
              US.equals(cluster)));
        }
      }
    }
    return rows;
  }

  /** Creation: only when what is created is tagged for this cluster. */
  static List<Row> creation() {
    List<Row> rows = new ArrayList<>();
    for (String cluster : new String[] {US, OTHER, null}) {
      Map<String, String> tags = cluster == null ? Map.of("Name", "web") : Map.of("ec2.fleet.dev/cluster", cluster);
      boolean ours = US.equals(cluster);
      for (String created : List.of(INSTANCE, VOLUME, SPOT_REQUEST)) {
        rows.add(new Row("RunInstances creating " + created + " tagged " + cluster, "ec2:RunInstances", created,
            withRequestTags(Map.of(), tags), ours));
      }
      rows.add(new Row("CreateSecurityGroup tagged " + cluster, "ec2:CreateSecurityGroup", GROUP,
          withRequestTags(Map.of(), tags), ours));
      Map<String, Object> atLaunch = withRequestTags(Map.of("ec2:CreateAction", "RunInstances"), tags);
      rows.add(new Row("CreateTags at launch, tags for " + cluster, "ec2:CreateTags", INSTANCE, atLaunch, ours));
      rows.add(new Row("AllocateAddress tagged " + cluster, "ec2:AllocateAddress", ADDRESS,
          withRequestTags(Map.of(), tags), ours));
      rows.add(new Row("CreateTags at allocation, tags for " + cluster, "ec2:CreateTags", ADDRESS,
          withRequestTags(Map.of("ec2:CreateAction", "AllocateAddress"), tags), ours));
    }
    return rows;
  }

  /** Taking over: never a foreign resource, never moving ours to another cluster; untagged only with adoption. */
  static List<Row> takeover(boolean adoptionAllowed) {
    Map<String, String> toOther = Map.of("ec2.fleet.dev/cluster", OTHER);
    return List.of(
        new Row("tag an untagged instance into ownership", "ec2:CreateTags", INSTANCE,
            withRequestTags(resourceTags(null), OWNERSHIP), adoptionAllowed),
        new Row("tag an untagged group into ownership", "ec2:CreateTags", GROUP,
            withRequestTags(resourceTags(null), OWNERSHIP), adoptionAllowed),
        new Row("tag an untagged instance with more than ownership", "ec2:CreateTags", INSTANCE,
            withRequestTags(resourceTags(null), Map.of("ec2.fleet.dev/cluster", US, "Name", "x")), false),
        new Row("tag another installation's instance into ownership", "ec2:CreateTags", INSTANCE,
            withRequestTags(resourceTags(OTHER), OWNERSHIP), false),
        new Row("tag another installation's group into ownership", "ec2:CreateTags", GROUP,
            withRequestTags(resourceTags(OTHER), OWNERSHIP), false),
        new Row("move our instance to another cluster", "ec2:CreateTags", INSTANCE,
            withRequestTags(resourceTags(US), toOther), false),
        new Row("move our group to another cluster", "ec2:CreateTags", GROUP,
            withRequestTags(resourceTags(US), toOther), false));
  }

  static List<Row> passRoleAndQueue(boolean rolesListed) {
    String other = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":someone-elses-queue";
    return List.of(
        new Row("PassRole of the listed role to EC2", "iam:PassRole", WEB_ROLE,
            Map.of("iam:PassedToService", "ec2.amazonaws.com"), rolesListed),
        new Row("PassRole of the listed role to Lambda", "iam:PassRole", WEB_ROLE,
            Map.of("iam:PassedToService", "lambda.amazonaws.com"), false),
        new Row("PassRole of an unlisted role", "iam:PassRole", ADMIN_ROLE,
            Map.of("iam:PassedToService", "ec2.amazonaws.com"), false),
        new Row("receive from the interruption queue", "sqs:ReceiveMessage", QUEUE, Map.of(), rolesListed),
        new Row("delete from the interruption queue", "sqs:DeleteMessage", QUEUE, Map.of(), rolesListed),
        new Row("receive from another queue", "sqs:ReceiveMessage", other, Map.of(), false),
        new Row("delete from another queue", "sqs:DeleteMessage", other, Map.of(), false));
  }

  /**
   * imageId resolve:ssm:...: the account's own parameters only those listed, and only read. AWS's public ones
   * ({@code arn:aws:ssm:REGION::parameter/aws/service/...}, no account, as EC2's images) are beyond the simulator,
   * which matches no resource type without an account: their statement is checked in IamPolicyDocumentTest.
   */
  static List<Row> imageParameters(boolean listed) {
    String own = "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/team/web/ami";
    return List.of(
        new Row("GetParameter of a listed parameter of the account", "ssm:GetParameter", own, Map.of(), listed),
        new Row("GetParameters (not what the operator calls) of it", "ssm:GetParameters", own, Map.of(), false),
        new Row("GetParameter of another parameter of the account", "ssm:GetParameter",
            "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/db/password", Map.of(), false),
        new Row("PutParameter of a listed parameter", "ssm:PutParameter", own, Map.of(), false));
  }

  @Test
  void theDefaultPolicyAllowsOnlyThisClustersResourcesAndNoAdoptionRoleOrQueue() throws Exception {
    assertEvaluations(IamPolicyDocumentTest.policy("--cluster-name=" + US), table(false));
  }

  /** Every row; {@code optionsGiven}: the policy was generated with adoption, a role list and a queue. */
  private static List<Row> table(boolean optionsGiven) {
    List<Row> rows = new ArrayList<>(writesOnExistingResources());
    rows.addAll(creation());
    rows.addAll(takeover(optionsGiven));
    rows.addAll(passRoleAndQueue(optionsGiven));
    rows.addAll(imageParameters(optionsGiven));
    return rows;
  }

  @Test
  void withAdoptionRolesAndQueueOnlyUntaggedResourcesListedRolesAndTheQueueAreAdded() throws Exception {
    JsonNode policy = IamPolicyDocumentTest.policy("--cluster-name=" + US, "--allow-adoption",
        "--pass-role-arns=" + WEB_ROLE, "--interruption-queue-arn=" + QUEUE, "--image-parameters=/team/web/*");
    assertEvaluations(policy, table(true));
  }

  @Test
  void theCommittedPolicyIsWhatTheTableWasRunAgainstAndParliamentFindsNothingElse() throws Exception {
    JsonNode committed = new ObjectMapper().readTree(IamPolicyDocumentTest.COMMITTED.toFile());
    assertEvaluations(committed, takeover(false).stream().map(r -> new Row(r.what(), r.action(), r.resource(),
        r.context(), false)).toList()); // cluster "default": even our own tags are someone else's here
    assertEvaluations(committed, imageParameters(false));
    for (JsonNode policy : List.of(committed, IamPolicyDocumentTest.policy("--cluster-name=" + US, "--allow-adoption",
        "--pass-role-arns=" + WEB_ROLE, "--interruption-queue-arn=" + QUEUE, "--image-parameters=/team/web/*"))) {
      assertThat(tools.lint(policy)).as("parliament findings beyond actions split over statements").isEmpty();
    }
  }

  private static void assertEvaluations(JsonNode policy, List<Row> rows) throws Exception {
    List<String> answers = tools.evaluate(policy, rows);
    assertThat(answers).hasSameSizeAs(rows);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      String expected = r.allowed() ? "Allowed" : "ImplicitlyDenied";
      if (!expected.equals(answers.get(i))) {
        wrong.add(r.what() + ": expected " + expected + ", evaluator said " + answers.get(i));
      }
    }
    assertThat(wrong).as("requests evaluated against the policy").isEmpty();
  }

  /** Runs a command with {@code stdin}; returns its standard output, or throws with its error output. */
  static String run(List<String> command, Map<String, String> env, String stdin, int... okCodes)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " did not finish in 120 s");
    }
    boolean ok = p.exitValue() == 0 || java.util.Arrays.stream(okCodes).anyMatch(c -> c == p.exitValue());
    if (!ok) {
      throw new IOException(command + " exited " + p.exitValue() + ": " + new String(err, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!p.resolve("test-e2e/tools.sh").toFile().exists()) {
      p = p.getParent();
    }
    return p;
  }
}

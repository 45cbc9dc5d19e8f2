package dev.fleet.ec2.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated IAM policy: what is committed is what the generator writes, every AWS call the operator
 * makes is in it, and no write is allowed on any cluster value. What it allows or denies for a given
 * request is shown by a real IAM evaluator in {@code IamPolicySimulationIT}.
 */
class IamPolicyDocumentTest {
  static final Path COMMITTED = Path.of("manifests/iam-policy.json");
  private static final Set<String> READS = Set.of("ec2:DescribeInstances", "ec2:DescribeSecurityGroups",
      "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSpotFleetRequests",
      "ec2:DescribeSpotFleetInstances", "ec2:DescribeKeyPairs", "ec2:DescribeAddresses",
      "ec2:DescribeInstanceTypes", "servicequotas:GetServiceQuota", "ssm:GetParameter");

  static JsonNode policy(String... args) throws IOException {
    return new ObjectMapper().readTree(new IamPolicyDocument(IamPolicyRequest.parse(List.of(args))).toJson());
  }

  @Test
  void theCommittedPolicyIsTheGeneratedOneForTheInstallManifestsClusterName() throws IOException {
    assertThat(Files.readString(COMMITTED))
        .as("manifests/iam-policy.json: java -jar target/ec2-fleet-operator.jar iam-policy --cluster-name=default")
        .isEqualTo(new IamPolicyDocument(IamPolicyRequest.parse(List.of("--cluster-name=default"))).toJson());
  }

  @Test
  void everyAwsCallTheOperatorMakesIsInThePolicy() throws IOException {
    Set<String> called = new HashSet<>();
    Pattern call = Pattern.compile("\\b(ec2|sqs|ssm)\\.([a-z][A-Za-z]+)\\(");
    List<Path> sources;
    try (var files = Files.list(Path.of("src/main/java/dev/fleet/ec2/cloud/aws"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    for (Path file : sources) {
      Matcher m = call.matcher(Files.readString(file));
      while (m.find()) {
        String op = m.group(2).replace("Paginator", "");
        if (!op.equals("close")) {
          called.add(m.group(1) + ":" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
        }
      }
    }
    assertThat(called).as("calls found in the gateway").hasSizeGreaterThan(15)
        .as("an imageId of resolve:ssm:... is read with GetParameter").contains("ssm:GetParameter");
    // Service Quotas is called as a signed request, not through an SDK client: its one action by name
    assertThat(Files.readString(Path.of("src/main/java/dev/fleet/ec2/cloud/aws/AwsServiceQuotas.java")))
        .contains("ACTION = \"GetServiceQuota\"");
    called.add("servicequotas:GetServiceQuota");
    Set<String> allowed = new HashSet<>();
    policy("--cluster-name=prod", "--interruption-queue-arn=arn:aws:sqs:us-east-1:123456789012:q")
        .get("Statement").forEach(s -> s.get("Action").forEach(a -> allowed.add(a.asText())));
    assertThat(allowed).containsAll(called);
  }

  @Test
  void everyWriteIsPinnedToThisClusterOrNamesWhatItMayUse() throws IOException {
    JsonNode doc = policy("--cluster-name=prod", "--allow-adoption",
        "--pass-role-arns=arn:aws:iam::123456789012:role/web");
    for (JsonNode s : doc.get("Statement")) {
      String text = s.toString();
      assertThat(text).as("no condition accepts any cluster value").doesNotContain("StringLike")
          .doesNotContain("\"*\"}");
      boolean readsOnly = true;
      for (JsonNode a : s.get("Action")) {
        readsOnly &= READS.contains(a.asText());
      }
      if (readsOnly) {
        continue;
      }
      for (JsonNode r : s.get("Resource")) {
        assertThat(r.asText()).as(s.get("Sid") + ": a write names its resource type").isNotEqualTo("*");
      }
      boolean conditioned = text.contains("\"prod\"");
      boolean onlyPicksParts = s.get("Sid").asText().matches("LaunchFromAnyImageSubnetGroupAndKey|CreateGroupsInAnyVpc"
          + "|AttachAnyGroupToThisClustersInstances|PassOnlyListedRolesToInstances"
          + "|AssociateThroughTheInstancesInterfaces");
      assertThat(conditioned || onlyPicksParts).as(s.get("Sid") + " is pinned to cluster prod").isTrue();
    }
    assertThat(doc.toString()).contains("arn:aws:iam::123456789012:role/web").doesNotContain("role/*");
  }

  @Test
  void theAccountRolesItMayAssumeAreListedOnlyWhenAskedAndNeverByWildcard() throws IOException {
    assertThat(policy("--cluster-name=prod").toString()).doesNotContain("sts:AssumeRole");
    JsonNode doc = policy("--cluster-name=prod", "--assume-role-arns=arn:aws:iam::222222222222:role/ec2-fleet,"
        + "arn:aws:iam::333333333333:role/ec2-fleet");
    JsonNode assume = null;
    for (JsonNode s : doc.get("Statement")) {
      if (s.get("Action").toString().contains("sts:AssumeRole")) {
        assume = s;
      }
    }
    assertThat(assume).isNotNull();
    assertThat(assume.get("Resource")).extracting(JsonNode::asText).containsExactly(
        "arn:aws:iam::222222222222:role/ec2-fleet", "arn:aws:iam::333333333333:role/ec2-fleet");
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod",
        "--assume-role-arns=arn:aws:iam::222222222222:role/*"))).hasMessageContaining("no wildcards");
  }

  @Test
  void adoptionPassRoleAndTheQueueAreOnlyThereWhenAsked() throws IOException {
    String strict = policy("--cluster-name=prod").toString();
    assertThat(strict).doesNotContain(IamPolicyDocument.ADOPTION_SID, "iam:PassRole", "sqs:");
    assertThat(policy("--cluster-name=prod", "--allow-adoption").toString()).contains(IamPolicyDocument.ADOPTION_SID);
  }

  @Test
  void aTargetAccountsPolicyReadsEachOfItsRegionsQueuesAndNoOther() throws IOException {
    String eu = "arn:aws:sqs:eu-west-1:222222222222:ec2-fleet-interruptions";
    String west = "arn:aws:sqs:us-west-2:222222222222:ec2-fleet-interruptions";
    JsonNode doc = policy("--cluster-name=prod", "--account-id=222222222222",
        "--interruption-queue-arns=" + eu + ", " + west);
    List<JsonNode> sqs = new java.util.ArrayList<>();
    doc.get("Statement").forEach(s -> {
      if (s.toString().contains("sqs:")) {
        sqs.add(s);
      }
    });
    assertThat(sqs).singleElement().satisfies(s -> {
      assertThat(s.get("Action").toString()).isEqualTo("[\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\"]");
      assertThat(s.get("Resource").toString()).isEqualTo("[\"" + eu + "\",\"" + west + "\"]");
    });
    assertThat(policy("--cluster-name=prod", "--interruption-queue-arn=" + eu).toString())
        .as("the earlier singular flag").contains(eu);
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod",
        "--interruption-queue-arns=" + eu + ",arn:aws:sqs:*:222222222222:*"))).hasMessageContaining("no wildcards");
  }

  @Test
  void imagesResolveFromAwssPublicParametersAndFromTheAccountsOwnOnlyAsListed() throws IOException {
    List<JsonNode> reads = parameterReads(policy("--cluster-name=prod"));
    assertThat(reads).singleElement().satisfies(s -> {
      assertThat(s.get("Action").toString()).isEqualTo("[\"ssm:GetParameter\"]");
      assertThat(s.get("Resource").toString()).isEqualTo("[\"arn:aws:ssm:*::parameter/aws/service/*\"]");
    });
    List<JsonNode> listed = parameterReads(policy("--cluster-name=prod", "--account-id=123456789012",
        "--region=eu-west-1", "--image-parameters=/team/web/ami, /golden/*"));
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("Resource").toString()).isEqualTo("[\"arn:aws:ssm:eu-west-1::parameter/aws/service/*\"]");
    assertThat(listed.get(1).get("Resource").toString()).isEqualTo("[\"arn:aws:ssm:eu-west-1:123456789012:parameter/team"
        + "/web/ami\",\"arn:aws:ssm:eu-west-1:123456789012:parameter/golden/*\"]");
    for (String bad : List.of("*", "/*", "/aws/service/x", "ssm-things", "/team/*/ami", "arn:aws:ssm:*:*:parameter/x")) {
      assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod", "--image-parameters=" + bad)))
          .as(bad).hasMessageContaining("--image-parameters");
    }
  }

  private static List<JsonNode> parameterReads(JsonNode policy) {
    List<JsonNode> reads = new java.util.ArrayList<>();
    policy.get("Statement").forEach(s -> {
      if (s.get("Action").toString().contains("ssm:")) {
        reads.add(s);
      }
    });
    return reads;
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of())).hasMessageContaining("--cluster-name");
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod", "--pass-role-arns=*")))
        .hasMessageContaining("no wildcards");
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod",
        "--pass-role-arns=arn:aws:iam::123456789012:role/*"))).hasMessageContaining("no wildcards");
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=Prod"))).hasMessageContaining("usage");
    assertThatThrownBy(() -> IamPolicyRequest.parse(List.of("--cluster-name=prod", "--queue=x")))
        .hasMessageContaining("unknown argument");
  }
}

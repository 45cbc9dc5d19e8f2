package dev.fleet.ec2.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS-side template, linted by cfn-lint (AWS's CloudFormation linter, with its resource specifications;
 * the version pinned in test-e2e/versions.env, installed by test-e2e/tools.sh): no error, no warning and no
 * informational finding, none ignored. That the linter really reads the template is shown by a broken copy.
 */
class AwsTemplateLintIT {
  private static Path cfnLint;

  @BeforeAll
  static void install() throws Exception {
    Path root = IamPolicySimulationIT.root();
    String out = IamPolicySimulationIT.run(List.of("bash", root.resolve("test-e2e/tools.sh").toString(), "cfn"),
        Map.of(), "");
    Path tools = Path.of(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    Properties v = new Properties();
    try (var in = Files.newInputStream(root.resolve("test-e2e/versions.env"))) {
      v.load(in);
    }
    cfnLint = tools.resolve("cfn-lint-" + v.getProperty("CFN_LINT_VERSION") + "/bin/cfn-lint");
  }

  /** Every finding, one a line (file:line:column:...:rule:message); cfn-lint exits non-zero when there are any. */
  private static List<String> lint(Path template) throws Exception {
    String out = IamPolicySimulationIT.run(List.of(cfnLint.toString(), "--format", "parseable",
        "--include-checks", "I", "--", template.toString()), Map.of(), "", 2, 4, 6, 8, 10, 12, 14);
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void theTemplateHasNoFinding() throws Exception {
    Path template = IamPolicySimulationIT.root().resolve(AwsTemplate.FILE);
    assertThat(lint(template)).as("cfn-lint " + AwsTemplate.FILE).isEmpty();
  }

  @Test
  void aBrokenTemplateIsFound() throws Exception {
    String good = Files.readString(IamPolicySimulationIT.root().resolve(AwsTemplate.FILE));
    String broken = good.replace("MessageRetentionPeriod: 300", "MessageRetentionPeriod: 30")
        .replace("- Ref: OperatorRole", "- Ref: OperatorRoles");
    assertThat(broken).isNotEqualTo(good);
    Path copy = Files.createTempFile("broken-template", ".yaml");
    try {
      Files.writeString(copy, broken);
      List<String> findings = new ArrayList<>(lint(copy));
      assertThat(findings).as("a retention below SQS's minimum").anyMatch(f -> f.contains(":E3034:"));
      assertThat(findings).as("a Ref to no resource")
          .anyMatch(f -> f.contains(":E1020:") && f.contains("OperatorRoles"));
    } finally {
      Files.delete(copy);
    }
  }
}

package dev.fleet.ec2.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The IAM policy evaluator and linter that test-e2e/tools.sh installs, driven from the tests. */
final class PolicyTools {
  /** Actions whose resources the policy grants in separate statements, on purpose (some conditioned, some not). */
  private static final String SPLIT_FINDING = "RESOURCE_MISMATCH";
  private final Path simulatorHome;
  private final Path parliament;
  private final ObjectMapper json = new ObjectMapper();

  private PolicyTools(Path simulatorHome, Path parliament) {
    this.simulatorHome = simulatorHome;
    this.parliament = parliament;
  }

  static PolicyTools install() throws Exception {
    Path root = IamPolicySimulationIT.root();
    String out = IamPolicySimulationIT.run(List.of("bash", root.resolve("test-e2e/tools.sh").toString(), "iam"),
        Map.of(), "");
    Path tools = Path.of(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    Properties v = new Properties();
    try (var in = Files.newInputStream(root.resolve("test-e2e/versions.env"))) {
      v.load(in);
    }
    return new PolicyTools(
        tools.resolve("iam-simulate-" + v.getProperty("IAM_SIMULATE_VERSION") + "_data-" + v.getProperty("IAM_DATA_VERSION")),
        tools.resolve("parliament-" + v.getProperty("PARLIAMENT_VERSION") + "/bin/parliament"));
  }

  /** One answer per row: Allowed, ImplicitlyDenied, ExplicitlyDenied or Error. */
  List<String> evaluate(JsonNode policy, List<IamPolicySimulationIT.Row> rows) throws Exception {
    List<Map<String, Object>> requests = new ArrayList<>();
    for (var r : rows) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("action", r.action());
      q.put("resource", r.resource());
      q.put("context", r.context());
      requests.add(q);
    }
    String input = json.writeValueAsString(Map.of("policy", policy, "requests", requests));
    String out = IamPolicySimulationIT.run(List.of("node",
            IamPolicySimulationIT.root().resolve("test-e2e/iam/simulate.mjs").toString()),
        Map.of("IAM_SIMULATE_HOME", simulatorHome.toString()), input);
    return out.lines().toList();
  }

  /**
   * parliament's findings, but for "no resources match" on an action whose other resource types another
   * statement of the same action grants (parliament judges each statement alone), or that a statement grants on
   * AWS's own resources of that type: their ARNs have no account (AWS's public SSM parameters), and parliament's
   * formats require one.
   */
  List<String> lint(JsonNode policy) throws Exception {
    String out = IamPolicySimulationIT.run(List.of(parliament.toString(), "--json"), Map.of(),
        json.writeValueAsString(policy), 1);
    List<String> findings = new ArrayList<>();
    for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode f = json.readTree(line);
      if (!SPLIT_FINDING.equals(f.path("issue").asText()) || !grantedElsewhere(policy, f.path("detail"))
          && !grantedOnAwsOwned(policy, f.path("detail"))) {
        findings.add(line);
      }
    }
    return findings;
  }

  private static boolean grantedOnAwsOwned(JsonNode policy, JsonNode detail) {
    for (JsonNode missing : detail) {
      String[] format = missing.path("required_format").asText().split(":", 6);
      if (format.length < 6) {
        return false;
      }
      String type = format[5].replaceAll("/.*$", "") + "/";
      boolean granted = false;
      for (JsonNode s : policy.get("Statement")) {
        if (!s.get("Action").toString().contains("\"" + missing.path("action").asText() + "\"")) {
          continue;
        }
        for (JsonNode r : s.get("Resource")) {
          String[] arn = r.asText().split(":", 6);
          granted |= arn.length == 6 && arn[2].equals(format[2]) && arn[4].isEmpty() && arn[5].startsWith(type);
        }
      }
      if (!granted) {
        return false;
      }
    }
    return detail.size() > 0;
  }

  private static boolean grantedElsewhere(JsonNode policy, JsonNode detail) {
    for (JsonNode missing : detail) {
      String action = missing.path("action").asText();
      String type = missing.path("required_format").asText().replaceAll("^.*:", "");
      boolean granted = false;
      for (JsonNode s : policy.get("Statement")) {
        boolean hasAction = false;
        for (JsonNode a : s.get("Action")) {
          hasAction |= a.asText().equals(action);
        }
        for (JsonNode r : s.get("Resource")) {
          granted |= hasAction && r.asText().endsWith(":" + type);
        }
      }
      if (!granted) {
        return false;
      }
    }
    return detail.size() > 0;
  }
}

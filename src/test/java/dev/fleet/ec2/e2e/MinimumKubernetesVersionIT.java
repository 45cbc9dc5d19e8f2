package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CRDs on the oldest Kubernetes the README names ({@code MIN_KUBERNETES_VERSION} in test-e2e/versions.env):
 * a kube-apiserver of that version, on its own etcd, accepts all of them, and their CEL rules work there (the
 * CIDR ones need the IP/CIDR library that older API servers refuse in new rules). Its own environment, stopped
 * at the end; the API server is built once into the tools cache by {@code make test}.
 */
class MinimumKubernetesVersionIT {
  private static final Path ROOT = E2eEnvironment.ROOT;
  private static final Path DIR = ROOT.resolve("target/k8s-min");

  @Test
  void theCrdsAreAcceptedAndTheirCidrRulesWorkOnTheOldestSupportedApiServer() throws Exception {
    String minVersion = Files.readAllLines(ROOT.resolve("test-e2e/versions.env")).stream()
        .filter(l -> l.startsWith("MIN_KUBERNETES_VERSION=")).findFirst().orElseThrow().split("=", 2)[1];
    String apiserver = lastLine(run(Map.of(), "test-e2e/tools.sh", "min-kubernetes")) + "/kube-apiserver";
    String tools = lastLine(run(Map.of(), "test-e2e/tools.sh", "all"));
    Map<String, String> env = Map.of("EC2FLEET_LOCAL_DIR", DIR.toString(), "EC2FLEET_KUBE_APISERVER", apiserver,
        "KUBECONFIG", DIR.resolve("kubeconfig").toString(), "PATH", tools + "/bin:" + System.getenv("PATH"));
    run(env, "test-e2e/env-up.sh");
    try {
      assertThat(run(env, "kubectl", "version", "-o", "json")).as("the API server is the oldest supported")
          .contains("\"gitVersion\": \"" + minVersion + "\"");
      String applied = run(env, "kubectl", "apply", "--server-side", "-f", "crds/");
      assertThat(applied.lines().filter(l -> l.contains("serverside-applied"))).hasSize(6);
      run(env, "kubectl", "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");

      assertThat(run(env, "kubectl", "apply", "--server-side", "-f", "manifests/examples/securitygroup.yaml"))
          .contains("securitygroup.ec2.fleet.dev/web-sg serverside-applied");
      Path bad = DIR.resolve("bad-cidr.yaml");
      Files.writeString(bad, "apiVersion: ec2.fleet.dev/v1alpha1\nkind: SecurityGroup\nmetadata: {name: bad}\n"
          + "spec:\n  description: bad\n  ingress:\n  - {protocol: tcp, fromPort: 22, toPort: 22,"
          + " cidrIpv4: [10.0.0.0/33]}\n");
      assertThat(runFailing(env, "kubectl", "apply", "--server-side", "-f", bad.toString()))
          .as("a CIDR rule evaluated by this API server").contains("cidrIpv4 entries must be IPv4 CIDRs");
    } finally {
      run(env, "test-e2e/env-down.sh");
    }
  }

  private static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1).trim();
  }

  private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    Result r = exec(env, command);
    if (r.exit != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + r.out);
    }
    return r.out;
  }

  private static String runFailing(Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Result r = exec(env, command);
    assertThat(r.exit).as(String.join(" ", command) + " should fail:\n" + r.out).isNotZero();
    return r.out;
  }

  private record Result(int exit, String out) {}

  private static Result exec(Map<String, String> env, String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("bash", "-c", "exec \"$0\" \"$@\""));
    argv.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(ROOT.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    // the first build of the oldest API server takes minutes; everything else, seconds
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish:\n" + out);
    }
    return new Result(p.exitValue(), out);
  }
}

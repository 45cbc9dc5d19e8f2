package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real environment the end-to-end tests run against: a kube-apiserver (with etcd, RBAC on) and
 * the moto EC2 emulator. Uses the one that test-e2e/env-up.sh keeps running, starting it when it is
 * not (and then stopping it when the tests end). {@code E2E_KUBECONFIG=<file>} points the tests at an
 * existing cluster instead; {@code E2E_CLUSTER=k3s} runs them on k3s, which needs a Docker engine.
 */
public final class E2eEnvironment {
  static final Path ROOT = findRoot();
  private static final Pattern EXPORT = Pattern.compile("^export (\\w+)='([^']*)'(:\"\\$PATH\")?");
  private static E2eEnvironment instance;

  private final Map<String, String> vars;
  private final KubernetesClient client;

  private E2eEnvironment(Map<String, String> vars, String kubeconfig) throws IOException {
    this.vars = vars;
    // The AWS SDK's default credential chain reads these system properties first.
    System.setProperty("aws.accessKeyId", vars.get("AWS_ACCESS_KEY_ID"));
    System.setProperty("aws.secretAccessKey", vars.get("AWS_SECRET_ACCESS_KEY"));
    Config config = Config.fromKubeconfig(kubeconfig);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    applyCrds();
  }

  /** The shared environment, started on first use. */
  public static synchronized E2eEnvironment get() {
    if (instance == null) {
      String cluster = System.getenv().getOrDefault("E2E_CLUSTER", "local");
      String external = System.getenv("E2E_KUBECONFIG");
      try {
        // the emulator always runs locally; so does the API server unless another cluster is asked for
        Map<String, String> vars = startLocal();
        String kubeconfig;
        if ("k3s".equals(cluster)) {
          kubeconfig = K3sCluster.kubeconfig();
        } else if (external != null && !external.isBlank()) {
          kubeconfig = Files.readString(Path.of(external));
        } else if ("local".equals(cluster)) {
          kubeconfig = Files.readString(Path.of(vars.get("KUBECONFIG")));
        } else {
          throw new IllegalStateException("E2E_CLUSTER=" + cluster + " is not known: use local (default) or k3s");
        }
        instance = new E2eEnvironment(vars, kubeconfig);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not start the local environment: " + e.getMessage(), e);
      }
    }
    return instance;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The environment's variables (KUBECONFIG, AWS_*, PATH with kubectl and helm first). */
  public Map<String, String> vars() {
    return Map.copyOf(vars);
  }

  /** Runs a command with the environment's variables; returns its combined output, failing on a non-zero exit. */
  public String run(String... command) throws IOException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("bash", "-c", "exec \"$0\" \"$@\""));
    argv.addAll(List.of(command)); // bash finds the command on the environment's PATH (kubectl, helm)
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(ROOT.toFile());
    pb.environment().putAll(vars);
    pb.environment().put("PATH", vars.get("PATH").replace("$PATH", System.getenv("PATH")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  /** The image name the tests install under: never pulled (the operator runs beside the API server, not in it). */
  public static final String TEST_IMAGE = "registry.test/ec2-fleet-operator:0.1.0";

  /**
   * Applies manifests/install.yaml the way its first lines tell a user to: with the image set by the one sed
   * step. Returns kubectl's output.
   */
  public String applyInstallManifest() throws IOException, InterruptedException {
    return run("bash", "-c", "sed 's|image: \"\"|image: \"" + TEST_IMAGE + "\"|' manifests/install.yaml"
        + " | kubectl apply --server-side --force-conflicts -f -");
  }

  /** The operator's own region in this environment. */
  public String region() {
    return vars.get("AWS_REGION");
  }

  public URI ec2Endpoint() {
    return URI.create(vars.get("AWS_ENDPOINT_URL"));
  }

  /** Operator configuration pointing at this environment, with the given overrides. */
  public OperatorConfig operatorConfig(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", vars.get("AWS_REGION"));
    env.put("AWS_ENDPOINT_URL", vars.get("AWS_ENDPOINT_URL"));
    env.put("CLUSTER_NAME", "e2e");
    env.put("HTTP_ADDRESS", "127.0.0.1");
    env.put("HTTP_PORT", "0");
    env.put("POLL_INTERVAL", "2s");
    env.put("VISIBILITY_GRACE", "30s"); // the emulator lists at once; a lost answer is waited out for this long
    env.putAll(overrides);
    return OperatorConfig.load(env, new String[0]);
  }

  /** Wipes the emulator's state (the default VPC and AMIs come back). */
  public void resetEmulator() throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(ec2Endpoint().resolve("/moto-api/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("moto reset").isEqualTo(200);
  }

  private static Map<String, String> startLocal() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", ROOT.resolve("test-e2e/env-up.sh").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("test-e2e/env-up.sh failed:\n" + out);
    }
    System.out.println(out.strip());
    if (!out.contains("already running")) {
      // Started for these tests only: leave no process behind.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          new ProcessBuilder("bash", ROOT.resolve("test-e2e/env-down.sh").toString()).inheritIO().start()
              .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
          System.err.println("env-down failed: " + e);
        }
      }));
    }
    Map<String, String> vars = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".local/env.sh"))) {
      Matcher m = EXPORT.matcher(line);
      if (m.find()) {
        vars.put(m.group(1), m.group(3) != null ? m.group(2) + ":$PATH" : m.group(2));
      }
    }
    return vars;
  }

  /** Applies the committed CRDs (kept equal to the generated ones by CommittedCrdsTest) and waits until served. */
  private void applyCrds() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(ROOT.resolve("crds"))) {
      files = s.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).as("CRD files under crds/").hasSize(6);
    for (Path f : files) {
      CustomResourceDefinition crd;
      try (InputStream in = Files.newInputStream(f)) {
        crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      }
      client.resource(crd).forceConflicts().serverSideApply();
      Awaitility.await("CRD " + crd.getMetadata().getName() + " established")
          .atMost(Duration.ofSeconds(30))
          .until(() -> isEstablished(crd.getMetadata().getName()));
    }
  }

  private boolean isEstablished(String name) {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    // a CRD just created may have a status without conditions yet
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("test-e2e/env-up.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("run the tests from inside the repository");
    }
    return p;
  }
}

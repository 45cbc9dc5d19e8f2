package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * manifests/examples/, applied as the README says (kubectl apply -f manifests/examples/), all become Ready on the
 * emulator. They name their image as AWS publishes it per region (resolve:ssm:...), never an AMI id, so the same
 * files launch on AWS.
 */
@ExtendWith(E2eExtension.class)
class ExamplesIT {
  private static final Path EXAMPLES = E2eEnvironment.ROOT.resolve("manifests/examples");
  private static final List<String> KINDS = List.of("Ec2Instance", "SecurityGroup", "SpotFleet", "KeyPair",
      "ElasticIp");
  private static RunningOperator operator;

  @BeforeAll
  static void start() throws Exception {
    operator = RunningOperator.start(E2eEnvironment.get(), Map.of("SPOT_PRICES", SpotFleetResources.PRICES));
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void everyExampleAppliesAndBecomesReadyWithTheRegionsPublicImage(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      assertThat(Files.readString(f)).as(f + ": no AMI id, which exists in one region of one partition")
          .doesNotContainPattern("imageId: *ami-");
    }
    env.run("kubectl", "apply", "--namespace", ns.name(), "-f", EXAMPLES.toString());

    List<GenericKubernetesResource> applied = KINDS.stream().flatMap(kind -> resources(env, ns, kind).stream())
        .toList();
    assertThat(applied).as("one resource of each kind at least").extracting(GenericKubernetesResource::getKind)
        .containsAll(KINDS);
    Awaitility.await("every example Ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(KINDS.stream().flatMap(kind -> resources(env, ns, kind).stream())
            .filter(r -> !ready(r)).map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList())
            .as("not Ready yet").isEmpty());

    var instances = env.client().resources(Ec2Instance.class).inNamespace(ns.name()).list().getItems();
    assertThat(instances).hasSizeGreaterThanOrEqualTo(5).allSatisfy(i -> assertThat(i.getStatus().getResolvedImageId())
        .as(i.getMetadata().getName()).isEqualTo(Ec2InstanceResources.AMI));
  }

  private static List<GenericKubernetesResource> resources(E2eEnvironment env, TestNamespace ns, String kind) {
    return env.client().genericKubernetesResources("ec2.fleet.dev/v1alpha1", kind).inNamespace(ns.name()).list()
        .getItems();
  }

  /** Ready=True for the resource's current generation. */
  @SuppressWarnings("unchecked")
  private static boolean ready(GenericKubernetesResource r) {
    Object status = r.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream().map(c -> (Map<String, Object>) c).anyMatch(c -> "Ready".equals(c.get("type"))
        && "True".equals(c.get("status")) && r.getMetadata().getGeneration() != null
        && r.getMetadata().getGeneration().equals(((Number) c.get("observedGeneration")).longValue()));
  }
}

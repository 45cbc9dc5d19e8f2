package dev.fleet.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed under crds/ and in the Helm chart are exactly what the build generates from the
 * Java types. When this fails, run {@code make crds} and commit the result.
 */
class CommittedCrdsTest {

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Map<String, String> generated = read(Path.of("target/generated-crds"));
    assertThat(generated).as("generated CRDs").hasSize(6);
    assertThat(read(Path.of("crds"))).as("crds/ differs from the generated CRDs: run make crds").isEqualTo(generated);
    assertThat(read(Path.of("helm/ec2-fleet-operator/crds")))
        .as("the chart's crds/ differs from the generated CRDs: run make crds").isEqualTo(generated);
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yml")).toList()) {
        files.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return files;
  }
}

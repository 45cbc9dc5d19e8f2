package dev.fleet.ec2.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/api.md is what the CRDs say. When this fails, run make docs and commit the result. */
class ApiReferenceTest {

  @Test
  void committedApiReferenceMatchesTheCrds() throws Exception {
    if (Boolean.getBoolean("api.docs.write")) {
      ApiReference.main(new String[0]);
    }
    String generated = ApiReference.render(Path.of("crds"));
    assertThat(generated).contains("## Ec2Instance", "## SecurityGroup", "## SpotFleet", "`spec.imageId`",
        "imageId is immutable");
    assertThat(Files.readString(Path.of("docs/api.md"))).as("docs/api.md is out of date: run make docs")
        .isEqualTo(generated);
  }
}

package dev.fleet.ec2.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.ImageIdSyntax;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an imageId may say at admission, and how the operator tells an AMI id from a parameter. */
class ImageReferenceTest {
  static final String AL2023 = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

  @Test
  void anAmiIdIsLaunchedAsItIs() {
    var ref = ImageReference.parse("ami-0ed094fb1304fd857");
    assertThat(ref.parameter()).isNull();
    assertThat(ImageReference.namesParameter("ami-0ed094fb1304fd857")).isFalse();
  }

  @Test
  void resolveSsmNamesTheParameterAsGetParameterTakesItWithAVersionOrLabel() {
    assertThat(ImageReference.parse(AL2023).parameter())
        .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    assertThat(ImageReference.parse("resolve:ssm:/team/web/ami:3").parameter()).isEqualTo("/team/web/ami:3");
    assertThat(ImageReference.parse("resolve:ssm:/team/web/ami:prod").parameter()).isEqualTo("/team/web/ami:prod");
    assertThat(ImageReference.namesParameter("resolve:ssm:golden")).isTrue();
    assertThat(ImageReference.namesParameter("resolve:ssm:")).as("nothing named").isFalse();
    assertThat(ImageReference.namesParameter(null)).isFalse();
  }

  @Test
  void onlyAnAmiIdIsAnImageAParameterMayHold() {
    assertThat(ImageReference.isAmiId("ami-0ed094fb1304fd857")).isTrue();
    assertThat(ImageReference.isAmiId("ami-1a2b3c4d")).isTrue();
    assertThat(ImageReference.isAmiId("ami-0ED094FB1304FD857")).isFalse();
    assertThat(ImageReference.isAmiId("ami-0ed094fb1304fd857 ")).isFalse();
    assertThat(ImageReference.isAmiId("{\"image\":\"ami-0ed094fb1304fd857\"}")).isFalse();
    assertThat(ImageReference.isAmiId(null)).isFalse();
  }

  /** The schema's pattern (a regular expression in the RE2 subset Java shares) on what users write. */
  @Test
  void theAdmissionPatternTakesAnAmiIdOrAParameterAndNothingElse() {
    Pattern pattern = Pattern.compile(ImageIdSyntax.PATTERN);
    for (String ok : List.of("ami-0ed094fb1304fd857", "ami-1a2b3c4d", AL2023, "resolve:ssm:/team/web/ami:3",
        "resolve:ssm:/team/web/ami:prod-2", "resolve:ssm:golden_ami.v2")) {
      assertThat(pattern.matcher(ok).matches()).as(ok).isTrue();
    }
    for (String bad : List.of("image-123", "ami-XYZ", "resolve:ssm:", "resolve:ssm:/team/web/ami:0",
        "resolve:ssm:/team/web/ami:3:4", "resolve:ssm:/team/web/ami:2label",
        "resolve:ssm:arn:aws:ssm:us-east-1:123456789012:parameter/x", "resolve:secretsmanager:/x",
        "resolve:ssm:/team web/ami", " ami-0ed094fb1304fd857")) {
      assertThat(pattern.matcher(bad).matches()).as(bad).isFalse();
    }
    assertThat(ImageIdSyntax.PATTERN).as("RE2 refuses repeat counts over 1000").doesNotContainPattern("\\{\\d*,?\\d{4,}\\}");
  }
}

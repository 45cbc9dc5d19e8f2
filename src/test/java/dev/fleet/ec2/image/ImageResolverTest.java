package dev.fleet.ec2.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.events.RecordedEvents;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class ImageResolverTest {
  private static final String PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  private final InMemoryParameters parameters = new InMemoryParameters();
  private final RecordedEvents events = new RecordedEvents();
  private final ImageResolver resolver = new ImageResolver(parameters, events, "eu-west-1");
  private final Ec2Instance resource = new Ec2Instance();

  {
    resource.setMetadata(new ObjectMetaBuilder().withName("web-1").withNamespace("demo").build());
  }

  @Test
  void anAmiIdAsksSystemsManagerNothing() {
    assertThat(resolver.resolve(resource, "ami-0ed094fb1304fd857")).isEqualTo("ami-0ed094fb1304fd857");
    assertThat(parameters.asked()).isEmpty();
    assertThat(events.written()).isEmpty();
  }

  @Test
  void aParameterIsReadAndWhatItHeldIsTold() {
    parameters.put(PARAMETER, "ami-0841e304792db6a16").put(PARAMETER, "ami-0aaaaaaaaaaaaaaaa");
    assertThat(resolver.resolve(resource, "resolve:ssm:" + PARAMETER)).isEqualTo("ami-0aaaaaaaaaaaaaaaa");
    assertThat(resolver.resolve(resource, "resolve:ssm:" + PARAMETER + ":1")).as("a version, as EC2 takes it")
        .isEqualTo("ami-0841e304792db6a16");
    assertThat(parameters.asked()).containsExactly(PARAMETER, PARAMETER + ":1");
    assertThat(events.written().get(0)).isEqualTo("Normal ImageResolved: resolve:ssm:" + PARAMETER
        + " is ami-0aaaaaaaaaaaaaaaa in eu-west-1 (parameter version 2); this resource launches it until it is"
        + " recreated");
  }

  @Test
  void aMissingParameterIsSystemsManagersNotFoundWithTheImageIdAndRegion() {
    assertThatThrownBy(() -> resolver.resolve(resource, "resolve:ssm:/team/web/ami"))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("ParameterNotFound");
          assertThat(e.kind()).as("retried a few times (it may be published moments from now), then Terminal")
              .isEqualTo(CloudErrorKind.NOT_FOUND);
          assertThat(e.action()).isEqualTo("GetParameter");
        })
        .hasMessage("GetParameter failed: ParameterNotFound: Parameter /team/web/ami not found. (imageId"
            + " resolve:ssm:/team/web/ami in eu-west-1)");
    parameters.put("/team/web/ami", "ami-0841e304792db6a16");
    assertThatThrownBy(() -> resolver.resolve(resource, "resolve:ssm:/team/web/ami:7"))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.errorCode())
            .isEqualTo("ParameterVersionNotFound"));
    assertThat(events.written()).isEmpty();
  }

  @Test
  void aParameterThatHoldsNoAmiIdIsRefusedWithoutRepeatingItsValue() {
    parameters.put("/team/db/password", "hunter2");
    assertThatThrownBy(() -> resolver.resolve(resource, "resolve:ssm:/team/db/password"))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ImageResolver.NOT_AN_IMAGE);
          assertThat(e.refusesSpec()).isTrue();
        })
        .hasMessageContaining("/team/db/password (version 1) in eu-west-1 does not hold an AMI id")
        .message().doesNotContain("hunter2");
  }
}

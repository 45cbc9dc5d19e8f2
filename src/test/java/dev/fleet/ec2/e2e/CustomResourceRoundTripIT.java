package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated CRDs, applied to the real API server, accept, validate and round-trip our resources. */
@ExtendWith(E2eExtension.class)
class CustomResourceRoundTripIT {

  @Test
  void crdsAreServedWithShortNamesAndStatusSubresource(E2eEnvironment env) {
    var crds = env.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
        .filter(c -> c.getSpec().getGroup().equals("ec2.fleet.dev")).toList();
    assertThat(crds).extracting(c -> c.getSpec().getNames().getKind())
        .containsExactlyInAnyOrder("AwsAccount", "Ec2Instance", "SecurityGroup", "SpotFleet", "KeyPair", "ElasticIp");
    assertThat(crds).extracting(c -> c.getSpec().getNames().getShortNames().get(0))
        .containsExactlyInAnyOrder("acct", "ec2", "sg", "sf", "kp", "eip");
    assertThat(crds).allSatisfy(c -> {
      assertThat(c.getSpec().getScope()).as(c.getSpec().getNames().getKind())
          .isEqualTo(c.getSpec().getNames().getKind().equals("AwsAccount") ? "Cluster" : "Namespaced");
      assertThat(c.getSpec().getVersions()).singleElement()
          .satisfies(v -> assertThat(v.getSubresources().getStatus()).isNotNull());
    });
  }

  @Test
  void ec2InstanceIsCreatedReadBackAndItsStatusPatched(E2eEnvironment env, TestNamespace ns) {
    var instances = env.client().resources(Ec2Instance.class).inNamespace(ns.name());
    Ec2Instance created = instances.resource(instance("web-1", "ami-0123456789abcdef0")).create();

    Ec2Instance read = instances.withName("web-1").get();
    assertThat(read.getSpec().getImageId()).isEqualTo("ami-0123456789abcdef0");
    assertThat(read.getSpec().getTags()).containsEntry("team", "web");
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    read.getStatus().setInstanceId("i-0abc");
    read.getStatus().setState("running");
    read.getStatus().setObservedGeneration(read.getMetadata().getGeneration());
    read.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
        .withReason("Running").withMessage("instance i-0abc is running")
        .withObservedGeneration(read.getMetadata().getGeneration())
        .withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    instances.resource(read).patchStatus();

    Ec2Instance afterPatch = instances.withName("web-1").get();
    assertThat(afterPatch.getStatus().getInstanceId()).isEqualTo("i-0abc");
    assertThat(afterPatch.getStatus().getState()).isEqualTo("running");
    assertThat(afterPatch.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("Running"));
    // the status subresource: writing status does not bump the spec's generation
    assertThat(afterPatch.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration());
  }

  @Test
  void schemaRejectsAMalformedImageIdAtAdmission(E2eEnvironment env, TestNamespace ns) {
    var instances = env.client().resources(Ec2Instance.class).inNamespace(ns.name());
    for (String bad : List.of("image-123", "resolve:ssm:", "resolve:ssm:/team/web/ami:0",
        "resolve:ssm:arn:aws:ssm:us-east-1:123456789012:parameter/team/web/ami", "resolve:secretsmanager:/x")) {
      assertThatThrownBy(() -> instances.resource(instance("bad", bad)).create()).as(bad)
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
          .hasMessageContaining("spec.imageId");
    }
    assertThat(instances.withName("bad").get()).isNull();
    String named = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64:prod";
    assertThat(instances.resource(instance("by-label", named)).create().getSpec().getImageId()).isEqualTo(named);
    assertThat(instances.resource(instance("by-version", "resolve:ssm:/team/web/ami:12")).create().getSpec()
        .getImageId()).isEqualTo("resolve:ssm:/team/web/ami:12");
  }

  @Test
  void securityGroupAndSpotFleetRoundTrip(E2eEnvironment env, TestNamespace ns) {
    var sg = new SecurityGroup();
    sg.setMetadata(new ObjectMetaBuilder().withName("web-sg").build());
    sg.setSpec(new dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec());
    sg.getSpec().setDescription("web tier");
    env.client().resources(SecurityGroup.class).inNamespace(ns.name()).resource(sg).create();
    assertThat(env.client().resources(SecurityGroup.class).inNamespace(ns.name()).withName("web-sg").get()
        .getSpec().getDescription()).isEqualTo("web tier");

    var fleet = new SpotFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName("batch").build());
    fleet.setSpec(new dev.fleet.ec2.api.v1alpha1.SpotFleetSpec());
    fleet.getSpec().setTargetCapacity(2);
    var spec = new dev.fleet.ec2.api.v1alpha1.LaunchSpecification();
    spec.setImageId("resolve:ssm:/team/batch/ami:0"); // versions start at 1
    spec.setInstanceType("t3.micro");
    fleet.getSpec().setLaunchSpecifications(List.of(spec));
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    assertThatThrownBy(() -> fleets.resource(fleet).create()).as("a launch specification's imageId is checked too")
        .hasMessageContaining("spec.launchSpecifications[0].imageId");
    spec.setImageId("ami-1a2b3c4d");
    env.client().resources(SpotFleet.class).inNamespace(ns.name()).resource(fleet).create();
    assertThat(env.client().resources(SpotFleet.class).inNamespace(ns.name()).withName("batch").get()
        .getSpec().getLaunchSpecifications()).singleElement()
        .satisfies(l -> assertThat(l.getInstanceType()).isEqualTo("t3.micro"));
  }

  private static Ec2Instance instance(String name, String imageId) {
    var i = new Ec2Instance();
    i.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new Ec2InstanceSpec();
    spec.setImageId(imageId);
    spec.setInstanceType("t3.micro");
    spec.setTags(Map.of("team", "web"));
    i.setSpec(spec);
    return i;
  }
}

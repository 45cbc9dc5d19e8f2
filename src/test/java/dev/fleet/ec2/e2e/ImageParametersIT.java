package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.condition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.lifecycle.FailureVerdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * imageId resolve:ssm:... against the emulator's Systems Manager (the same endpoint as EC2, told apart by the
 * request's signing name): AWS's public Amazon Linux 2023 parameter, and the account's own parameters, which the
 * tests move on to a newer AMI with PutParameter to show that nothing launched before is replaced.
 */
@ExtendWith(E2eExtension.class)
class ImageParametersIT {
  /** What the emulator's us-east-1 holds in AWS's public parameter, as real AWS does there (a newer AMI by now). */
  static final String AL2023 = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  /** Another Amazon Linux 2023 image the emulator knows in us-east-1 (the 6.12 kernel). */
  static final String NEWER_AMI = "ami-02ee394167633f6bf";
  static final String OTHER_REGION = "eu-west-1";
  /** What the public parameter holds in the emulator's eu-west-1. */
  static final String OTHER_REGION_AMI = "ami-0841e304792db6a16";
  private static RunningOperator operator;
  private static DirectEc2 ec2;
  private static SsmClient ssm;

  @BeforeAll
  static void start() throws Exception {
    E2eEnvironment env = E2eEnvironment.get();
    ec2 = new DirectEc2(env);
    ssm = SsmClient.builder().endpointOverride(env.ec2Endpoint()).region(Region.of(env.region()))
        .httpClient(UrlConnectionHttpClient.create()).build();
    operator = RunningOperator.start(env, Map.of("SPOT_PRICES", SpotFleetResources.PRICES));
  }

  @AfterAll
  static void stop() {
    operator.close();
    ec2.close();
    ssm.close();
  }

  /** PutParameter of an AMI id, as a pipeline that publishes its image does (Overwrite: a new version). */
  private static void publish(String name, String ami) {
    ssm.putParameter(r -> r.name(name).value(ami).type(ParameterType.STRING).dataType("aws:ec2:image")
        .overwrite(true));
  }

  @Test
  void awsPublicParameterIsLaunchedAndRecordedInStatusAsItIsInTheInstancesRegion(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var web = instance("web-1", "t3.micro", Map.of("team", "web"));
    web.getSpec().setImageId(AL2023);
    instances.create(web);
    var away = instance("web-eu", "t3.micro", Map.of());
    away.getSpec().setImageId(AL2023);
    away.getSpec().setRegion(OTHER_REGION);
    instances.create(away);

    var ready = instances.awaitReady("web-1");
    assertThat(ready.getStatus().getResolvedImageId()).isEqualTo(Ec2InstanceResources.AMI);
    assertThat(ec2.instance(ready.getStatus().getInstanceId()).imageId()).isEqualTo(Ec2InstanceResources.AMI);
    assertThat(instances.get("web-1").getSpec().getImageId()).as("the spec keeps the reference").isEqualTo(AL2023);
    assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ImageResolved");
      assertThat(e.getMessage()).contains(AL2023 + " is " + Ec2InstanceResources.AMI + " in us-east-1");
    });

    var readyAway = instances.awaitReady("web-eu"); // the same parameter holds another AMI in another region
    assertThat(readyAway.getStatus().getResolvedImageId()).isEqualTo(OTHER_REGION_AMI);
    try (var other = new DirectEc2(env, OTHER_REGION)) {
      assertThat(other.instance(readyAway.getStatus().getInstanceId()).imageId()).isEqualTo(OTHER_REGION_AMI);
    }
    instances.deleteAndAwaitGone("web-eu"); // its region's scope closes with it
    assertThat(operator.metrics()).as("metered as the EC2 calls, per scope").contains(
        "ec2fleet_ec2_call_seconds_count{action=\"GetParameter\",outcome=\"ok\",scope=\"us-east-1\"}",
        "ec2fleet_ec2_call_seconds_count{action=\"GetParameter\",outcome=\"ok\",scope=\"eu-west-1\"}");
  }

  @Test
  void anOwnParameterThatMovesOnReplacesNothingAndAReplacementKeepsTheRecordedImage(E2eEnvironment env,
      TestNamespace ns) {
    String parameter = "/" + ns.name() + "/web/ami";
    publish(parameter, Ec2InstanceResources.AMI);
    var instances = new Ec2InstanceResources(env, ns);
    var web = instance("web-1", "t3.micro", Map.of("team", "web"));
    web.getSpec().setImageId("resolve:ssm:" + parameter);
    String uid = instances.create(web).getMetadata().getUid();
    String first = instances.awaitReady("web-1").getStatus().getInstanceId();

    publish(parameter, NEWER_AMI); // the pipeline publishes a newer image
    instances.edit("web-1", i -> { // a pass after the move: the tag is applied, the instance is left as it is
      i.getSpec().setTags(Map.of("team", "platform"));
      return i;
    });
    Awaitility.await("tag applied after the parameter moved").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> "platform".equals(ec2.instance(first).tags().get("team")));
    var updated = instances.awaitReady("web-1");
    assertThat(updated.getStatus().getInstanceId()).as("not replaced").isEqualTo(first);
    assertThat(updated.getStatus().getResolvedImageId()).isEqualTo(Ec2InstanceResources.AMI);
    assertThat(ec2.launchedFor(uid)).extracting(ObservedInstance::instanceId).containsExactly(first);

    ec2.gateway().terminateInstance(first); // gone behind the operator's back: replaced from the recorded image
    var replaced = instances.await("web-1", "replacement Ready", i -> i.getStatus().getInstanceId() != null
        && !first.equals(i.getStatus().getInstanceId()) && hasCondition("Ready", "True", "Running").test(i));
    assertThat(ec2.instance(replaced.getStatus().getInstanceId()).imageId()).isEqualTo(Ec2InstanceResources.AMI);
    assertThat(replaced.getStatus().getResolvedImageId()).isEqualTo(Ec2InstanceResources.AMI);

    var next = instance("web-2", "t3.micro", Map.of()); // rolling: a new resource resolves afresh
    next.getSpec().setImageId("resolve:ssm:" + parameter);
    instances.create(next);
    var rolled = instances.awaitReady("web-2");
    assertThat(rolled.getStatus().getResolvedImageId()).isEqualTo(NEWER_AMI);
    assertThat(ec2.instance(rolled.getStatus().getInstanceId()).imageId()).isEqualTo(NEWER_AMI);
  }

  @Test
  void aParameterThatDoesNotExistIsTerminalWithSystemsManagersCodeAndLaunchesNothing(E2eEnvironment env,
      TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    var web = instance("web-1", "t3.micro", Map.of());
    String missing = "resolve:ssm:/" + ns.name() + "/no-such-ami";
    web.getSpec().setImageId(missing);
    String uid = instances.create(web).getMetadata().getUid();

    var refused = instances.await("web-1", "Terminal ParameterNotFound",
        hasCondition("Terminal", "True", "ParameterNotFound"));
    assertThat(refused).satisfies(hasCondition("Synced", "False", "ParameterNotFound")::test);
    assertThat(condition(refused, "Terminal").orElseThrow().getMessage())
        .contains("GetParameter failed: ParameterNotFound", "/" + ns.name() + "/no-such-ami",
            "(imageId " + missing + " in us-east-1)",
            "GetParameter gave this answer " + FailureVerdict.CATCH_UP_ATTEMPTS + " times");
    assertThat(refused.getStatus().getClientToken()).as("no launch was begun").isNull();
    assertThat(refused.getStatus().getResolvedImageId()).isNull();
    assertThat(ec2.launchedFor(uid)).isEmpty();
    assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems()).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("ParameterNotFound");
    });
    assertThat(operator.metrics()).contains(
        "ec2fleet_ec2_call_seconds_count{action=\"GetParameter\",outcome=\"ParameterNotFound\",scope=\"us-east-1\"}");
  }

  @Test
  void aFleetStaysOnTheImageItResolvedFirstWhenItScalesAfterTheParameterMoved(E2eEnvironment env,
      TestNamespace ns) {
    String parameter = "/" + ns.name() + "/batch/ami";
    publish(parameter, Ec2InstanceResources.AMI);
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    var fleet = SpotFleetResources.simple("batch", 2);
    var medium = new LaunchSpecification();
    medium.setInstanceType("t3.medium");
    fleet.getSpec().setLaunchSpecifications(List.of(fleet.getSpec().getLaunchSpecifications().get(0), medium));
    fleet.getSpec().getLaunchSpecifications().forEach(ls -> ls.setImageId("resolve:ssm:" + parameter));
    String uid = fleets.resource(fleet).create().getMetadata().getUid();

    var filled = SpotFleetResources.await(fleets.withName("batch"), "2 units", f -> capacity(f) >= 2);
    assertThat(filled.getStatus().getResolvedImageIds())
        .containsExactly(Map.entry("resolve:ssm:" + parameter, Ec2InstanceResources.AMI));
    assertThat(images(uid)).containsExactly(Ec2InstanceResources.AMI);

    publish(parameter, NEWER_AMI);
    ConflictFreeEdit.edit(fleets.withName("batch"), f -> {
      f.getSpec().setTargetCapacity(6);
      return f;
    });
    var scaled = SpotFleetResources.await(fleets.withName("batch"), "6 units", f -> capacity(f) >= 6
        && f.getStatus().getObservedGeneration() == f.getMetadata().getGeneration().longValue());
    assertThat(ec2.ownedBy(uid)).hasSizeGreaterThan(2);
    assertThat(images(uid)).as("one image across the fleet").containsExactly(Ec2InstanceResources.AMI);
    assertThat(scaled.getStatus().getResolvedImageIds())
        .containsExactly(Map.entry("resolve:ssm:" + parameter, Ec2InstanceResources.AMI));
  }

  private static int capacity(SpotFleet f) {
    return f.getStatus().getFulfilledCapacity() == null ? 0 : f.getStatus().getFulfilledCapacity();
  }

  private static Set<String> images(String uid) {
    return ec2.ownedBy(uid).stream().map(ObservedInstance::imageId).collect(Collectors.toSet());
  }
}

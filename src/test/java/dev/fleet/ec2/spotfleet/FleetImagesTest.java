package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.events.RecordedEvents;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.image.InMemoryParameters;
import dev.fleet.ec2.scope.TestScopes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fleet's resolve:ssm: images: resolved at its first launch from each, recorded in status, and what every later
 * launch (scaling, replacing) gets, so the fleet stays on one image when the parameter moves on.
 */
class FleetImagesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final String AL2023 = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  private static final Subnet SUBNET = new Subnet("subnet-a", "vpc-1", "us-east-1a", "172.31.0.0/20", true);

  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final RecordedEvents events = new RecordedEvents();
  private final InMemoryParameters parameters = new InMemoryParameters()
      .put(AL2023.substring("resolve:ssm:".length()), "ami-0ed094fb1304fd857");
  private final SpotFleetSync sync = new SpotFleetSync(ec2, new ImageResolver(parameters, events, "us-east-1"), events,
      TestScopes.over(k -> ec2, "c1", "us-east-1", CLOCK).home().fleetInstances(), AccessRules.strict("c1"));

  private static SpotFleet fleet(String... imageIds) {
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(4);
    spec.setLaunchSpecifications(java.util.Arrays.stream(imageIds).map(image -> {
      var ls = new LaunchSpecification();
      ls.setImageId(image);
      ls.setInstanceType("t3.small");
      return ls;
    }).toList());
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("batch").withNamespace("ns").withUid("uid-1").withGeneration(1L)
        .build());
    f.setSpec(spec);
    return f;
  }

  private static SpotFleetDesired desired(SpotFleet fleet) {
    return SpotFleetDesired.from(fleet, "c1", ls -> List.of(SUBNET), pool -> new BigDecimal("0.01"), List.of());
  }

  @Test
  void aParameterIsResolvedOnceForEverySpecificationThatNamesItAndRecordedBeforeTheLaunch() {
    var fleet = fleet(AL2023, AL2023, "ami-0841e304792db6a16");
    var book = new SpotFleetStatus();
    var desired = desired(fleet);
    assertThat(desired.imageUnresolved(0)).isTrue();
    assertThat(desired.imageUnresolved(2)).as("an AMI id needs nothing").isFalse();

    assertThat(sync.launchRefusal(fleet, book, desired, 0)).isEmpty();
    assertThat(sync.launchRefusal(fleet, book, desired, 1)).isEmpty();
    assertThat(sync.launchRefusal(fleet, book, desired, 2)).isEmpty();
    assertThat(book.getResolvedImageIds()).containsExactly(Map.entry(AL2023, "ami-0ed094fb1304fd857"));
    assertThat(parameters.asked()).as("one read for the parameter both specifications name").hasSize(1);

    var launching = desired.withResolvedImages(book.getResolvedImageIds());
    for (Pool pool : launching.pools()) {
      assertThat(launching.launchRequest(pool, true, SpotFleetDelta.SPOT, "tok").imageId())
          .isEqualTo(pool.spec() == 2 ? "ami-0841e304792db6a16" : "ami-0ed094fb1304fd857");
    }
    assertThat(events.reasons()).containsExactly(ImageResolver.RESOLVED);
  }

  @Test
  void laterLaunchesGetTheRecordedAmiWhateverTheParameterHoldsNow() {
    var fleet = fleet(AL2023);
    var book = new SpotFleetStatus();
    book.setResolvedImageIds(Map.of(AL2023, "ami-0ed094fb1304fd857")); // the fleet's first launch, a while ago
    parameters.put(AL2023.substring("resolve:ssm:".length()), "ami-0aaaaaaaaaaaaaaaa");
    var desired = desired(fleet).withResolvedImages(book.getResolvedImageIds());

    assertThat(sync.launchRefusal(fleet, book, desired, 0)).isEmpty();
    assertThat(parameters.asked()).isEmpty();
    assertThat(desired.launchRequest(desired.pools().get(0), true, SpotFleetDelta.SPOT, "tok").imageId())
        .isEqualTo("ami-0ed094fb1304fd857");
  }

  @Test
  void aMissingParameterRefusesOnlyItsSpecificationAndNothingLaunchesFromIt() {
    var fleet = fleet("resolve:ssm:/team/batch/ami", "ami-0841e304792db6a16");
    var book = new SpotFleetStatus();
    var desired = desired(fleet);
    assertThat(sync.launchRefusal(fleet, book, desired, 0)).hasValueSatisfying(e -> {
      assertThat(e.errorCode()).isEqualTo("ParameterNotFound");
      assertThat(e.getMessage()).contains("resolve:ssm:/team/batch/ami in us-east-1");
    });
    assertThat(sync.launchRefusal(fleet, book, desired, 1)).as("the other specification still launches").isEmpty();
    assertThat(book.getResolvedImageIds()).isNull();
    assertThatThrownBy(() -> desired.launchRequest(desired.pools().get(0), true, SpotFleetDelta.SPOT, "tok"))
        .as("never RunInstances with the parameter itself").isInstanceOf(IllegalStateException.class);
  }
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.access.InstanceProfilePolicy;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.ManagementPolicy;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSpotFleetRequest;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.RecordedEvents;
import dev.fleet.ec2.image.InMemoryParameters;
import dev.fleet.ec2.scope.TestScopes;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A spot fleet request made outside: observed without a write, adopted under Manage only once EC2 lets go of it. */
class FleetObservationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final String REQUEST = "sfr-1";

  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final RecordedEvents events = new RecordedEvents();
  private final dev.fleet.ec2.scope.Ec2Scope scope = TestScopes.over(k -> ec2, "c1", "us-east-1", CLOCK).home();

  private SpotFleetSync sync(AdoptionPolicy adoption) {
    return new SpotFleetSync(ec2, InMemoryParameters.emptyResolver(events), events,
        scope.fleetInstances(), new AccessRules("c1", adoption,
        InstanceProfilePolicy.none()));
  }

  private static AdoptionPolicy allowing() {
    return AdoptionPolicy.parse("ns", n -> true);
  }

  private static SpotFleet fleet(ManagementPolicy policy) {
    var small = new LaunchSpecification();
    small.setImageId("ami-1");
    small.setInstanceType("t3.small");
    var large = new LaunchSpecification();
    large.setImageId("ami-1");
    large.setInstanceType("t3.large");
    large.setWeightedCapacity(4);
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(6);
    spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    spec.setLaunchSpecifications(List.of(small, large));
    spec.setManagementPolicy(policy);
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("legacy").withNamespace("ns").withUid("uid-1").withGeneration(1L)
        .withAnnotations(Map.of(FleetObservation.ADOPT_ANNOTATION, REQUEST)).build());
    f.setSpec(spec);
    return f;
  }

  private void member(String id, String type, Map<String, String> tags) {
    ec2.instances().put(id, new ObservedInstance(id, "ami-1", type, ObservedInstance.RUNNING, "subnet-a", "vpc-a",
        "us-east-1a", null, null, null, CLOCK.instant(), "spot", null, Set.of(), tags, null));
  }

  private void request(String state, String... members) {
    ec2.spotFleetRequests.put(REQUEST, new ObservedSpotFleetRequest(REQUEST, state, 3, "lowestPrice"));
    ec2.spotFleetMembers.put(REQUEST, List.of(members));
  }

  private static SpotFleetDesired desired(SpotFleet f) {
    return SpotFleetDesired.from(f, "c1", ls -> List.of(), key -> null, List.of());
  }

  @Test
  void observingCountsTheMembersAsTheSpecWeighsThemAndWritesNothing() {
    member("i-1", "t3.small", Map.of());
    member("i-2", "t3.large", Map.of());
    member("i-3", "m5.large", Map.of());
    request("active", "i-1", "i-2", "i-3");
    var book = new SpotFleetStatus();

    var reading = new FleetObservation(allowing(), events, CLOCK).read(fleet(ManagementPolicy.Observe), book,
        sync(allowing()));

    assertThat(reading.members()).extracting(SpotFleetStatusMapper::weight).containsExactlyInAnyOrder(1, 4, 1);
    assertThat(book.getSpotFleetRequestId()).isEqualTo(REQUEST);
    assertThat(book.getSpotFleetRequestState()).isEqualTo("active");
    assertThat(book.observing()).isTrue();
    assertThat(book.getConditions()).filteredOn(c -> "InSync".equals(c.getType())).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("Drifted");
      assertThat(c.getMessage()).contains("target capacity 3 (spec: 6)",
          "1 instance(s) of type m5.large (spec: no launch specification names it)");
    });
    assertThat(ec2.calls()).as("reads only").allSatisfy(c -> assertThat(c).startsWith("Describe"));
    assertThat(ec2.instances().get("i-1").tags()).isEmpty();
  }

  @Test
  void aRequestEc2DoesNotKnowIsReportedNotFound() {
    var book = new SpotFleetStatus();
    var reading = new FleetObservation(allowing(), events, CLOCK).read(fleet(ManagementPolicy.Observe), book,
        sync(allowing()));
    assertThat(reading.outcome().reason()).isEqualTo("NotFound");
    assertThat(reading.members()).isEmpty();
  }

  @Test
  void manageWaitsWhileEc2StillMaintainsTheRequest() {
    member("i-1", "t3.small", Map.of());
    request("active", "i-1");
    var book = new SpotFleetStatus();
    book.setObserveOnly(true);
    book.setSpotFleetRequestId(REQUEST);
    var f = fleet(ManagementPolicy.Manage);

    var waiting = new FleetObservation(allowing(), events, CLOCK).adoptIfNamed(f, book, sync(allowing()), desired(f));

    assertThat(waiting).get().extracting(SyncOutcome::reason).isEqualTo(FleetObservation.REQUEST_ACTIVE);
    assertThat(book.observing()).as("still observed until adopted").isTrue();
    assertThat(ec2.calls()).doesNotContain("CreateTags");
  }

  @Test
  void aCancelledRequestsMembersAreTaggedAsTheFleetsWithTheirWeightsAndRecordedAtOnce() {
    member("i-1", "t3.small", Map.of("team", "web"));
    member("i-2", "t3.large", Map.of());
    request("cancelled_running", "i-1", "i-2");
    var book = new SpotFleetStatus();
    book.setObserveOnly(true);
    book.setSpotFleetRequestId(REQUEST);
    var f = fleet(ManagementPolicy.Manage);

    var waiting = new FleetObservation(allowing(), events, CLOCK).adoptIfNamed(f, book, sync(allowing()), desired(f));

    assertThat(waiting).isEmpty();
    assertThat(book.observing()).isFalse();
    var ours = OwnershipTags.of("c1", "ns", "legacy", "uid-1");
    assertThat(ec2.instances().get("i-1").tags()).containsAllEntriesOf(ours.asMap())
        .containsEntry(OwnershipTags.FLEET, "ns/legacy").containsEntry(SpotFleetDesired.WEIGHT_TAG, "1")
        .containsEntry("team", "web");
    assertThat(ec2.instances().get("i-2").tags()).containsEntry(SpotFleetDesired.WEIGHT_TAG, "4");
    assertThat(scope.fleetInstances().all(ResourceID.fromResource(f))).as("counted before a poll lists them")
        .extracting(ObservedInstance::instanceId).containsExactlyInAnyOrder("i-1", "i-2");
    assertThat(events.reasons()).contains("Adopted");
    // adopted once: the next pass does not adopt again
    ec2.calls().clear();
    assertThat(new FleetObservation(allowing(), events, CLOCK).adoptIfNamed(f, book, sync(allowing()), desired(f)))
        .isEmpty();
    assertThat(ec2.calls()).isEmpty();
  }

  @Test
  void aMemberOwnedByAnotherResourceStopsTheAdoptionBeforeAnythingIsTagged() {
    member("i-1", "t3.small", Map.of());
    member("i-2", "t3.small", OwnershipTags.of("c1", "ns", "other", "uid-2").asMap());
    request("cancelled_running", "i-1", "i-2");
    var book = new SpotFleetStatus();
    var f = fleet(ManagementPolicy.Manage);

    assertThatThrownBy(() -> new FleetObservation(allowing(), events, CLOCK).adoptIfNamed(f, book, sync(allowing()),
        desired(f))).isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("AdoptionConflict");
          assertThat(e.getMessage()).contains("i-2", "ns/other");
        });
    assertThat(ec2.instances().get("i-1").tags()).isEmpty();
  }

  @Test
  void withoutTheAdministratorsOptInEc2IsNotAsked() {
    request("cancelled_running");
    var book = new SpotFleetStatus();
    var f = fleet(ManagementPolicy.Manage);

    assertThatThrownBy(() -> new FleetObservation(AdoptionPolicy.none(), events, CLOCK).adoptIfNamed(f, book,
        sync(AdoptionPolicy.none()), desired(f))).isInstanceOfSatisfying(CloudException.class,
        e -> assertThat(e.errorCode()).isEqualTo(AdoptionPolicy.REFUSED));
    assertThatThrownBy(() -> new FleetObservation(AdoptionPolicy.none(), events, CLOCK).read(
        fleet(ManagementPolicy.Observe), new SpotFleetStatus(), sync(AdoptionPolicy.none())))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.errorCode()).isEqualTo(AdoptionPolicy.REFUSED));
    assertThat(ec2.calls()).isEmpty();
  }
}

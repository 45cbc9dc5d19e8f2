package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.access.InstanceProfilePolicy;
import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.image.InMemoryParameters;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceSyncTest {
  private static final EventRecorder QUIET = warningsInto(new java.util.ArrayList<>());

  /** Records the warnings' reasons and messages; normal events are dropped. */
  private static EventRecorder warningsInto(List<String> warnings) {
    return new EventRecorder() {
      @Override
      public void normal(HasMetadata resource, String reason, String message) {}

      @Override
      public void warning(HasMetadata resource, String reason, String message) {
        warnings.add(reason + ": " + message);
      }
    };
  }

  private static dev.fleet.ec2.api.v1alpha1.Ec2Instance spotResource(InstanceMarket.InterruptionBehavior behavior) {
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    var market = new InstanceMarket();
    market.setType(InstanceMarket.MarketType.SPOT);
    market.setInterruptionBehavior(behavior);
    resource.getSpec().setMarket(market);
    return resource;
  }

  @Test
  void terminatingASpotInstanceCancelsItsRequestFirstSoItCannotComeBack() {
    var ec2 = new InMemoryEc2Gateway();
    var resource = spotResource(InstanceMarket.InterruptionBehavior.stop);
    var sync = syncOf(ec2, QUIET, AccessRules.strict("c1"));
    var launched = sync.launch(resource, InstanceDesired.from(resource, "c1", List.of()).launchRequest("tok"));

    assertThat(terminate(sync, resource, launched.instanceId())).as("not yet confirmed terminated").isFalse();
    assertThat(ec2.calls()).containsSubsequence("CancelSpotInstanceRequests", "TerminateInstances");
    assertThat(ec2.cancelledSpotRequests()).containsExactly(launched.spotInstanceRequestId());
    assertThat(terminate(sync, resource, launched.instanceId())).isTrue();
  }

  private static dev.fleet.ec2.cloud.LaunchRequest bare(String token, Map<String, String> tags) {
    return new dev.fleet.ec2.cloud.LaunchRequest(token, "ami-0ed094fb1304fd857", "t3.micro", null, List.of(), null,
        null, null, null, List.of(), null, tags);
  }

  @Test
  void adoptionOutsideTheAllowedNamespacesIsTerminalBeforeEc2HearsOfIt() {
    var ec2 = new InMemoryEc2Gateway();
    String untagged = ec2.runInstance(bare("x", Map.of("team", "db"))).instanceId();
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    var ownership = InstanceDesired.from(resource, "c1", List.of()).ownership();
    int before = ec2.calls().size();

    var refused = syncOf(ec2, QUIET, AccessRules.strict("c1"));
    assertThatThrownBy(() -> refused.adopt(resource, untagged, ownership))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(AdoptionPolicy.REFUSED);
          assertThat(e.refusesSpec()).isTrue();
          assertThat(e.getMessage()).contains("ADOPTION_NAMESPACES", "demo");
        });
    assertThat(ec2.calls()).as("no describe, no tag").hasSize(before);
    assertThat(ec2.instances().get(untagged).tags()).containsOnlyKeys("team");

    var allowed = syncOf(ec2, QUIET, new AccessRules("c1",
        AdoptionPolicy.parse("demo", n -> true), InstanceProfilePolicy.none()));
    assertThat(allowed.adopt(resource, untagged, ownership).tags()).containsEntry("ec2.fleet.dev/cluster", "c1");
  }

  @Test
  void anInstanceTaggedForAnotherClusterIsNeitherAdoptedNorChangedNorTerminated() {
    var ec2 = new InMemoryEc2Gateway();
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    var theirs = ec2.runInstance(bare("y", Map.of("ec2.fleet.dev/cluster", "c2"))).instanceId();
    var sync = syncOf(ec2, QUIET, new AccessRules("c1", AdoptionPolicy.parse("*", n -> true),
        InstanceProfilePolicy.none()));
    var ownership = InstanceDesired.from(resource, "c1", List.of()).ownership();

    assertThatThrownBy(() -> sync.adopt(resource, theirs, ownership)).hasMessageContaining("AdoptionConflict");
    var observed = sync.describe(theirs).orElseThrow();
    var delta = InstanceDelta.between(InstanceDesired.from(resource, "c1", List.of()), observed, List.of());
    assertThatThrownBy(() -> sync.apply(resource, observed, delta)).hasMessageContaining(ClusterBoundary.REFUSED);
    assertThatThrownBy(() -> sync.reboot(resource, observed, "now")).hasMessageContaining(ClusterBoundary.REFUSED);
    assertThat(terminate(sync, resource, theirs)).as("left to its owner: nothing to wait for").isTrue();
    sync.release(resource, observed);
    assertThat(ec2.calls()).doesNotContain("TerminateInstances", "CreateTags", "DeleteTags", "ModifyInstanceAttribute",
        "RebootInstances");
    assertThat(ec2.instances().get(theirs).state()).isEqualTo("running");
    assertThat(ec2.instances().get(theirs).tags()).containsOnly(Map.entry("ec2.fleet.dev/cluster", "c2"));
  }

  @Test
  void aLaunchWithAnInstanceProfileNotListedIsRefused() {
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    resource.getSpec().setIamInstanceProfile("arn:aws:iam::123456789012:instance-profile/admin");
    var strict = syncOf(new InMemoryEc2Gateway(), QUIET, AccessRules.strict("c1"));
    assertThatThrownBy(() -> strict.checkLaunchAllowed(InstanceDesired.from(resource, "c1", List.of())))
        .hasMessageContaining(InstanceProfilePolicy.REFUSED).hasMessageContaining("none are allowed");
    var listed = syncOf(new InMemoryEc2Gateway(), QUIET, new AccessRules("c1",
        AdoptionPolicy.none(), InstanceProfilePolicy.parse("web, admin")));
    listed.checkLaunchAllowed(InstanceDesired.from(resource, "c1", List.of())); // by ARN, listed by name
    resource.getSpec().setIamInstanceProfile("root");
    assertThatThrownBy(() -> listed.checkLaunchAllowed(InstanceDesired.from(resource, "c1", List.of())))
        .hasMessageContaining("admin, web");
  }

  @Test
  void aSpotRequestEc2DoesNotLetUsCancelDoesNotStopTheTermination() {
    var ec2 = new InMemoryEc2Gateway();
    var resource = spotResource(null);
    List<String> warnings = new java.util.ArrayList<>();
    var events = warningsInto(warnings);
    var sync = syncOf(ec2, events, AccessRules.strict("c1"));
    var launched = sync.launch(resource, InstanceDesired.from(resource, "c1", List.of()).launchRequest("tok"));
    ec2.failNext(new CloudException(dev.fleet.ec2.cloud.CloudErrorKind.RETRYABLE, "CancelSpotInstanceRequests",
        "UnauthorizedOperation", "You are not authorized to perform this operation.", null));

    assertThat(terminate(sync, resource, launched.instanceId())).isFalse();
    assertThat(ec2.calls()).contains("TerminateInstances");
    assertThat(warnings).singleElement().asString().startsWith("SpotRequestNotCancelled")
        .contains(launched.spotInstanceRequestId());
  }

  @Test
  void onDeleteAnInstanceAnotherResourceOwnsIsLeftAlone() {
    var ec2 = new InMemoryEc2Gateway();
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    var sync = syncOf(ec2, QUIET, AccessRules.strict("c1"));
    String someoneElses = ec2.runInstance(bare("z", dev.fleet.ec2.cloud.OwnershipTags.of("c1", "other", "web-1",
        "another-uid").asMap())).instanceId();
    String untagged = ec2.runInstance(bare("u", Map.of())).instanceId();
    assertThat(terminate(sync, resource, someoneElses)).isTrue();
    assertThat(terminate(sync, resource, untagged)).isTrue();
    sync.release(resource, sync.describe(someoneElses).orElseThrow());
    assertThat(ec2.calls()).doesNotContain("TerminateInstances", "DeleteTags");
    assertThatThrownBy(() -> ClusterBoundary.requireOwned(InstanceDesired.from(resource, "c1", List.of()).ownership(),
        "instance " + someoneElses, sync.describe(someoneElses).orElseThrow().tags()))
        .hasMessageContaining(ClusterBoundary.NOT_OWNED).hasMessageContaining("other/web-1");
  }

  /** Terminates as a deletion pass does: described first. */
  private static boolean terminate(InstanceSync sync, dev.fleet.ec2.api.v1alpha1.Ec2Instance resource, String instanceId) {
    return sync.terminate(resource, instanceId, sync.describe(instanceId).orElse(null));
  }

  /** Every imageId here is an AMI id: no parameter store. */
  private static InstanceSync syncOf(InMemoryEc2Gateway ec2, EventRecorder events, AccessRules access) {
    return new InstanceSync(ec2, InMemoryParameters.emptyResolver(events), events, access);
  }
}

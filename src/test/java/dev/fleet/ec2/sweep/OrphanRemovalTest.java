package dev.fleet.ec2.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Removing an orphan: tags re-checked by id right before acting; spot request first; a group in use waits. */
class OrphanRemovalTest {
  private static final Map<String, String> OURS = Map.of("ec2.fleet.dev/cluster", "prod",
      "ec2.fleet.dev/owner", "team-a/web", "ec2.fleet.dev/owner-uid", "uid-1");
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final OrphanRemoval removal = new OrphanRemoval(ec2, "prod");

  private ObservedInstance launch(LaunchRequest.SpotMarket spot) {
    return ec2.runInstance(new LaunchRequest("t", "ami-1", "t3.micro", null, List.of(), null, null, null, null,
        List.of(), spot, OURS));
  }

  private static OwnershipClaim claim(OrphanKind kind, String id) {
    return new OwnershipClaim(kind, id, "team-a", "web", "uid-1");
  }

  @Test
  void anOrphanedSpotInstanceHasItsRequestCancelledThenIsTerminated() {
    var i = launch(new LaunchRequest.SpotMarket(null, "stop"));
    ec2.calls().clear();
    assertThat(removal.remove(claim(OrphanKind.INSTANCE, i.instanceId()))).isEqualTo(OrphanRemoval.Result.REMOVED);
    assertThat(ec2.calls()).containsExactly("DescribeInstances", "CancelSpotInstanceRequests", "TerminateInstances");
    assertThat(ec2.cancelledSpotRequests()).containsExactly(i.spotInstanceRequestId());
    assertThat(ec2.instances().get(i.instanceId()).isGone()).isTrue();
  }

  @Test
  void aResourceRetaggedSinceTheVerdictOrGoneIsLeftAlone() {
    var i = launch(null);
    ec2.createTags(i.instanceId(), Map.of("ec2.fleet.dev/owner-uid", "uid-2"));
    assertThat(removal.remove(claim(OrphanKind.INSTANCE, i.instanceId()))).isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
    var j = launch(null);
    ec2.createTags(j.instanceId(), Map.of("ec2.fleet.dev/cluster", "staging"));
    assertThat(removal.remove(claim(OrphanKind.FLEET_INSTANCE, j.instanceId())))
        .isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
    var k = launch(null);
    ec2.terminateInstance(k.instanceId());
    ec2.calls().clear();
    assertThat(removal.remove(claim(OrphanKind.INSTANCE, k.instanceId()))).isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
    assertThat(removal.remove(claim(OrphanKind.INSTANCE, "i-unknown"))).isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
    assertThat(ec2.calls()).containsOnly("DescribeInstances");
    assertThat(ec2.instances().get(i.instanceId()).state()).isEqualTo("running");
    assertThat(ec2.instances().get(j.instanceId()).state()).isEqualTo("running");

    String group = ec2.createSecurityGroup("g", "d", "vpc-00000001", Map.of("ec2.fleet.dev/cluster", "staging",
        "ec2.fleet.dev/owner-uid", "uid-1"));
    assertThat(removal.remove(claim(OrphanKind.SECURITY_GROUP, group))).isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
    assertThat(ec2.groups()).containsKey(group);
    assertThat(removal.remove(claim(OrphanKind.SECURITY_GROUP, "sg-unknown"))).isEqualTo(OrphanRemoval.Result.LEFT_ALONE);
  }

  @Test
  void aGroupInUseWaitsForTheNextSweepAndOtherFailuresAreThrown() {
    String group = ec2.createSecurityGroup("g", "d", "vpc-00000001", OURS);
    ec2.failNext(new CloudException(CloudErrorKind.RETRYABLE, "DeleteSecurityGroup", "DependencyViolation",
        "resource has a dependent object", null));
    assertThat(removal.remove(claim(OrphanKind.SECURITY_GROUP, group))).isEqualTo(OrphanRemoval.Result.IN_USE);
    ec2.failNext(new CloudException(CloudErrorKind.THROTTLED, "DeleteSecurityGroup", "RequestLimitExceeded", "slow down",
        null));
    assertThatThrownBy(() -> removal.remove(claim(OrphanKind.SECURITY_GROUP, group)))
        .hasMessageContaining("RequestLimitExceeded");
    assertThat(removal.remove(claim(OrphanKind.SECURITY_GROUP, group))).isEqualTo(OrphanRemoval.Result.REMOVED);
    assertThat(ec2.groups()).doesNotContainKey(group);
  }
}

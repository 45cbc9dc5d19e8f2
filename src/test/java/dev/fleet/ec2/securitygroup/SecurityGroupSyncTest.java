package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.access.AccessRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.events.RecordedEvents;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting a group still in use. The emulator never answers DependencyViolation, so this path is
 * covered here, against our own gateway interface, with EC2's real error code.
 */
class SecurityGroupSyncTest {
  private final RecordedEvents recorder = new RecordedEvents();
  private final List<String> events = recorder.written();

  @Test
  void aGroupInUseStaysUntilEc2LetsItGo() {
    var ec2 = new InMemoryEc2Gateway();
    String id = ec2.createSecurityGroup("web-sg", "web", "vpc-00000001",
        dev.fleet.ec2.cloud.OwnershipTags.of("c", "demo", "web-sg", "uid-1").asMap());
    var sync = new SecurityGroupSync(ec2, recorder, AccessRules.strict("c"));
    var resource = new SecurityGroup();
    resource.setMetadata(new ObjectMetaBuilder().withName("web-sg").withNamespace("demo").withUid("uid-1").build());

    ec2.failNext(new CloudException(CloudErrorKind.RETRYABLE, "DeleteSecurityGroup", "DependencyViolation",
        "resource " + id + " has a dependent object", null));
    assertThat(sync.delete(resource, id)).isEqualTo(SecurityGroupSync.Deletion.IN_USE);
    assertThat(ec2.groups()).containsKey(id);
    assertThat(events).singleElement().asString().startsWith("Warning DependencyViolation: security group " + id
        + " is still in use").contains("has a dependent object");

    assertThat(sync.delete(resource, id)).isEqualTo(SecurityGroupSync.Deletion.DELETED);
    assertThat(ec2.groups()).doesNotContainKey(id);
    assertThat(sync.delete(resource, id)).as("already gone counts as deleted")
        .isEqualTo(SecurityGroupSync.Deletion.DELETED);
  }

  @Test
  void deletionBackoffDoublesToFiveMinutes() {
    assertThat(DeletionBackoff.delayMillis(1)).isEqualTo(2_000);
    assertThat(DeletionBackoff.delayMillis(2)).isEqualTo(4_000);
    assertThat(DeletionBackoff.delayMillis(8)).isEqualTo(256_000);
    assertThat(DeletionBackoff.delayMillis(9)).isEqualTo(300_000);
    assertThat(DeletionBackoff.delayMillis(1_000)).isEqualTo(300_000);
  }

  @Test
  void aNameTakenByAGroupWeDoNotOwnIsTerminal() {
    var ec2 = new InMemoryEc2Gateway();
    String foreign = ec2.createSecurityGroup("web-sg", "someone else's", "vpc-00000001", Map.of());
    var resource = new SecurityGroup();
    resource.setMetadata(new ObjectMetaBuilder().withName("web-sg").withNamespace("demo").withUid("u-1").build());
    resource.setSpec(new dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec());
    resource.getSpec().setDescription("web");
    var desired = SecurityGroupDesired.from(resource, "c1", "vpc-00000001", n -> java.util.Optional.empty());
    var sync = new SecurityGroupSync(ec2, recorder, AccessRules.strict("c"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sync.create(resource, desired))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudErrorKind.TERMINAL);
          assertThat(e.errorCode()).isEqualTo("InvalidGroup.Duplicate");
        }).hasMessageContaining(foreign);
  }

  @Test
  void aGroupThisResourceDoesNotOwnIsNeverDeleted() {
    var ec2 = new InMemoryEc2Gateway();
    String theirs = ec2.createSecurityGroup("web-sg", "web", "vpc-00000001",
        dev.fleet.ec2.cloud.OwnershipTags.of("c", "other", "web-sg", "uid-2").asMap());
    String untagged = ec2.createSecurityGroup("legacy", "legacy", "vpc-00000001", Map.of());
    var sync = new SecurityGroupSync(ec2, recorder, AccessRules.strict("c"));
    var resource = new SecurityGroup();
    resource.setMetadata(new ObjectMetaBuilder().withName("web-sg").withNamespace("demo").withUid("uid-1").build());
    assertThat(sync.delete(resource, theirs)).as("done with it: not ours").isEqualTo(SecurityGroupSync.Deletion.DELETED);
    assertThat(sync.delete(resource, untagged)).isEqualTo(SecurityGroupSync.Deletion.DELETED);
    assertThat(ec2.groups()).containsKeys(theirs, untagged);
    assertThat(ec2.calls()).doesNotContain("DeleteSecurityGroup");
    assertThat(events).allSatisfy(e -> assertThat(e).startsWith("Warning NotOwned"));
  }
}

package dev.fleet.ec2.instance;

import static dev.fleet.ec2.instance.InstanceFixtures.observed;
import static dev.fleet.ec2.instance.InstanceFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceDeltaTest {
  private static final Map<String, String> TAGS = Map.of("Name", "web-1", "team", "web");

  private static InstanceDesired desired(String type, Map<String, String> tags) {
    return InstanceDesired.from(resource(type, tags), "c1", List.of());
  }

  @Test
  void nothingToDoWhenEc2MatchesRegardlessOfForeignTags() {
    var o = observed(ObservedInstance.RUNNING, "t3.micro", Set.of("sg-1"), Map.of("Name", "web-1", "team", "web",
        "aws:cost-center", "42"));
    var delta = InstanceDelta.between(desired("t3.micro", Map.of("team", "web")), o, List.of("Name", "team"));
    assertThat(delta.isEmpty()).isTrue();
    assertThat(delta.describe()).isEqualTo("nothing");
  }

  /** The parameter moved on since the launch: what EC2 runs is still what was recorded, and nothing is to change. */
  @Test
  void anInstanceOfTheRecordedImageMatchesASpecWhoseParameterMovedOn() {
    var r = resource("t3.micro", Map.of("team", "web"));
    r.getSpec().setImageId("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    var d = InstanceDesired.from(r, "c1", List.of()).withResolvedImage("ami-0ed094fb1304fd857");
    var o = observed(ObservedInstance.RUNNING, "t3.micro", Set.of(), Map.of("Name", "web-1", "team", "web"));
    assertThat(InstanceDelta.between(d, o, List.of("Name", "team")).isEmpty()).isTrue();
    assertThat(InstanceDelta.differences(d, Map.of("team", "web"), o)).isEmpty();
  }

  @Test
  void anObservedInstanceDiffersOnlyInWhatTheSpecDeclares() {
    var o = observed(ObservedInstance.STOPPED, "t3.small", Set.of("sg-1"), Map.of("Name", "console-name",
        "team", "ops", "env", "dev"));
    var drift = InstanceDelta.differences(desired("t3.micro", Map.of("team", "web", "tier", "1")),
        Map.of("team", "web", "tier", "1"), o);
    assertThat(drift).containsExactly("tag team 'ops' (spec: 'web')", "tag tier absent (spec: '1')",
        "instance type t3.small (spec: t3.micro)", "state stopped (spec: running)");
    assertThat(InstanceDelta.differences(desired("t3.small", Map.of()), Map.of(),
        observed(ObservedInstance.RUNNING, "t3.small", Set.of(), Map.of("Name", "console-name"))))
        .as("the default Name tag and undeclared tags are not the spec's business").isEmpty();
  }

  @Test
  void restoresChangedOrMissingTagsAndRemovesOnlyTagsWeManagedBefore() {
    var o = observed(ObservedInstance.RUNNING, "t3.micro", Set.of(), Map.of("Name", "web-1", "team", "ops",
        "env", "dev", "owner-note", "not ours"));
    var delta = InstanceDelta.between(desired("t3.micro", Map.of("team", "web", "tier", "1")), o,
        List.of("Name", "team", "env"));
    assertThat(delta.tags().toSet()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "web", "tier", "1"));
    assertThat(delta.tags().toRemove()).containsExactly("env");
    assertThat(delta.power()).isEqualTo(InstanceDelta.Power.NONE);
  }

  @Test
  void restoresRemovedOwnershipTags() {
    var o = new ObservedInstance("i-1", "ami-0ed094fb1304fd857", "t3.micro", ObservedInstance.RUNNING, null, null,
        null, null, null, null, null, "on-demand", null, Set.of(), TAGS, null);
    var delta = InstanceDelta.between(desired("t3.micro", Map.of("team", "web")), o, List.of());
    assertThat(delta.tags().toSet()).containsKeys("ec2.fleet.dev/cluster", "ec2.fleet.dev/owner",
        "ec2.fleet.dev/owner-uid");
  }

  @Test
  void securityGroupsOnlyWhenDeclaredAndDifferent() {
    var r = resource("t3.micro", Map.of("team", "web"));
    var o = observed(ObservedInstance.RUNNING, "t3.micro", Set.of("sg-default"), TAGS);
    assertThat(InstanceDelta.between(InstanceDesired.from(r, "c1", List.of()), o, List.of()).securityGroups())
        .isNull();
    r.getSpec().setSecurityGroupIds(List.of("sg-0000000b"));
    assertThat(InstanceDelta.between(InstanceDesired.from(r, "c1", List.of("sg-0000000a")), o, List.of())
        .securityGroups()).containsExactlyInAnyOrder("sg-0000000a", "sg-0000000b");
  }

  @Test
  void typeChangeOfARunningInstanceStopsFirstThenModifiesAndStartsAgain() {
    var running = observed(ObservedInstance.RUNNING, "t3.micro", Set.of(), TAGS);
    var first = InstanceDelta.between(desired("t3.small", Map.of("team", "web")), running, List.of());
    assertThat(first.power()).isEqualTo(InstanceDelta.Power.STOP);
    assertThat(first.typeChangePending()).isTrue();
    assertThat(first.instanceType()).isNull();

    var stopped = observed(ObservedInstance.STOPPED, "t3.micro", Set.of(), TAGS);
    var second = InstanceDelta.between(desired("t3.small", Map.of("team", "web")), stopped, List.of());
    assertThat(second.instanceType()).isEqualTo("t3.small");
    assertThat(second.power()).isEqualTo(InstanceDelta.Power.START);
    assertThat(second.describe()).isEqualTo("instance type, power state");
  }

  @Test
  void powerStateFollowsTheSpecAndWaitsOutTransitions() {
    var r = resource("t3.micro", Map.of("team", "web"));
    r.getSpec().setState(PowerState.stopped);
    var d = InstanceDesired.from(r, "c1", List.of());
    assertThat(InstanceDelta.between(d, observed(ObservedInstance.RUNNING, "t3.micro", Set.of(), TAGS), List.of())
        .power()).isEqualTo(InstanceDelta.Power.STOP);
    assertThat(InstanceDelta.between(d, observed(ObservedInstance.STOPPED, "t3.micro", Set.of(), TAGS), List.of())
        .isEmpty()).isTrue();
    var stopping = InstanceDelta.between(d, observed(ObservedInstance.STOPPING, "t3.micro", Set.of(), TAGS),
        List.of());
    assertThat(stopping.power()).isEqualTo(InstanceDelta.Power.WAIT);
    assertThat(stopping.isEmpty()).isFalse();
    assertThat(InstanceDelta.between(desired("t3.micro", Map.of("team", "web")),
        observed(ObservedInstance.STOPPED, "t3.micro", Set.of(), TAGS), List.of()).power())
        .isEqualTo(InstanceDelta.Power.START);
  }
}

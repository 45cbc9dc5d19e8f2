package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceDesiredTest {

  @Test
  void fillsDefaultsAndAddsNameAndOwnershipTags() {
    var d = InstanceDesired.from(InstanceFixtures.resource("t3.micro", Map.of("team", "web")), "c1", List.of());
    assertThat(d.powerState()).isEqualTo(PowerState.running);
    assertThat(d.deletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(d.securityGroupIds()).as("no groups declared: left to EC2").isNull();
    assertThat(d.userTags()).containsExactlyInAnyOrderEntriesOf(Map.of("Name", "web-1", "team", "web"));
    assertThat(d.allTags()).containsEntry(OwnershipTags.CLUSTER, "c1")
        .containsEntry(OwnershipTags.OWNER, "demo/web-1")
        .containsEntry(OwnershipTags.OWNER_UID, InstanceFixtures.UID);
  }

  @Test
  void aParameterIsLaunchedOnlyAsTheAmiRecordedForIt() {
    var r = InstanceFixtures.resource("t3.micro", Map.of());
    var byId = InstanceDesired.from(r, "c1", List.of());
    assertThat(byId.imageUnresolved()).isFalse();
    assertThat(byId.launchRequest("tok").imageId()).isEqualTo("ami-0ed094fb1304fd857");

    r.getSpec().setImageId("resolve:ssm:/team/web/ami");
    var named = InstanceDesired.from(r, "c1", List.of());
    assertThat(named.imageUnresolved()).isTrue();
    assertThatThrownBy(() -> named.launchRequest("tok")).as("never RunInstances with the parameter itself")
        .isInstanceOf(IllegalStateException.class);
    var recorded = named.withResolvedImage("ami-0841e304792db6a16").withPowerState(PowerState.stopped);
    assertThat(recorded.imageUnresolved()).isFalse();
    assertThat(recorded.imageId()).isEqualTo("resolve:ssm:/team/web/ami");
    assertThat(recorded.launchRequest("tok").imageId()).as("kept through other changes").isEqualTo(
        "ami-0841e304792db6a16");
  }

  @Test
  void specNameTagWinsButOwnershipTagsCannotBeForged() {
    var r = InstanceFixtures.resource("t3.micro", Map.of("Name", "frontend", OwnershipTags.OWNER, "other/x",
        OwnershipTags.FLEET, "other/batch", "aws:x", "y"));
    var d = InstanceDesired.from(r, "c1", List.of());
    assertThat(d.userTags()).containsEntry("Name", "frontend")
        .doesNotContainKeys(OwnershipTags.OWNER, OwnershipTags.FLEET, "aws:x");
    assertThat(d.allTags()).containsEntry(OwnershipTags.OWNER, "demo/web-1");
  }

  @Test
  void mergesDeclaredAndReferencedGroups() {
    var r = InstanceFixtures.resource("t3.micro", Map.of());
    r.getSpec().setSecurityGroupIds(List.of("sg-0000000b"));
    var d = InstanceDesired.from(r, "c1", List.of("sg-0000000a"));
    assertThat(d.securityGroupIds()).containsExactlyInAnyOrder("sg-0000000a", "sg-0000000b");
    assertThat(d.launchRequest("tok").securityGroupIds()).containsExactly("sg-0000000a", "sg-0000000b");
  }

  @Test
  void spotMarketOnlyForSpot() {
    var r = InstanceFixtures.resource("t3.micro", Map.of());
    var m = new InstanceMarket();
    m.setType(InstanceMarket.MarketType.SPOT);
    m.setMaxPrice("0.05");
    r.getSpec().setMarket(m);
    var request = InstanceDesired.from(r, "c1", List.of()).launchRequest("tok-1");
    assertThat(request.spotMarket().maxPrice()).isEqualTo("0.05");
    assertThat(request.clientToken()).isEqualTo("tok-1");
    m.setType(InstanceMarket.MarketType.ON_DEMAND);
    assertThat(InstanceDesired.from(r, "c1", List.of()).spotMarket()).isNull();
  }
}

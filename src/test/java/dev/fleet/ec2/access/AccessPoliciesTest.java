package dev.fleet.ec2.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.TerminalGate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessPoliciesTest {
  @Test
  void adoptionIsOffUnlessTheAdministratorNamesNamespacesOrEveryOne() {
    assertThat(AdoptionPolicy.parse("", n -> true).allows("team-a")).isFalse();
    var some = AdoptionPolicy.parse(" team-a ,team-b", n -> true);
    assertThat(some.allows("team-a")).isTrue();
    assertThat(some.allows("team-c")).isFalse();
    assertThat(some.describe()).isEqualTo("team-a,team-b");
    assertThat(AdoptionPolicy.parse("*", n -> true).allows("anything")).isTrue();
    assertThatThrownBy(() -> AdoptionPolicy.parse("Team_A", n -> n.matches("[a-z-]+")))
        .hasMessageContaining("invalid namespace 'Team_A'");
  }

  @Test
  void instanceProfilesMatchByNameWhetherGivenAsNameOrArn() {
    var p = InstanceProfilePolicy.parse("web,arn:aws:iam::123456789012:instance-profile/teams/batch");
    assertThat(p.names()).containsExactlyInAnyOrder("web", "batch");
    assertThat(p.allows("web")).isTrue();
    assertThat(p.allows("arn:aws:iam::123456789012:instance-profile/web")).isTrue();
    assertThat(p.allows("batch")).isTrue();
    assertThat(p.allows("admin")).isFalse();
    assertThat(p.allows("arn:aws:iam::123456789012:instance-profile/admin")).isFalse();
    assertThat(p.allows(null)).as("no profile asked").isTrue();
    assertThat(InstanceProfilePolicy.none().allows("web")).isFalse();
  }

  @Test
  void onlyAnotherInstallationsClusterTagIsForeign() {
    assertThat(ClusterBoundary.foreign("prod", Map.of("ec2.fleet.dev/cluster", "staging"))).isTrue();
    assertThat(ClusterBoundary.foreign("prod", Map.of("ec2.fleet.dev/cluster", "prod"))).isFalse();
    assertThat(ClusterBoundary.foreign("prod", Map.of())).isFalse();
    assertThatThrownBy(() -> ClusterBoundary.requireNotForeign("prod", "i-1", Map.of("ec2.fleet.dev/cluster", "x")))
        .hasMessageContaining(ClusterBoundary.REFUSED).hasMessageContaining("i-1");
  }

  @Test
  void aRefusalAnAdministratorLiftsIsCheckedAgainRatherThanBlockingTheGeneration() {
    var resource = new dev.fleet.ec2.api.v1alpha1.Ec2Instance();
    resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("web").withGeneration(1L)
        .build());
    for (String reason : List.of(AdoptionPolicy.REFUSED, InstanceProfilePolicy.REFUSED)) {
      var terminal = Conditions.set(List.of(), Conditions.TERMINAL, true, reason, "not allowed", 1, Instant.EPOCH);
      assertThat(TerminalGate.blocks(resource, terminal, "a", null)).as(reason).isFalse();
    }
    var refusedByEc2 = Conditions.set(List.of(), Conditions.TERMINAL, true, "InvalidAMIID.NotFound", "no", 1,
        Instant.EPOCH);
    assertThat(TerminalGate.blocks(resource, refusedByEc2, "a", null)).isTrue();
  }
}

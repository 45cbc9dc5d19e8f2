package dev.fleet.ec2.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupRule;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.SgRule.SourceKind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityGroupDeltaTest {

  private static SecurityGroupRule rule(String protocol, Integer from, Integer to, List<String> cidrs, String text) {
    var r = new SecurityGroupRule();
    r.setProtocol(protocol);
    r.setFromPort(from);
    r.setToPort(to);
    r.setCidrIpv4(cidrs);
    r.setDescription(text);
    return r;
  }

  private static SecurityGroup resource(List<SecurityGroupRule> ingress, List<SecurityGroupRule> egress) {
    var g = new SecurityGroup();
    g.setMetadata(new ObjectMetaBuilder().withName("web-sg").withNamespace("demo").withUid("u-1").build());
    g.setSpec(new SecurityGroupSpec());
    g.getSpec().setDescription("web");
    g.getSpec().setIngress(ingress);
    g.getSpec().setEgress(egress);
    return g;
  }

  private static SecurityGroupDesired desired(SecurityGroup g) {
    return SecurityGroupDesired.from(g, "c1", "vpc-1", name -> Optional.of("sg-" + name));
  }

  private static ObservedSecurityGroup observed(List<SgRule> ingress, List<SgRule> egress) {
    Map<String, String> tags = new HashMap<>(OwnershipTags.of("c1", "demo", "web-sg", "u-1").asMap());
    return new ObservedSecurityGroup("sg-self", "web-sg", "web", "vpc-1", ingress, egress, tags);
  }

  private static final SgRule DEFAULT_EGRESS = new SgRule("-1", null, null, SourceKind.CIDR_IPV4, "0.0.0.0/0", null);

  @Test
  void onePermissionWithSeveralSourcesEqualsSeveralRules() {
    var d = desired(resource(List.of(rule("tcp", 22, 22, List.of("10.0.0.0/8", "192.168.1.9/24"), "ssh")), null));
    var o = observed(List.of(new SgRule("tcp", 22, 22, SourceKind.CIDR_IPV4, "192.168.1.0/24", "ssh"),
        new SgRule("tcp", 22, 22, SourceKind.CIDR_IPV4, "10.0.0.0/8", "ssh")), List.of(DEFAULT_EGRESS));
    assertThat(SecurityGroupDelta.between(d, o, List.of()).isEmpty()).isTrue();
  }

  @Test
  void authorizesMissingRevokesUnwantedAndUpdatesDescriptionsInPlace() {
    var d = desired(resource(List.of(rule("tcp", 22, 22, List.of("10.0.0.0/8"), "new text"),
        rule("tcp", 443, 443, List.of("0.0.0.0/0"), null)), null));
    var o = observed(List.of(new SgRule("tcp", 22, 22, SourceKind.CIDR_IPV4, "10.0.0.0/8", "old text"),
        new SgRule("tcp", 3389, 3389, SourceKind.CIDR_IPV4, "0.0.0.0/0", null)), List.of(DEFAULT_EGRESS));
    var delta = SecurityGroupDelta.between(d, o, List.of());
    assertThat(delta.ingress().authorize()).extracting(SgRule::fromPort).containsExactly(443);
    assertThat(delta.ingress().revoke()).extracting(SgRule::fromPort).containsExactly(3389);
    assertThat(delta.ingress().describe()).singleElement().satisfies(r -> {
      assertThat(r.fromPort()).isEqualTo(22);
      assertThat(r.description()).isEqualTo("new text");
    });
    assertThat(delta.egress().isEmpty()).as("egress omitted: left alone").isTrue();
  }

  @Test
  void egressEmptyListRemovesTheDefaultRule() {
    var delta = SecurityGroupDelta.between(desired(resource(List.of(), List.of())),
        observed(List.of(), List.of(DEFAULT_EGRESS)), List.of());
    assertThat(delta.egress().revoke()).containsExactly(DEFAULT_EGRESS);
    assertThat(delta.egress().authorize()).isEmpty();
  }

  @Test
  void referencesResolveToGroupIdsAndRevokesNameRulesAsEc2ReportedThem() {
    var ref = rule("6", 22, 22, null, null);
    ref.setSourceSecurityGroupRefs(List.of(new LocalRef("bastion")));
    var d = desired(resource(List.of(ref), null));
    assertThat(d.ingress()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(SourceKind.GROUP);
      assertThat(r.source()).isEqualTo("sg-bastion");
    });
    var asReported = new SgRule("tcp", 80, 80, SourceKind.CIDR_IPV4, "0.0.0.0/0", null);
    var delta = SecurityGroupDelta.between(d, observed(List.of(asReported), List.of()), List.of());
    assertThat(delta.ingress().revoke()).containsExactly(asReported);
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.SecurityGroupResources.fromGroup;
import static dev.fleet.ec2.e2e.SecurityGroupResources.group;
import static dev.fleet.ec2.e2e.SecurityGroupResources.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupRule;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.RuleDirection;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.SgRule.SourceKind;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SecurityGroup end to end: minimal rule changes, drift repair, references, deletion. */
@ExtendWith(E2eExtension.class)
class SecurityGroupIT {
  private static RunningOperator operator;
  private static DirectEc2 ec2;

  @BeforeAll
  static void start() throws Exception {
    operator = RunningOperator.start(E2eEnvironment.get(), Map.of("ADOPTION_NAMESPACES", "*")); // these tests show adoption itself; LeastPrivilegeIT shows who may
    ec2 = new DirectEc2(E2eEnvironment.get());
  }

  @AfterAll
  static void stop() {
    operator.close();
    ec2.close();
  }

  private static ObservedSecurityGroup inEc2(String groupId) {
    return ec2.gateway().describeSecurityGroup(groupId).orElseThrow();
  }

  private static List<String> ingress(String groupId) {
    return inEc2(groupId).ingress().stream()
        .map(r -> r.protocol() + " " + r.fromPort() + "-" + r.toPort() + " " + r.source() + " " + r.description())
        .sorted().toList();
  }

  private static List<SecurityGroupRule> myIpAndSecondComputer() {
    return List.of(rule("all", null, null, "203.0.113.7/32", "my laptop"),
        rule("all", null, null, "198.51.100.9/32", "second computer"));
  }

  @Test
  void twoRulesGiveExactlyTwoRulesAndOnlyTheRemovedOneIsRevoked(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    groups.create(group("web-sg", myIpAndSecondComputer()));
    var synced = groups.awaitSynced("web-sg");
    String id = synced.getStatus().getGroupId();
    assertThat(ingress(id)).containsExactly("-1 null-null 198.51.100.9/32 second computer",
        "-1 null-null 203.0.113.7/32 my laptop");
    assertThat(synced.getStatus().getIngressRuleCount()).isEqualTo(2);
    assertThat(inEc2(id).egress()).as("egress omitted: EC2's default allow-all stays").hasSize(1);
    assertThat(inEc2(id).tags()).containsEntry(OwnershipTags.OWNER, ns.name() + "/web-sg");

    var recorder = new EmulatorRecorder(env);
    recorder.start();
    groups.edit("web-sg", g -> {
      g.getSpec().setIngress(List.of(myIpAndSecondComputer().get(0)));
      return g;
    });
    groups.await("web-sg", "generation 2 synced", g -> g.getStatus().getObservedGeneration() == 2
        && g.getStatus().getIngressRuleCount() == 1);
    List<String> calls = recorder.stop();
    assertThat(EmulatorRecorder.count(calls, "RevokeSecurityGroupIngress")).isEqualTo(1);
    assertThat(EmulatorRecorder.count(calls, "AuthorizeSecurityGroupIngress")).isZero();
    assertThat(ingress(id)).containsExactly("-1 null-null 203.0.113.7/32 my laptop");
  }

  @Test
  void reorderedRenamedProtocolsAndHostBitsCauseNoWrites(E2eEnvironment env, TestNamespace ns) throws Exception {
    var groups = new SecurityGroupResources(env, ns);
    groups.create(group("web-sg", List.of(rule("tcp", 22, 22, "198.51.100.0/24", "ssh"),
        rule("tcp", 443, 443, "0.0.0.0/0", "https"))));
    String id = groups.awaitSynced("web-sg").getStatus().getGroupId();

    var recorder = new EmulatorRecorder(env);
    recorder.start();
    groups.edit("web-sg", g -> {
      g.getSpec().setIngress(List.of(rule("6", 443, 443, "0.0.0.0/0", "https"),
          rule("6", 22, 22, "198.51.100.77/24", "ssh")));
      return g;
    });
    groups.awaitSynced("web-sg");
    List<String> calls = recorder.stop();
    assertThat(calls).as("only reads after an edit that changes nothing in EC2").allSatisfy(b ->
        assertThat(b).startsWith("Action=Describe"));
    assertThat(ingress(id)).hasSize(2);
  }

  @Test
  void driftIsRepairedRulesAddedByHandRevokedRevokedOnesRestored(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    groups.create(group("web-sg", myIpAndSecondComputer()));
    String id = groups.awaitSynced("web-sg").getStatus().getGroupId();
    SgRule byHand = new SgRule("tcp", 3389, 3389, SourceKind.CIDR_IPV4, "0.0.0.0/0", "opened by hand");
    ec2.gateway().authorizeRules(id, RuleDirection.INGRESS, List.of(byHand));
    Awaitility.await("hand-made rule revoked").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> ingress(id).size() == 2 && ingress(id).stream().noneMatch(r -> r.contains("3389")));

    SgRule wanted = inEc2(id).ingress().stream().filter(r -> r.source().equals("203.0.113.7/32")).findFirst()
        .orElseThrow();
    ec2.gateway().revokeRules(id, RuleDirection.INGRESS, List.of(wanted));
    Awaitility.await("wanted rule restored").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> ingress(id).contains("-1 null-null 203.0.113.7/32 my laptop"));
  }

  @Test
  void referencesResolveWhateverTheOrderAndInstancesUseTheGroup(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    var instances = new Ec2InstanceResources(env, ns);
    // all at once, the referencing ones first
    var web = Ec2InstanceResources.instance("web-1", "t3.micro", Map.of());
    web.getSpec().setSecurityGroupRefs(List.of(new LocalRef("web-sg")));
    instances.create(web);
    var webSg = group("web-sg", List.of(fromGroup("tcp", 22, "bastion-sg"), fromGroup("tcp", 8080, "web-sg")));
    groups.create(webSg);
    groups.create(group("bastion-sg", List.of(rule("tcp", 22, 22, "203.0.113.7/32", "admin"))));

    String bastion = groups.awaitSynced("bastion-sg").getStatus().getGroupId();
    String webId = groups.awaitSynced("web-sg").getStatus().getGroupId();
    assertThat(inEc2(webId).ingress()).extracting(SgRule::source).containsExactlyInAnyOrder(bastion, webId);
    var ready = instances.awaitReady("web-1");
    assertThat(ec2.instance(ready.getStatus().getInstanceId()).securityGroupIds()).containsExactly(webId);
  }

  @Test
  void aNameTakenByAGroupWeDoNotOwnIsTerminalUntilTheUserAdoptsIt(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    String name = "legacy-" + ns.name();
    String legacy = ec2.createSecurityGroup(name);
    var g = group("legacy", List.of(rule("tcp", 22, 22, "203.0.113.7/32", "admin")));
    g.getSpec().setGroupName(name);
    groups.create(g);
    var refused = groups.await("legacy", "Terminal", r -> r.getStatus() != null && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream().anyMatch(c -> "Terminal".equals(c.getType())
            && "True".equals(c.getStatus()) && "InvalidGroup.Duplicate".equals(c.getReason())
            && c.getMessage().contains(legacy)));
    assertThat(refused.getStatus().getGroupId()).isNull();
    assertThat(inEc2(legacy).ingress()).as("a group we do not own is not touched").isEmpty();

    groups.edit("legacy", r -> {
      r.getMetadata().setAnnotations(Map.of("ec2.fleet.dev/adopt-group-id", legacy));
      return r;
    });
    var adopted = groups.awaitSynced("legacy");
    assertThat(adopted.getStatus().getGroupId()).isEqualTo(legacy);
    assertThat(ingress(legacy)).containsExactly("tcp 22-22 203.0.113.7/32 admin");
    assertThat(inEc2(legacy).tags()).containsEntry(OwnershipTags.OWNER, ns.name() + "/legacy");
  }

  @Test
  void egressOmittedEmptyOrListed(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    var none = group("no-egress", List.of());
    none.getSpec().setEgress(List.of());
    groups.create(none);
    var listed = group("https-only", List.of());
    listed.getSpec().setEgress(List.of(rule("tcp", 443, 443, "0.0.0.0/0", null)));
    groups.create(listed);
    groups.create(group("default-egress", List.of()));

    assertThat(inEc2(groups.awaitSynced("no-egress").getStatus().getGroupId()).egress()).isEmpty();
    assertThat(inEc2(groups.awaitSynced("https-only").getStatus().getGroupId()).egress())
        .singleElement().satisfies(r -> {
          assertThat(r.fromPort()).isEqualTo(443);
          assertThat(r.source()).isEqualTo("0.0.0.0/0");
        });
    assertThat(inEc2(groups.awaitSynced("default-egress").getStatus().getGroupId()).egress())
        .singleElement().satisfies(r -> assertThat(r.protocol()).isEqualTo("-1"));
  }

  @Test
  void adoptionTakesOverAnExistingGroupAndMakesItsRulesExact(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    String existing = ec2.createSecurityGroup("legacy-" + ns.name());
    ec2.gateway().authorizeRules(existing, RuleDirection.INGRESS,
        List.of(new SgRule("tcp", 23, 23, SourceKind.CIDR_IPV4, "0.0.0.0/0", "telnet, really")));
    var legacy = group("legacy", List.of(rule("tcp", 22, 22, "10.0.0.0/8", "ssh")));
    legacy.getSpec().setGroupName("legacy-" + ns.name());
    legacy.getMetadata().setAnnotations(Map.of("ec2.fleet.dev/adopt-group-id", existing));
    String uid = groups.create(legacy).getMetadata().getUid();

    assertThat(groups.awaitSynced("legacy").getStatus().getGroupId()).isEqualTo(existing);
    assertThat(ingress(existing)).containsExactly("tcp 22-22 10.0.0.0/8 ssh");
    assertThat(inEc2(existing).tags()).containsEntry(OwnershipTags.OWNER_UID, uid);
  }

  @Test
  void invalidRulesAreRejectedAtAdmission(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    List<SecurityGroupRule> invalid = new ArrayList<>(List.of(rule("tcp", 22, 70000, "10.0.0.0/8", null),
        rule("tcp", 443, 80, "10.0.0.0/8", null), rule("tcp", 22, 22, "10.0.0.300/8", null),
        rule("tcp", 22, 22, null, null)));
    List<String> messages = List.of("toPort", "fromPort <= toPort", "cidrIpv4", "at least one source");
    for (int n = 0; n < invalid.size(); n++) {
      int i = n;
      assertThatThrownBy(() -> groups.create(group("bad-" + i, List.of(invalid.get(i)))))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining(messages.get(i));
    }
  }

  @Test
  void deleteRemovesTheGroupRetainKeepsItAndANameConflictIsTerminal(E2eEnvironment env, TestNamespace ns) {
    var groups = new SecurityGroupResources(env, ns);
    String deleted = groups.awaitSynced(groups.create(group("gone", List.of())).getMetadata().getName())
        .getStatus().getGroupId();
    var keep = group("kept", List.of());
    keep.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    groups.create(keep);
    String kept = groups.awaitSynced("kept").getStatus().getGroupId();

    groups.named("gone").delete();
    groups.named("kept").delete();
    Awaitility.await("both resources gone").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> groups.get("gone") == null && groups.get("kept") == null);
    assertThat(ec2.gateway().describeSecurityGroup(deleted)).isEmpty();
    assertThat(inEc2(kept).tags()).doesNotContainKeys(OwnershipTags.CLUSTER, OwnershipTags.OWNER,
        OwnershipTags.OWNER_UID);

    String foreign = ec2.createSecurityGroup("taken-" + ns.name());
    var clash = group("clash", List.of());
    clash.getSpec().setGroupName("taken-" + ns.name());
    groups.create(clash);
    var terminal = groups.await("clash", "Terminal", SecurityGroupResources.hasCondition("Terminal", "True",
        "InvalidGroup.Duplicate"));
    assertThat(terminal.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage()).contains(foreign));
    assertThat(inEc2(foreign).tags()).doesNotContainKey(OwnershipTags.OWNER);
  }
}

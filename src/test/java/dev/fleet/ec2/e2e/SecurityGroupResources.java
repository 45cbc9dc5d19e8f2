package dev.fleet.ec2.e2e;

import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupRule;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/** Making and watching SecurityGroup resources in one test namespace. */
public final class SecurityGroupResources {
  private final MixedOperation<SecurityGroup, KubernetesResourceList<SecurityGroup>, Resource<SecurityGroup>> api;
  private final String namespace;

  public SecurityGroupResources(E2eEnvironment env, TestNamespace ns) {
    this.api = env.client().resources(SecurityGroup.class);
    this.namespace = ns.name();
  }

  public static SecurityGroup group(String name, List<SecurityGroupRule> ingress) {
    var g = new SecurityGroup();
    g.setMetadata(new ObjectMetaBuilder().withName(name).build());
    g.setSpec(new SecurityGroupSpec());
    g.getSpec().setDescription(name + " group");
    g.getSpec().setIngress(ingress);
    return g;
  }

  public static SecurityGroupRule rule(String protocol, Integer from, Integer to, String cidr, String description) {
    var r = new SecurityGroupRule();
    r.setProtocol(protocol);
    r.setFromPort(from);
    r.setToPort(to);
    if (cidr != null) {
      r.setCidrIpv4(List.of(cidr));
    }
    r.setDescription(description);
    return r;
  }

  public static SecurityGroupRule fromGroup(String protocol, int port, String groupName) {
    var r = rule(protocol, port, port, null, null);
    r.setSourceSecurityGroupRefs(List.of(new LocalRef(groupName)));
    return r;
  }

  public SecurityGroup create(SecurityGroup g) {
    return api.inNamespace(namespace).resource(g).create();
  }

  public SecurityGroup get(String name) {
    return api.inNamespace(namespace).withName(name).get();
  }

  public Resource<SecurityGroup> named(String name) {
    return api.inNamespace(namespace).withName(name);
  }

  public SecurityGroup edit(String name, UnaryOperator<SecurityGroup> change) {
    return ConflictFreeEdit.edit(named(name), change);
  }

  public SecurityGroup await(String name, String what, Predicate<SecurityGroup> check) {
    Awaitility.await(name + ": " + what).atMost(Ec2InstanceResources.PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          SecurityGroup g = get(name);
          return g != null && check.test(g);
        });
    return get(name);
  }

  /** Ready and Synced for the current generation. */
  public SecurityGroup awaitSynced(String name) {
    return await(name, "Ready and Synced for its generation", g -> g.getStatus() != null
        && g.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())
            || "Synced".equals(c.getType()))
        .filter(c -> "True".equals(c.getStatus()) && g.getMetadata().getGeneration().equals(c.getObservedGeneration()))
        .count() == 2);
  }

  public static Predicate<SecurityGroup> hasCondition(String type, String status, String reason) {
    return g -> g.getStatus() != null && g.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType())
        && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }
}

package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupRule;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.SgRule.SourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What EC2 should hold for one SecurityGroup: the spec with defaults, one canonical rule per source,
 * group references resolved to ids, ownership tags added. Pure.
 *
 * @param egress null when the spec leaves egress to EC2 (its default allow-all rule)
 */
public record SecurityGroupDesired(
    String groupName,
    String description,
    String vpcId,
    List<SgRule> ingress,
    List<SgRule> egress,
    Map<String, String> userTags,
    OwnershipTags ownership,
    DeletionPolicy deletionPolicy) {

  /** A referenced SecurityGroup without a group id yet: the rules cannot be built. */
  public static final class UnresolvedReference extends RuntimeException {
    public UnresolvedReference(String name) {
      super("SecurityGroup " + name + " has no group id yet");
    }
  }

  /**
   * @param vpcId the spec's VPC or, when it names none, the default VPC
   * @param groupIdOf the group id of a SecurityGroup in the same namespace, by name (this resource's
   *     own id for a self-reference), empty while it has none
   */
  public static SecurityGroupDesired from(SecurityGroup resource, String cluster, String vpcId,
      Function<String, Optional<String>> groupIdOf) {
    SecurityGroupSpec spec = resource.getSpec();
    var meta = resource.getMetadata();
    Map<String, String> userTags = new LinkedHashMap<>();
    if (spec.getTags() != null) {
      userTags.putAll(ReservedTagKeys.withoutReserved(spec.getTags())); // never forge or drop ownership
    }
    return new SecurityGroupDesired(
        spec.getGroupName() == null ? meta.getName() : spec.getGroupName(),
        spec.getDescription(),
        vpcId,
        rules(spec.getIngress(), groupIdOf),
        spec.getEgress() == null ? null : rules(spec.getEgress(), groupIdOf),
        Map.copyOf(userTags),
        OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()),
        spec.getDeletionPolicy() == null ? DeletionPolicy.Delete : spec.getDeletionPolicy());
  }

  public Map<String, String> allTags() {
    Map<String, String> all = new LinkedHashMap<>(userTags);
    all.putAll(ownership.asMap());
    return all;
  }

  /** One canonical rule per source, duplicates dropped (first description wins). */
  static List<SgRule> rules(List<SecurityGroupRule> specRules, Function<String, Optional<String>> groupIdOf) {
    Map<SgRule, SgRule> byKey = new LinkedHashMap<>();
    if (specRules == null) {
      return List.of();
    }
    for (SecurityGroupRule r : specRules) {
      List<SgRule> expanded = new ArrayList<>();
      for (String c : nonNull(r.getCidrIpv4())) {
        expanded.add(rule(r, SourceKind.CIDR_IPV4, c));
      }
      for (String c : nonNull(r.getCidrIpv6())) {
        expanded.add(rule(r, SourceKind.CIDR_IPV6, c));
      }
      for (String g : nonNull(r.getSourceSecurityGroupIds())) {
        expanded.add(rule(r, SourceKind.GROUP, g));
      }
      for (LocalRef ref : nonNull(r.getSourceSecurityGroupRefs())) {
        String id = groupIdOf.apply(ref.getName()).orElseThrow(() -> new UnresolvedReference(ref.getName()));
        expanded.add(rule(r, SourceKind.GROUP, id));
      }
      for (String p : nonNull(r.getPrefixListIds())) {
        expanded.add(rule(r, SourceKind.PREFIX_LIST, p));
      }
      for (SgRule e : expanded) {
        byKey.putIfAbsent(e.withoutDescription(), e);
      }
    }
    return List.copyOf(new LinkedHashSet<>(byKey.values()));
  }

  private static SgRule rule(SecurityGroupRule r, SourceKind kind, String source) {
    return RuleCanon.canonical(new SgRule(r.getProtocol(), r.getFromPort(), r.getToPort(), kind, source,
        r.getDescription()));
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}

package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.SgRule.SourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Between EC2's grouped IpPermissions and our one-source-per-rule records. */
final class SecurityGroupMapping {

  private SecurityGroupMapping() {}

  static ObservedSecurityGroup observed(SecurityGroup g) {
    return new ObservedSecurityGroup(g.groupId(), g.groupName(), g.description(), g.vpcId(),
        rules(g.ipPermissions()), rules(g.ipPermissionsEgress()),
        g.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> b)));
  }

  /** Flattens permissions: one rule per source. Ports are taken as EC2 reports them (-1 or absent). */
  static List<SgRule> rules(List<IpPermission> permissions) {
    List<SgRule> rules = new ArrayList<>();
    for (IpPermission p : permissions) {
      for (IpRange r : p.ipRanges()) {
        rules.add(new SgRule(p.ipProtocol(), p.fromPort(), p.toPort(), SourceKind.CIDR_IPV4, r.cidrIp(), r.description()));
      }
      for (Ipv6Range r : p.ipv6Ranges()) {
        rules.add(new SgRule(p.ipProtocol(), p.fromPort(), p.toPort(), SourceKind.CIDR_IPV6, r.cidrIpv6(),
            r.description()));
      }
      for (UserIdGroupPair r : p.userIdGroupPairs()) {
        rules.add(new SgRule(p.ipProtocol(), p.fromPort(), p.toPort(), SourceKind.GROUP, r.groupId(), r.description()));
      }
      for (PrefixListId r : p.prefixListIds()) {
        rules.add(new SgRule(p.ipProtocol(), p.fromPort(), p.toPort(), SourceKind.PREFIX_LIST, r.prefixListId(),
            r.description()));
      }
    }
    return rules;
  }

  /** One permission per rule: simple, and exactly what was asked for. */
  static List<IpPermission> permissions(Collection<SgRule> rules) {
    return rules.stream().map(SecurityGroupMapping::permission).toList();
  }

  private static IpPermission permission(SgRule r) {
    // EC2 reports tcp, udp, icmp and icmpv6 by name however they were written: send them that way
    String protocol = switch (r.protocol()) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      case "58" -> "icmpv6";
      default -> r.protocol();
    };
    IpPermission.Builder b = IpPermission.builder().ipProtocol(protocol).fromPort(r.fromPort()).toPort(r.toPort());
    switch (r.kind()) {
      case CIDR_IPV4 -> b.ipRanges(IpRange.builder().cidrIp(r.source()).description(r.description()).build());
      case CIDR_IPV6 -> b.ipv6Ranges(Ipv6Range.builder().cidrIpv6(r.source()).description(r.description()).build());
      case GROUP -> b.userIdGroupPairs(UserIdGroupPair.builder().groupId(r.source()).description(r.description()).build());
      case PREFIX_LIST -> b.prefixListIds(PrefixListId.builder().prefixListId(r.source())
          .description(r.description()).build());
      default -> throw new IllegalArgumentException("source kind " + r.kind());
    }
    return b.build();
  }
}

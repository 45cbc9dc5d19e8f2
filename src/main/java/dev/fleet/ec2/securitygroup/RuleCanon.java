package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.cloud.SgRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * One canonical form for rules from the spec and rules EC2 reports, so that equal rules compare
 * equal: protocol numbers ("tcp" = "6", "all" = "-1"), ports only where they mean something, ICMP
 * "all" as -1, CIDRs without host bits, and no description as "". Pure.
 */
public final class RuleCanon {
  private static final Map<String, String> PROTOCOLS =
      Map.of("tcp", "6", "udp", "17", "icmp", "1", "icmpv6", "58", "all", "-1");

  private RuleCanon() {}

  public static SgRule canonical(SgRule r) {
    String protocol = protocol(r.protocol());
    Integer from = null;
    Integer to = null;
    if ("6".equals(protocol) || "17".equals(protocol)) {
      from = r.fromPort();
      to = r.toPort();
    } else if ("1".equals(protocol) || "58".equals(protocol)) {
      from = r.fromPort() == null ? -1 : r.fromPort(); // ICMP type
      to = r.toPort() == null ? -1 : r.toPort(); // ICMP code
    }
    String source = switch (r.kind()) {
      case CIDR_IPV4, CIDR_IPV6 -> cidr(r.source());
      default -> r.source();
    };
    return new SgRule(protocol, from, to, r.kind(), source, r.description() == null ? "" : r.description());
  }

  /** A rule as a person reads it: "tcp 22 from 10.0.0.0/8", "all from sg-0abc". */
  public static String describe(SgRule rule) {
    SgRule r = canonical(rule);
    String name = PROTOCOLS.entrySet().stream().filter(e -> e.getValue().equals(r.protocol())).map(Map.Entry::getKey)
        .findFirst().orElse("protocol " + r.protocol());
    String ports = r.fromPort() == null ? "" : r.fromPort().equals(r.toPort()) ? " " + r.fromPort()
        : " " + r.fromPort() + "-" + r.toPort();
    return name + ports + " from " + r.source();
  }

  static String protocol(String p) {
    String lower = p.trim().toLowerCase(Locale.ROOT);
    String named = PROTOCOLS.get(lower);
    if (named != null) {
      return named;
    }
    int number = Integer.parseInt(lower);
    return number < 0 ? "-1" : Integer.toString(number);
  }

  /** The network address of a CIDR, host bits cleared, in Java's canonical text for the address. */
  static String cidr(String cidr) {
    int slash = cidr.indexOf('/');
    try {
      byte[] address = InetAddress.getByName(cidr.substring(0, slash).trim()).getAddress();
      int prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
      for (int bit = prefix; bit < address.length * 8; bit++) {
        address[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
      }
      return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException | RuntimeException e) {
      return cidr; // not a CIDR: leave it for EC2 to refuse
    }
  }
}

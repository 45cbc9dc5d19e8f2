package dev.fleet.ec2.securitygroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.SgRule.SourceKind;
import org.junit.jupiter.api.Test;

class RuleCanonTest {

  private static SgRule rule(String protocol, Integer from, Integer to, SourceKind kind, String source) {
    return new SgRule(protocol, from, to, kind, source, null);
  }

  @Test
  void protocolNamesAndNumbersAreTheSame() {
    assertThat(RuleCanon.canonical(rule("tcp", 22, 22, SourceKind.CIDR_IPV4, "10.0.0.0/8")))
        .isEqualTo(RuleCanon.canonical(rule("6", 22, 22, SourceKind.CIDR_IPV4, "10.0.0.0/8")));
    assertThat(RuleCanon.protocol("all")).isEqualTo("-1");
    assertThat(RuleCanon.protocol("-1")).isEqualTo("-1");
    assertThat(RuleCanon.protocol("UDP")).isEqualTo("17");
    assertThat(RuleCanon.protocol("050")).isEqualTo("50");
  }

  @Test
  void portsOnlyWhereTheyMeanSomething() {
    var all = RuleCanon.canonical(rule("all", 0, 65535, SourceKind.CIDR_IPV4, "0.0.0.0/0"));
    assertThat(all.fromPort()).isNull();
    assertThat(all.toPort()).isNull();
    assertThat(all).isEqualTo(RuleCanon.canonical(rule("-1", -1, -1, SourceKind.CIDR_IPV4, "0.0.0.0/0")));
    var icmpAll = RuleCanon.canonical(rule("icmp", null, null, SourceKind.CIDR_IPV4, "0.0.0.0/0"));
    assertThat(icmpAll).isEqualTo(RuleCanon.canonical(rule("1", -1, -1, SourceKind.CIDR_IPV4, "0.0.0.0/0")));
    var echo = RuleCanon.canonical(rule("icmp", 8, 0, SourceKind.CIDR_IPV4, "0.0.0.0/0"));
    assertThat(echo.fromPort()).isEqualTo(8);
    assertThat(echo.toPort()).isEqualTo(0);
    assertThat(RuleCanon.canonical(rule("50", 1, 2, SourceKind.CIDR_IPV4, "10.0.0.0/8")).fromPort()).isNull();
  }

  @Test
  void cidrHostBitsAndIpv6SpellingsDoNotMatter() {
    assertThat(RuleCanon.cidr("203.0.113.77/24")).isEqualTo("203.0.113.0/24");
    assertThat(RuleCanon.cidr("198.51.100.9/32")).isEqualTo("198.51.100.9/32");
    assertThat(RuleCanon.cidr("2001:DB8::1/64")).isEqualTo(RuleCanon.cidr("2001:0db8:0000::/64"));
    assertThat(RuleCanon.cidr("10.1.2.3/0")).isEqualTo("0.0.0.0/0");
  }

  @Test
  void missingDescriptionIsEmpty() {
    assertThat(RuleCanon.canonical(rule("tcp", 22, 22, SourceKind.GROUP, "sg-1")).description()).isEmpty();
  }
}

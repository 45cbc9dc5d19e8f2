package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One security group rule: a protocol, a port range and the sources (or destinations) it allows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.cidrIpv4) && size(self.cidrIpv4) > 0) || (has(self.cidrIpv6) && size(self.cidrIpv6) > 0)"
    + " || (has(self.sourceSecurityGroupRefs) && size(self.sourceSecurityGroupRefs) > 0)"
    + " || (has(self.sourceSecurityGroupIds) && size(self.sourceSecurityGroupIds) > 0)"
    + " || (has(self.prefixListIds) && size(self.prefixListIds) > 0)",
    message = "a rule needs at least one source: cidrIpv4, cidrIpv6, sourceSecurityGroupRefs, sourceSecurityGroupIds"
        + " or prefixListIds")
@ValidationRule(value = "!(self.protocol in ['tcp', 'udp', '6', '17']) || (has(self.fromPort) && has(self.toPort)"
    + " && self.fromPort >= 0 && self.fromPort <= self.toPort)",
    message = "tcp and udp rules need fromPort and toPort, 0-65535, with fromPort <= toPort")
public class SecurityGroupRule {

  @Required
  @Pattern("^(tcp|udp|icmp|icmpv6|all|-1|[0-9]{1,3})$")
  @JsonPropertyDescription("tcp, udp, icmp, icmpv6, all (or -1), or an IP protocol number.")
  private String protocol;

  @Min(-1)
  @Max(65535)
  @JsonPropertyDescription("First port (tcp, udp), or the ICMP type (-1: all). Ignored for all.")
  private Integer fromPort;

  @Min(-1)
  @Max(65535)
  @JsonPropertyDescription("Last port (tcp, udp), or the ICMP code (-1: all). Ignored for all.")
  private Integer toPort;

  @Size(max = 60)
  @ValidationRule(value = "self.all(c, isCIDR(c) && cidr(c).ip().family() == 4)",
      message = "cidrIpv4 entries must be IPv4 CIDRs like 203.0.113.7/32")
  @JsonPropertyDescription("IPv4 ranges, for example 203.0.113.7/32.")
  private List<@Size(max = 18) @Pattern("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$") String> cidrIpv4;

  @Size(max = 60)
  @ValidationRule(value = "self.all(c, isCIDR(c) && cidr(c).ip().family() == 6)",
      message = "cidrIpv6 entries must be IPv6 CIDRs like 2001:db8::/64")
  @JsonPropertyDescription("IPv6 ranges, for example 2001:db8::/64.")
  private List<@Size(max = 43) @Pattern("^[0-9a-fA-F:.]+/[0-9]{1,3}$") String> cidrIpv6;

  @Size(max = 20)
  @JsonPropertyDescription("SecurityGroup resources in the same namespace whose members are allowed.")
  private List<LocalRef> sourceSecurityGroupRefs;

  @Size(max = 20)
  @JsonPropertyDescription("Security group ids (sg-...) whose members are allowed.")
  private List<@Pattern("^sg-[0-9a-f]{8,17}$") String> sourceSecurityGroupIds;

  @Size(max = 20)
  @JsonPropertyDescription("Managed prefix list ids (pl-...).")
  private List<@Pattern("^pl-[0-9a-f]{8,17}$") String> prefixListIds;

  @Size(max = 255)
  @JsonPropertyDescription("A note on the rule, shown in the console.")
  private String description;

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public Integer getFromPort() {
    return fromPort;
  }

  public void setFromPort(Integer fromPort) {
    this.fromPort = fromPort;
  }

  public Integer getToPort() {
    return toPort;
  }

  public void setToPort(Integer toPort) {
    this.toPort = toPort;
  }

  public List<String> getCidrIpv4() {
    return cidrIpv4;
  }

  public void setCidrIpv4(List<String> cidrIpv4) {
    this.cidrIpv4 = cidrIpv4;
  }

  public List<String> getCidrIpv6() {
    return cidrIpv6;
  }

  public void setCidrIpv6(List<String> cidrIpv6) {
    this.cidrIpv6 = cidrIpv6;
  }

  public List<LocalRef> getSourceSecurityGroupRefs() {
    return sourceSecurityGroupRefs;
  }

  public void setSourceSecurityGroupRefs(List<LocalRef> sourceSecurityGroupRefs) {
    this.sourceSecurityGroupRefs = sourceSecurityGroupRefs;
  }

  public List<String> getSourceSecurityGroupIds() {
    return sourceSecurityGroupIds;
  }

  public void setSourceSecurityGroupIds(List<String> sourceSecurityGroupIds) {
    this.sourceSecurityGroupIds = sourceSecurityGroupIds;
  }

  public List<String> getPrefixListIds() {
    return prefixListIds;
  }

  public void setPrefixListIds(List<String> prefixListIds) {
    this.prefixListIds = prefixListIds;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }
}

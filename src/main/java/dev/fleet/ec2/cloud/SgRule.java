package dev.fleet.ec2.cloud;

/**
 * One security group rule with exactly one source (or destination), the unit EC2's rule ids also
 * use. {@code protocol} is EC2's number as text ("-1" all, "6" tcp, ...); ports are null where they
 * do not apply.
 */
public record SgRule(String protocol, Integer fromPort, Integer toPort, SourceKind kind, String source,
    String description) {

  /** What the source is. */
  public enum SourceKind { CIDR_IPV4, CIDR_IPV6, GROUP, PREFIX_LIST }

  /** The rule without its description: what identifies it in EC2. */
  public SgRule withoutDescription() {
    return new SgRule(protocol, fromPort, toPort, kind, source, null);
  }

  public SgRule withDescription(String text) {
    return new SgRule(protocol, fromPort, toPort, kind, source, text);
  }
}

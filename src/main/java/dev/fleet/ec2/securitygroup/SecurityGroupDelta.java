package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.tags.TagDelta;
import dev.fleet.ec2.cloud.SgRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly the rule and tag changes that make one group match its spec, after canonicalising both
 * sides. A rule that stays wanted is never revoked; a changed description is updated in place. Pure.
 */
public record SecurityGroupDelta(RuleChanges ingress, RuleChanges egress, TagDelta tags) {

  /** Changes for one direction: authorize first, then revoke; descriptions are updated in place. */
  public record RuleChanges(List<SgRule> authorize, List<SgRule> revoke, List<SgRule> describe) {
    static final RuleChanges NONE = new RuleChanges(List.of(), List.of(), List.of());

    public boolean isEmpty() {
      return authorize.isEmpty() && revoke.isEmpty() && describe.isEmpty();
    }
  }

  public static SecurityGroupDelta between(SecurityGroupDesired desired, ObservedSecurityGroup observed,
      Collection<String> managedTagKeys) {
    RuleChanges ingress = rules(desired.ingress(), observed.ingress());
    RuleChanges egress = desired.egress() == null ? RuleChanges.NONE : rules(desired.egress(), observed.egress());
    return new SecurityGroupDelta(ingress, egress, TagDelta.between(desired.allTags(), desired.userTags().keySet(),
        observed.tags(), managedTagKeys));
  }

  /**
   * Revokes and description updates name the rule exactly as EC2 reported it (EC2 matches them
   * literally); authorizations use the canonical form of the spec.
   */
  static RuleChanges rules(List<SgRule> desired, List<SgRule> observed) {
    Map<SgRule, SgRule> want = byKey(desired);
    Map<SgRule, SgRule> have = byKey(observed);
    List<SgRule> authorize = new ArrayList<>();
    List<SgRule> describe = new ArrayList<>();
    want.forEach((key, rule) -> {
      SgRule current = have.get(key);
      if (current == null) {
        authorize.add(rule);
      } else if (!RuleCanon.canonical(current).description().equals(rule.description())) {
        describe.add(current.withDescription(rule.description()));
      }
    });
    List<SgRule> revoke = have.entrySet().stream().filter(e -> !want.containsKey(e.getKey()))
        .map(Map.Entry::getValue).toList();
    return new RuleChanges(List.copyOf(authorize), revoke, List.copyOf(describe));
  }

  /** Canonical key (no description) to the rule as given. */
  private static Map<SgRule, SgRule> byKey(List<SgRule> rules) {
    Map<SgRule, SgRule> m = new LinkedHashMap<>();
    for (SgRule r : rules) {
      m.putIfAbsent(RuleCanon.canonical(r).withoutDescription(), r);
    }
    return m;
  }

  public boolean isEmpty() {
    return ingress.isEmpty() && egress.isEmpty() && tags.isEmpty();
  }

  /**
   * What differs between the spec and a group the operator only observes: rules the spec has and EC2 lacks,
   * rules EC2 has beyond the spec (egress only when the spec declares egress), descriptions, and the tags
   * the spec declares. Empty when it matches.
   */
  public static List<String> differences(SecurityGroupDesired desired, ObservedSecurityGroup observed) {
    List<String> found = new ArrayList<>();
    differences(found, "ingress", rules(desired.ingress(), observed.ingress()));
    if (desired.egress() != null) {
      differences(found, "egress", rules(desired.egress(), observed.egress()));
    }
    found.addAll(TagDelta.differences(desired.userTags(), observed.tags()));
    return found;
  }

  private static void differences(List<String> found, String direction, RuleChanges changes) {
    changes.authorize().forEach(r -> found.add(direction + " " + RuleCanon.describe(r) + " missing"));
    changes.revoke().forEach(r -> found.add(direction + " " + RuleCanon.describe(r) + " not in the spec"));
    changes.describe().forEach(r -> found.add(direction + " " + RuleCanon.describe(r) + " described otherwise"));
  }
}

package dev.fleet.ec2.sweep;

import java.util.Locale;

/**
 * What the orphan sweep does with an EC2 resource whose owning Kubernetes resource is gone: only report
 * it (the default), or remove it once it has been orphaned for the grace period (an administrator's opt-in).
 */
public enum OrphanPolicy {
  REPORT,
  DELETE;

  /** "report" or "delete", any case; throws IllegalArgumentException otherwise. */
  public static OrphanPolicy parse(String value) {
    for (OrphanPolicy p : values()) {
      if (p.text().equalsIgnoreCase(value.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(value);
  }

  /** As written in the setting: "report" or "delete". */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}

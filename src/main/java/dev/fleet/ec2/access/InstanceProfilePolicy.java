package dev.fleet.ec2.access;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM instance profiles a resource may launch with, as the operator's administrator lists them.
 * An instance profile hands its role to whatever runs on the instance, so a free choice would let any
 * namespace user act as any role in the account; an empty list allows none.
 *
 * @param names allowed profiles, by name (an ARN in the setting is reduced to its name)
 */
public record InstanceProfilePolicy(Set<String> names) {
  public static final String SETTING = "--allowed-instance-profiles or ALLOWED_INSTANCE_PROFILES";
  public static final String REFUSED = "InstanceProfileNotAllowed";

  public InstanceProfilePolicy {
    names = Set.copyOf(names);
  }

  public static InstanceProfilePolicy none() {
    return new InstanceProfilePolicy(Set.of());
  }

  /** "web,arn:aws:iam::123456789012:instance-profile/batch" or "" (none). */
  public static InstanceProfilePolicy parse(String value) {
    Set<String> names = new TreeSet<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        names.add(nameOf(part.trim()));
      }
    }
    return new InstanceProfilePolicy(names);
  }

  /**
   * The profile's name: EC2 takes a name or an ARN ({@code arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME}),
   * and names are unique in an account whatever their path.
   */
  static String nameOf(String nameOrArn) {
    if (!nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    int slash = nameOrArn.lastIndexOf('/');
    return slash < 0 || !nameOrArn.contains(":instance-profile/") ? nameOrArn : nameOrArn.substring(slash + 1);
  }

  public boolean allows(String nameOrArn) {
    return nameOrArn == null || names.contains(nameOf(nameOrArn.trim()));
  }

  /** Throws Terminal {@value #REFUSED} for a profile not listed; nothing is launched. */
  public void check(String nameOrArn, String field) {
    if (!allows(nameOrArn)) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Configuration", REFUSED, field + " '" + nameOrArn
          + "' is not among the instance profiles this operator may pass to instances ("
          + (names.isEmpty() ? "none are allowed" : String.join(", ", new TreeSet<>(names)))
          + "); an administrator of the operator allows it with " + SETTING
          + " (chart value instanceProfiles.allowed) and iam:PassRole on its role", null);
    }
  }

  public String describe() {
    return names.isEmpty() ? "none" : String.join(",", new TreeSet<>(names));
  }
}

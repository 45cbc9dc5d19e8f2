package dev.fleet.ec2.access;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which namespaces may take over existing EC2 resources (the adopt annotations). Decided by the
 * operator's administrator, never by a namespace user: off unless listed, because adopting lets a
 * namespace change and, on delete, destroy an instance or group that nobody gave it.
 *
 * @param namespaces the namespaces allowed; {@code *} in the setting allows every namespace
 */
public record AdoptionPolicy(Set<String> namespaces, boolean everyNamespace) {
  public static final String SETTING = "--adoption-namespaces or ADOPTION_NAMESPACES";
  public static final String REFUSED = "AdoptionNotAllowed";

  public AdoptionPolicy {
    namespaces = Set.copyOf(namespaces);
  }

  public static AdoptionPolicy none() {
    return new AdoptionPolicy(Set.of(), false);
  }

  /** "team-a,team-b", "*" or "" (nobody). */
  public static AdoptionPolicy parse(String value, java.util.function.Predicate<String> validNamespace) {
    Set<String> names = new TreeSet<>();
    boolean every = false;
    for (String part : value.split(",")) {
      String n = part.trim();
      if (n.equals("*")) {
        every = true;
      } else if (!n.isEmpty()) {
        if (!validNamespace.test(n)) {
          throw new IllegalArgumentException("invalid namespace '" + n + "' in " + SETTING
              + ": expected comma-separated namespace names, * for every namespace, or nothing for none");
        }
        names.add(n);
      }
    }
    return new AdoptionPolicy(names, every);
  }

  public boolean allows(String namespace) {
    return everyNamespace || namespaces.contains(namespace);
  }

  /**
   * Throws Terminal {@value #REFUSED} unless {@code namespace} may adopt; called before EC2 hears of the
   * adoption, so a refused one touches nothing.
   */
  public void check(String namespace, String annotation, String ec2Id) {
    if (!allows(namespace)) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Adopt", REFUSED, "namespace " + namespace
          + " may not adopt existing EC2 resources (" + annotation + ": " + ec2Id + "); an administrator of the"
          + " operator allows it by adding the namespace to " + SETTING + " (chart value adoption.namespaces)",
          null);
    }
  }

  /** For the start-up log. */
  public String describe() {
    return everyNamespace ? "*" : namespaces.isEmpty() ? "off" : String.join(",", new TreeSet<>(namespaces));
  }
}

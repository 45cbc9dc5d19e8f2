package dev.fleet.ec2.refs;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.status.Conditions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a reference to a KeyPair resource into the key name EC2 launches with, from its status: usable only once
 * it is Ready, and only in its own region and account (a key pair exists in one of each).
 */
public final class KeyPairRefs {
  public static final String WAITING_REASON = "WaitingForKeyPair";

  /** Either the key name (null: none asked for), or why not yet. */
  public record Resolution(String keyName, String waitingFor) {
    public boolean isComplete() {
      return waitingFor == null;
    }
  }

  private KeyPairRefs() {}

  /**
   * @param keyName the spec's own keyName, which wins (the schema allows only one of the two)
   * @param lookup finds a KeyPair by name in the referencing resource's namespace
   * @param region where the referencing resource launches
   * @param account the AwsAccount it acts in ("" or null for the operator's own)
   */
  public static Resolution resolve(String keyName, LocalRef ref, Function<String, Optional<KeyPair>> lookup,
      String region, String homeRegion, String account) {
    if (keyName != null || ref == null) {
      return new Resolution(keyName, null);
    }
    Optional<KeyPair> found = lookup.apply(ref.getName());
    if (found.isEmpty()) {
      return new Resolution(null, "KeyPair " + ref.getName() + " does not exist yet");
    }
    KeyPair kp = found.get();
    String kpRegion = kp.getSpec().getRegion() != null ? kp.getSpec().getRegion() : homeRegion;
    if (!kpRegion.equals(region)) {
      return new Resolution(null, "KeyPair " + ref.getName() + " is in region " + kpRegion + ", not " + region
          + ": reference a key pair in the same region");
    }
    var status = kp.getStatus();
    boolean ready = status != null && status.getKeyName() != null && status.getConditions() != null
        && status.getConditions().stream().anyMatch(c -> Conditions.READY.equals(c.getType())
            && "True".equals(c.getStatus()));
    if (!ready) {
      return new Resolution(null, "KeyPair " + ref.getName() + " is not Ready yet");
    }
    if (!Objects.equals(blank(status.getAccount()), blank(account))) {
      return new Resolution(null, "KeyPair " + ref.getName() + " is in account " + (status.getAccount() == null
          ? "(the operator's own)" : status.getAccount()) + ": reference a key pair in the same account");
    }
    return new Resolution(status.getKeyName(), null);
  }

  /** True when {@code ref} names {@code name}. */
  public static boolean references(LocalRef ref, String name) {
    return ref != null && name.equals(ref.getName());
  }

  private static String blank(String account) {
    return account == null ? "" : account;
  }
}

package dev.fleet.ec2.refs;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a reference to an Ec2Instance into the EC2 instance an address goes to, from its status: only in its own
 * region and account (an address is associated within one of each), once it has an instance id.
 */
public final class InstanceRefs {
  public static final String WAITING_REASON = "WaitingForInstance";

  /**
   * Where the reference points.
   *
   * @param instanceId null when no instance is asked for, or none is known yet ({@code waitingFor} says why)
   * @param running whether the instance runs, as its status last said
   */
  public record Target(String instanceId, boolean running, String waitingFor) {
    public static final Target NONE = new Target(null, false, null);

    public boolean none() {
      return instanceId == null && waitingFor == null;
    }
  }

  private InstanceRefs() {}

  /**
   * @param lookup finds an Ec2Instance by name in the referencing resource's namespace
   * @param region where the referencing resource acts
   * @param account the AwsAccount it acts in ("" or null for the operator's own)
   */
  public static Target resolve(LocalRef ref, Function<String, Optional<Ec2Instance>> lookup, String region,
      String homeRegion, String account) {
    if (ref == null) {
      return Target.NONE;
    }
    Optional<Ec2Instance> found = lookup.apply(ref.getName());
    if (found.isEmpty()) {
      return waiting("Ec2Instance " + ref.getName() + " does not exist yet");
    }
    Ec2Instance instance = found.get();
    String instanceRegion = instance.getSpec().getRegion() != null ? instance.getSpec().getRegion() : homeRegion;
    if (!instanceRegion.equals(region)) {
      return waiting("Ec2Instance " + ref.getName() + " is in region " + instanceRegion + ", not " + region
          + ": reference an instance in the same region");
    }
    var status = instance.getStatus();
    if (status == null || status.getInstanceId() == null) {
      return waiting("Ec2Instance " + ref.getName() + " has no instance yet");
    }
    if (!Objects.equals(blank(status.getAccount()), blank(account))) {
      return waiting("Ec2Instance " + ref.getName() + " is in account " + (status.getAccount() == null
          ? "(the operator's own)" : status.getAccount()) + ": reference an instance in the same account");
    }
    return new Target(status.getInstanceId(), ObservedInstance.RUNNING.equals(status.getState()), null);
  }

  /** True when {@code ref} names {@code name}. */
  public static boolean references(LocalRef ref, String name) {
    return ref != null && name.equals(ref.getName());
  }

  private static Target waiting(String why) {
    return new Target(null, false, why);
  }

  private static String blank(String account) {
    return account == null ? "" : account;
  }
}

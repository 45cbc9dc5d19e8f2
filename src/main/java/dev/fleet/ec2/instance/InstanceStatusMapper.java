package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.status.Conditions;
import java.time.Instant;

/** Builds the whole Ec2Instance status, the one place it is built. Pure. */
public final class InstanceStatusMapper {

  private InstanceStatusMapper() {}

  /**
   * @param book the operator's bookkeeping (instance id, client token, managed tag keys, last reboot)
   *     and the previous conditions
   * @param observed the instance as EC2 last reported it, or null when there is none
   */
  public static Ec2InstanceStatus map(Ec2InstanceStatus book, long generation, ObservedInstance observed,
      PowerState desiredPower, InstanceOutcome outcome, Instant now) {
    Ec2InstanceStatus s = new Ec2InstanceStatus();
    s.setInstanceId(book.getInstanceId());
    s.setClientToken(book.getClientToken());
    s.setManagedTagKeys(book.getManagedTagKeys());
    s.setLastRebootRequest(book.getLastRebootRequest());
    s.setObservedGeneration(generation);
    if (observed != null) {
      s.setInstanceId(observed.instanceId());
      s.setState(observed.state());
      s.setInstanceType(observed.instanceType());
      s.setPrivateIpAddress(observed.privateIpAddress());
      s.setPublicIpAddress(observed.publicIpAddress());
      s.setPublicDnsName(observed.publicDnsName());
      s.setAvailabilityZone(observed.availabilityZone());
      s.setLaunchTime(observed.launchTime() == null ? null : observed.launchTime().toString());
      s.setLifecycle(observed.lifecycle());
    }

    boolean inSync = outcome.kind() == InstanceOutcome.Kind.IN_SYNC;
    boolean atDesiredPower = observed != null && desiredPower.name().equals(observed.state());
    var conditions = Conditions.set(book.getConditions(), Conditions.SYNCED, inSync, outcome.reason(),
        outcome.message(), generation, now);
    if (inSync && atDesiredPower) {
      conditions = Conditions.set(conditions, Conditions.READY, true, capitalized(observed.state()),
          "instance " + observed.instanceId() + " is " + observed.state(), generation, now);
    } else {
      conditions = Conditions.set(conditions, Conditions.READY, false, outcome.reason(), outcome.message(),
          generation, now);
    }
    boolean terminal = outcome.kind() == InstanceOutcome.Kind.TERMINAL;
    conditions = Conditions.set(conditions, Conditions.TERMINAL, terminal, terminal ? outcome.reason() : "NoError",
        terminal ? outcome.message() : "", generation, now);
    s.setConditions(conditions);
    return s;
  }

  /** True when the status says EC2 refused this very generation of the spec. */
  public static boolean isTerminalFor(Ec2InstanceStatus status, long generation) {
    return status.getConditions() != null && status.getConditions().stream().anyMatch(c ->
        Conditions.TERMINAL.equals(c.getType()) && "True".equals(c.getStatus())
            && c.getObservedGeneration() != null && c.getObservedGeneration() == generation);
  }

  private static String capitalized(String state) {
    return Character.toUpperCase(state.charAt(0)) + state.substring(1);
  }
}

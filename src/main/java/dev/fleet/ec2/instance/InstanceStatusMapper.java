package dev.fleet.ec2.instance;

import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.HourlyCost;
import dev.fleet.ec2.status.Conditions;
import java.time.Instant;

/** Builds the whole Ec2Instance status, the one place it is built. Pure. */
public final class InstanceStatusMapper {

  private InstanceStatusMapper() {}

  /**
   * @param book the operator's bookkeeping (instance id, client token, managed tag keys, last reboot)
   *     and the previous conditions
   * @param observed the instance as EC2 last reported it, or null when there is none
   * @param cost what the instance costs an hour, or null to keep the last estimate (not seen this pass)
   */
  public static Ec2InstanceStatus map(Ec2InstanceStatus book, long generation, ObservedInstance observed,
      PowerState desiredPower, SyncOutcome outcome, HourlyCost.Estimate cost, Instant now) {
    Ec2InstanceStatus s = new Ec2InstanceStatus();
    s.setInstanceId(book.getInstanceId());
    s.copyLifecycleFrom(book);
    s.setClientToken(book.getClientToken());
    s.setResolvedImageId(book.getResolvedImageId());
    s.setManagedTagKeys(book.getManagedTagKeys());
    s.setLastRebootRequest(book.getLastRebootRequest());
    s.setSchedule(book.getSchedule());
    s.setElasticIp(book.getElasticIp());
    s.setObservedGeneration(generation);
    s.setEstimatedHourlyCost(cost == null ? book.getEstimatedHourlyCost() : cost.text());
    s.setCostBasis(cost == null ? book.getCostBasis() : cost.basis());
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

    boolean atDesiredPower = observed != null && desiredPower.name().equals(observed.state());
    var conditions = Conditions.report(book.getConditions(), outcome,
        atDesiredPower ? capitalized(observed.state()) : null,
        atDesiredPower ? "instance " + observed.instanceId() + " is " + observed.state() : null, generation, now);
    s.setConditions(conditions);
    return s;
  }

  private static String capitalized(String state) {
    return Character.toUpperCase(state.charAt(0)) + state.substring(1);
  }
}

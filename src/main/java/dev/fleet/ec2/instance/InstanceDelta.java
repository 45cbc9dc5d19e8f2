package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.tags.TagDelta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every difference between what is desired and what EC2 reports for one existing instance, each
 * change in the form its EC2 call takes. Pure. Launch-time fields (AMI, subnet, key, user data,
 * volumes, market) are immutable in the schema and so never appear here.
 *
 * @param tags tag changes
 * @param securityGroups the full set to put the instance in, or null when unchanged
 * @param instanceType the type to modify to now (the instance is stopped), or null
 * @param typeChangePending the type differs but the instance must stop first
 * @param power the power-state call to make after the others
 */
public record InstanceDelta(
    TagDelta tags,
    Set<String> securityGroups,
    String instanceType,
    boolean typeChangePending,
    Power power) {

  /** The power-state call a pass ends with. WAIT: the instance is pending or stopping, look again soon. */
  public enum Power { NONE, START, STOP, WAIT }

  public static InstanceDelta between(InstanceDesired desired, ObservedInstance observed,
      Collection<String> managedTagKeys) {
    TagDelta tags = TagDelta.between(desired.allTags(), desired.userTags().keySet(), observed.tags(), managedTagKeys);
    Set<String> groups = desired.securityGroupIds() != null
        && !desired.securityGroupIds().equals(observed.securityGroupIds()) ? desired.securityGroupIds() : null;

    boolean typeDiffers = !desired.instanceType().equals(observed.instanceType());
    String modifyType = null;
    boolean typePending = false;
    Power power;
    if (observed.isTransitioning()) {
      power = Power.WAIT;
      typePending = typeDiffers;
    } else if (typeDiffers && ObservedInstance.RUNNING.equals(observed.state())) {
      power = Power.STOP; // EC2 changes the type of a stopped instance only
      typePending = true;
    } else {
      if (typeDiffers) {
        modifyType = desired.instanceType();
      }
      power = powerFor(desired.powerState(), observed.state());
    }
    return new InstanceDelta(tags, groups, modifyType, typePending, power);
  }

  private static Power powerFor(PowerState desired, String observed) {
    if (desired == PowerState.running && ObservedInstance.STOPPED.equals(observed)) {
      return Power.START;
    }
    if (desired == PowerState.stopped && ObservedInstance.RUNNING.equals(observed)) {
      return Power.STOP;
    }
    return Power.NONE;
  }

  /**
   * What differs between the spec and an instance the operator only observes, each as "what EC2 has (spec:
   * what it says)": the tags the spec declares (nothing else is the spec's business), security groups when
   * declared, the instance type and the power state. Empty when it matches.
   */
  public static List<String> differences(InstanceDesired desired, Map<String, String> declaredTags,
      ObservedInstance observed) {
    List<String> found = new ArrayList<>(TagDelta.differences(declaredTags, observed.tags()));
    if (desired.securityGroupIds() != null && !desired.securityGroupIds().equals(observed.securityGroupIds())) {
      found.add("security groups " + new TreeSet<>(observed.securityGroupIds()) + " (spec: "
          + new TreeSet<>(desired.securityGroupIds()) + ")");
    }
    if (!desired.instanceType().equals(observed.instanceType())) {
      found.add("instance type " + observed.instanceType() + " (spec: " + desired.instanceType() + ")");
    }
    if (powerFor(desired.powerState(), observed.state()) != Power.NONE) {
      found.add("state " + observed.state() + " (spec: " + desired.powerState() + ")");
    }
    return found;
  }

  /** Only the tag changes of this delta. */
  public InstanceDelta tagsOnly() {
    return new InstanceDelta(tags, null, null, false, Power.NONE);
  }

  /** Nothing to do and nothing to wait for. */
  public boolean isEmpty() {
    return tags.isEmpty() && securityGroups == null && instanceType == null
        && !typeChangePending && power == Power.NONE;
  }

  /** A short list of what differs, for events and conditions. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (!tags.isEmpty()) {
      b.append("tags, ");
    }
    if (securityGroups != null) {
      b.append("security groups, ");
    }
    if (instanceType != null || typeChangePending) {
      b.append("instance type, ");
    }
    if (power == Power.START || power == Power.STOP) {
      b.append("power state, ");
    }
    return b.isEmpty() ? "nothing" : b.substring(0, b.length() - 2);
  }
}

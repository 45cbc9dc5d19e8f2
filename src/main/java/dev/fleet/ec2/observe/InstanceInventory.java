package dev.fleet.ec2.observe;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingEventSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shared view of every instance this operator installation owns: one paginated DescribeInstances,
 * filtered by our cluster tag, per poll interval feeds all Ec2Instance resources. A resource is
 * reconciled when what EC2 reports for it changes; in the steady state nothing else calls EC2.
 */
public final class InstanceInventory {
  private final PollingEventSource<ObservedInstance, Ec2Instance, String> source;

  public InstanceInventory(Ec2Gateway ec2, String cluster, Duration period) {
    this.source = new PollingEventSource<>(ObservedInstance.class, new PollingConfiguration<>(
        "ec2-instances", () -> byOwner(ec2.describeInstancesByTag(OwnershipTags.CLUSTER, cluster)), period,
        ObservedInstance::instanceId));
  }

  public PollingEventSource<ObservedInstance, Ec2Instance, String> eventSource() {
    return source;
  }

  /** The instance as last seen, if the last poll (or a later targeted describe) saw it. */
  public Optional<ObservedInstance> get(ResourceID owner, String instanceId) {
    return source.getSecondaryResources(owner).stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
  }

  /** Records what a targeted describe just saw, so the next pass need not ask EC2 again. */
  public void record(ResourceID owner, ObservedInstance instance) {
    Optional<ObservedInstance> previous = get(owner, instance.instanceId());
    if (previous.isPresent()) {
      source.handleRecentResourceUpdate(owner, instance, previous.get());
    } else {
      source.handleRecentResourceCreate(owner, instance);
    }
  }

  /** Groups instances by the resource named in their owner tag (namespace/name). */
  static Map<ResourceID, Set<ObservedInstance>> byOwner(List<ObservedInstance> instances) {
    Map<ResourceID, Set<ObservedInstance>> result = new HashMap<>();
    for (ObservedInstance i : instances) {
      String owner = i.tags().get(OwnershipTags.OWNER);
      int slash = owner == null ? -1 : owner.indexOf('/');
      if (slash > 0) {
        result.computeIfAbsent(new ResourceID(owner.substring(slash + 1), owner.substring(0, slash)),
            k -> new HashSet<>()).add(i);
      }
    }
    return result;
  }
}

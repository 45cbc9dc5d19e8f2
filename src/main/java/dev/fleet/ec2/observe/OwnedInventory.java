package dev.fleet.ec2.observe;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shared view of every EC2 resource of one kind that this operator installation owns: one
 * batched, paginated describe filtered by our cluster tag per poll interval feeds all Kubernetes
 * resources of that kind. A resource is reconciled when what EC2 reports for it changes; in the
 * steady state nothing else calls EC2.
 *
 * @param <R> the observed EC2 record
 * @param <P> the Kubernetes resource that owns it (named in its owner tag)
 */
public final class OwnedInventory<R, P extends HasMetadata> {
  private final RefreshablePollingEventSource<R, P> source;
  private final Function<R, String> id;

  /**
   * @param ownerTag the tag naming the owning resource as namespace/name; resources without it are not ours
   */
  private OwnedInventory(String name, Class<R> type, Supplier<List<R>> poll, Function<R, String> id,
      Function<R, Map<String, String>> tags, String ownerTag, Duration period) {
    this.id = id;
    this.source = new RefreshablePollingEventSource<>(type, new PollingConfiguration<>(name,
        () -> byOwner(poll.get(), tags, ownerTag), period, id::apply));
  }

  /** Ec2Instance resources' instances: the shared instance poll, fleet members left out. */
  public static OwnedInventory<ObservedInstance, Ec2Instance> instances(SharedInstancePoll poll, Duration period) {
    return new OwnedInventory<>("ec2-instances", ObservedInstance.class,
        () -> poll.get().stream().filter(i -> !i.tags().containsKey(OwnershipTags.FLEET)).toList(),
        ObservedInstance::instanceId, ObservedInstance::tags, OwnershipTags.OWNER, period);
  }

  /** SpotFleet members: the same shared instance poll, grouped by fleet. */
  public static OwnedInventory<ObservedInstance, SpotFleet> fleetInstances(SharedInstancePoll poll,
      Duration period) {
    return new OwnedInventory<>("ec2-fleet-instances", ObservedInstance.class, poll::get,
        ObservedInstance::instanceId, ObservedInstance::tags, OwnershipTags.FLEET, period);
  }

  public static OwnedInventory<ObservedSecurityGroup, SecurityGroup> securityGroups(Ec2Gateway ec2, String cluster,
      Duration period, java.util.function.BooleanSupplier leading) {
    return new OwnedInventory<>("ec2-security-groups", ObservedSecurityGroup.class,
        () -> leading.getAsBoolean() ? ec2.describeSecurityGroupsByTag(OwnershipTags.CLUSTER, cluster) : List.of(),
        ObservedSecurityGroup::groupId,
        ObservedSecurityGroup::tags, OwnershipTags.OWNER, period);
  }

  /** Everything this inventory holds for one owner, as last seen. */
  public java.util.Set<R> all(ResourceID owner) {
    return source.getSecondaryResources(owner);
  }

  /** The owner of a resource, by its id, if this inventory holds it. */
  public Optional<ResourceID> ownerOf(String resourceId) {
    return source.getCache().entrySet().stream().filter(e -> e.getValue().containsKey(resourceId))
        .map(Map.Entry::getKey).findFirst();
  }

  public PollingEventSource<R, P, String> eventSource() {
    return source;
  }

  /** Polls now: a replica that just became leader must not act on the empty view it had as follower. */
  public void refresh() {
    source.refresh();
  }

  /** JOSDK's polling source, with its poll callable on demand. */
  static final class RefreshablePollingEventSource<R, P extends HasMetadata> extends PollingEventSource<R, P, String> {
    RefreshablePollingEventSource(Class<R> type, PollingConfiguration<R, String> config) {
      super(type, config);
    }

    void refresh() {
      getStateAndFillCache();
    }
  }

  /** The resource as last seen, if the last poll (or a later targeted describe) saw it. */
  public Optional<R> get(ResourceID owner, String resourceId) {
    return source.getSecondaryResources(owner).stream().filter(r -> id.apply(r).equals(resourceId)).findFirst();
  }

  /** Records what a targeted describe just saw, so the next pass need not ask EC2 again. */
  public void record(ResourceID owner, R observed) {
    try {
      Optional<R> previous = get(owner, id.apply(observed));
      if (previous.isPresent()) {
        source.handleRecentResourceUpdate(owner, observed, previous.get());
      } else {
        source.handleRecentResourceCreate(owner, observed);
      }
    } catch (RuntimeException e) {
      // a poll replaced the entry meanwhile; it is only a cache, the next poll corrects it
    }
  }

  /** Groups resources by the Kubernetes resource named in their owner tag (namespace/name). */
  static <R> Map<ResourceID, Set<R>> byOwner(List<R> observed, Function<R, Map<String, String>> tags,
      String ownerTag) {
    Map<ResourceID, Set<R>> result = new HashMap<>();
    for (R r : observed) {
      String owner = tags.apply(r).get(ownerTag);
      int slash = owner == null ? -1 : owner.indexOf('/');
      if (slash > 0) {
        result.computeIfAbsent(new ResourceID(owner.substring(slash + 1), owner.substring(0, slash)),
            k -> new HashSet<>()).add(r);
      }
    }
    return result;
  }
}

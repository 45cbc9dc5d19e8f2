package dev.fleet.ec2.observe;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.polling.PollingEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
  private static final Logger log = LoggerFactory.getLogger(OwnedInventory.class);
  private final RefreshablePollingEventSource<R, P> source;
  private final Function<R, String> id;
  private final String name;
  private final BooleanSupplier leading;
  private volatile boolean loaded;
  private volatile boolean lastPollComplete;
  private volatile String failure;

  /**
   * @param ownerTag the tag naming the owning resource as namespace/name; resources without it are not ours
   */
  private OwnedInventory(String name, Class<R> type, Supplier<List<R>> poll, Function<R, String> id,
      Function<R, Map<String, String>> tags, String ownerTag, Duration period, BooleanSupplier leading) {
    this.id = id;
    this.name = name;
    this.leading = leading;
    this.source = new RefreshablePollingEventSource<>(type, new PollingConfiguration<>(name,
        () -> poll(() -> byOwner(poll.get(), tags, ownerTag)), period, id::apply),
        () -> loaded = lastPollComplete); // only once the cache holds what the poll saw
  }

  /**
   * One poll. A failure before the first complete view leaves the view empty and not {@link #loaded}
   * (the operator still starts while EC2 is unreachable); a later failure is rethrown, so that JOSDK
   * keeps the last complete view.
   */
  private Map<ResourceID, Set<R>> poll(Supplier<Map<ResourceID, Set<R>>> describe) {
    if (!leading.getAsBoolean()) {
      lastPollComplete = false; // a follower asks EC2 nothing; its empty view must never be acted on
      return Map.of();
    }
    try {
      Map<ResourceID, Set<R>> view = describe.get();
      if (failure != null) {
        log.info("{}: EC2 answers again", name);
      }
      failure = null;
      lastPollComplete = true;
      return view;
    } catch (RuntimeException e) {
      if (failure == null) {
        log.warn("{}: polling EC2 failed: {}", name, e.getMessage());
      }
      failure = e.getMessage();
      if (!loaded) {
        lastPollComplete = false;
        return Map.of();
      }
      throw e;
    }
  }

  /** True once a poll since this replica began leading saw everything we own: only then is absence evidence. */
  public boolean loaded() {
    return loaded;
  }

  /**
   * Polls now if no complete view exists yet; throws a retryable error saying {@code why} (and EC2's
   * last error) when there still is none.
   */
  public void requireLoaded(String why) {
    if (!loaded) {
      refresh();
    }
    if (!loaded) {
      throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances", "InventoryNotLoaded", why + ": "
          + failure().orElse("no complete view since this replica began leading"), null);
    }
  }

  /** Why the last poll failed, if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Ec2Instance resources' instances: the shared instance poll, fleet members left out. */
  public static OwnedInventory<ObservedInstance, Ec2Instance> instances(SharedInstancePoll poll, Duration period) {
    return new OwnedInventory<>("ec2-instances", ObservedInstance.class,
        () -> poll.get().stream().filter(i -> !i.tags().containsKey(OwnershipTags.FLEET)).toList(),
        ObservedInstance::instanceId, ObservedInstance::tags, OwnershipTags.OWNER, period, poll::leading);
  }

  /** SpotFleet members: the same shared instance poll, grouped by fleet. */
  public static OwnedInventory<ObservedInstance, SpotFleet> fleetInstances(SharedInstancePoll poll,
      Duration period) {
    return new OwnedInventory<>("ec2-fleet-instances", ObservedInstance.class, poll::get,
        ObservedInstance::instanceId, ObservedInstance::tags, OwnershipTags.FLEET, period, poll::leading);
  }

  public static OwnedInventory<ObservedSecurityGroup, SecurityGroup> securityGroups(Ec2Gateway ec2, String cluster,
      Duration period, BooleanSupplier leading) {
    return new OwnedInventory<>("ec2-security-groups", ObservedSecurityGroup.class,
        () -> ec2.describeSecurityGroupsByTag(OwnershipTags.CLUSTER, cluster), ObservedSecurityGroup::groupId,
        ObservedSecurityGroup::tags, OwnershipTags.OWNER, period, leading);
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

  /** Polls now (a replica that just became leader, or a view not yet loaded); a failure is only recorded. */
  public void refresh() {
    source.refresh();
  }

  /** JOSDK's polling source, with its poll callable on demand. */
  static final class RefreshablePollingEventSource<R, P extends HasMetadata> extends PollingEventSource<R, P, String> {
    private final Runnable afterFill;

    RefreshablePollingEventSource(Class<R> type, PollingConfiguration<R, String> config, Runnable afterFill) {
      super(type, config);
      this.afterFill = afterFill;
    }

    @Override
    protected synchronized void getStateAndFillCache() {
      super.getStateAndFillCache();
      afterFill.run();
    }

    void refresh() {
      try {
        getStateAndFillCache();
      } catch (RuntimeException e) {
        // recorded as the inventory's failure; the view stays as it was
      }
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

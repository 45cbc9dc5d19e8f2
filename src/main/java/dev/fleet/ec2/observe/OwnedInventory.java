package dev.fleet.ec2.observe;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shared view of every EC2 resource of one kind that this operator installation owns, fed by one
 * {@link Ec2Poll} (a paginated describe filtered by our cluster tag per poll interval) and grouped by the
 * Kubernetes resource named in each one's owner tag. A resource is reconciled when what EC2 reports for it
 * changes; in the steady state nothing else calls EC2.
 *
 * <p>Reads and {@link #record}s never wait for a poll: the poll publishes an immutable
 * {@link InventorySnapshot}, and what reconciles record since it began lies over it ({@link RecentWrites}).
 *
 * @param <R> the observed EC2 record
 * @param <P> the Kubernetes resource that owns it (named in its owner tag)
 */
public final class OwnedInventory<R, P extends HasMetadata> {
  private final Ec2Poll<? extends R> poll;
  private final Consumer<ResourceID> wake;
  private final Predicate<R> include;
  private final Function<R, String> id;
  private final Function<R, Map<String, String>> tags;
  private final String ownerTag;
  private final RecentWrites<R> recent;
  /** Owners whose reconcile waits for the first complete view: woken by it, whatever it holds for them. */
  private final Set<ResourceID> awaitingView = ConcurrentHashMap.newKeySet();
  private volatile InventorySnapshot<R> snapshot = InventorySnapshot.none();

  /**
   * @param include which of the poll's records belong to this inventory
   * @param ownerTag the tag naming the owning resource as namespace/name; resources without it are not ours
   * @param wake reconciles the resource named (the kind's {@link InventoryEvents}, shared by every scope)
   */
  OwnedInventory(Ec2Poll<? extends R> poll, Predicate<R> include, Function<R, String> id,
      Function<R, Map<String, String>> tags, String ownerTag, Clock clock, Consumer<ResourceID> wake) {
    this.poll = poll;
    this.wake = wake;
    this.include = include;
    this.id = id;
    this.tags = tags;
    this.ownerTag = ownerTag;
    this.recent = new RecentWrites<>(id, clock);
    poll.subscribe(this::publish);
    poll.onFailure(e -> wakeWaitingOwners()); // so that they report EC2's error now, not a poll interval later
  }

  /** Ec2Instance resources' instances: the shared instance poll, fleet members left out. */
  public static OwnedInventory<ObservedInstance, Ec2Instance> instances(SharedInstancePoll poll, Clock clock,
      Consumer<ResourceID> wake) {
    return new OwnedInventory<>(poll, i -> !i.tags().containsKey(OwnershipTags.FLEET), ObservedInstance::instanceId,
        ObservedInstance::tags, OwnershipTags.OWNER, clock, wake);
  }

  /** SpotFleet members: the same shared instance poll, grouped by fleet. */
  public static OwnedInventory<ObservedInstance, SpotFleet> fleetInstances(SharedInstancePoll poll, Clock clock,
      Consumer<ResourceID> wake) {
    return new OwnedInventory<>(poll, i -> true, ObservedInstance::instanceId, ObservedInstance::tags,
        OwnershipTags.FLEET, clock, wake);
  }

  /** Security groups, from their own poll. */
  public static OwnedInventory<ObservedSecurityGroup, SecurityGroup> securityGroups(Ec2Poll<ObservedSecurityGroup> poll,
      Clock clock, Consumer<ResourceID> wake) {
    return new OwnedInventory<>(poll, g -> true, ObservedSecurityGroup::groupId, ObservedSecurityGroup::tags,
        OwnershipTags.OWNER, clock, wake);
  }

  /** Key pairs, from their own poll. */
  public static OwnedInventory<ObservedKeyPair, KeyPair> keyPairs(Ec2Poll<ObservedKeyPair> poll, Clock clock,
      Consumer<ResourceID> wake) {
    return new OwnedInventory<>(poll, k -> true, ObservedKeyPair::keyPairId, ObservedKeyPair::tags,
        OwnershipTags.OWNER, clock, wake);
  }

  /** Elastic IP addresses, from their own poll. */
  public static OwnedInventory<ObservedAddress, ElasticIp> addresses(Ec2Poll<ObservedAddress> poll, Clock clock,
      Consumer<ResourceID> wake) {
    return new OwnedInventory<>(poll, a -> true, ObservedAddress::allocationId, ObservedAddress::tags,
        OwnershipTags.OWNER, clock, wake);
  }

  /** On the poll's thread: the new view replaces the old, and each owner whose part of it changed is woken. */
  private void publish(Ec2Poll.Result<? extends R> result) {
    List<R> mine = result.items().stream().<R>map(r -> r).filter(include).toList();
    InventorySnapshot<R> next = InventorySnapshot.of(mine, id, r -> owner(tags.apply(r).get(ownerTag)),
        result.startedAt());
    InventorySnapshot<R> previous = snapshot;
    Set<ResourceID> owners = new HashSet<>(previous.owners());
    owners.addAll(next.owners());
    owners.addAll(recent.owners());
    Map<ResourceID, Map<String, R>> before = new java.util.HashMap<>();
    owners.forEach(o -> before.put(o, recent.over(previous, o)));
    snapshot = next;
    recent.forgetBefore(next.startedAt());
    // after the snapshot is set: an owner that registers later finds the view loaded (see waitForFirstView)
    Set<ResourceID> waited = takeWaitingOwners();
    for (ResourceID owner : owners) {
      if (waited.contains(owner) || !before.get(owner).equals(recent.over(next, owner))) {
        wake.accept(owner);
      }
    }
    waited.stream().filter(o -> !owners.contains(o)).forEach(wake);
  }

  private Set<ResourceID> takeWaitingOwners() {
    Set<ResourceID> waited = new HashSet<>();
    for (ResourceID owner : awaitingView) {
      if (awaitingView.remove(owner)) {
        waited.add(owner);
      }
    }
    return waited;
  }

  /** On the poll's thread, after a failed poll: owners that waited for a view go on and report the failure. */
  private void wakeWaitingOwners() {
    takeWaitingOwners().forEach(wake);
  }

  /**
   * Starts polling without waiting for the first view: with thousands of instances it takes many seconds,
   * and readiness must not. Reconciles meanwhile wait for it ({@link #waitForFirstView}).
   */
  public void start() {
    poll.start();
  }

  /** True once a poll since this replica began leading saw everything we own: only then is absence evidence. */
  public boolean loaded() {
    return snapshot.complete() && poll.latest().isPresent();
  }

  /**
   * Whether {@code owner}'s reconcile should wait for the first complete view, and at most how long: until
   * then absence is no evidence, and each resource asking EC2 on its own (thousands at a start) is what the
   * shared poll exists to avoid. The first view wakes every owner that waited, so the caller just returns,
   * with no EC2 call, status write or event; a failed poll wakes them too, and the time returned is only a
   * backstop. Empty once the view is loaded, and also while polling fails: then the caller goes on and
   * reports why.
   */
  public Optional<Duration> waitForFirstView(ResourceID owner) {
    if (loaded() || failure().isPresent()) {
      return Optional.empty();
    }
    poll.pollSoon();
    awaitingView.add(owner);
    if (loaded() || failure().isPresent()) { // a poll ended meanwhile, perhaps before the owner was registered
      awaitingView.remove(owner);
      return Optional.empty();
    }
    return Optional.of(poll.interval());
  }

  /**
   * Throws a retryable error saying {@code why} (and EC2's last error) while there is no complete view; asks
   * for a poll soon, but never polls on the caller's thread.
   */
  public void requireLoaded(String why) {
    if (!loaded()) {
      poll.pollSoon();
      throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances", "InventoryNotLoaded", why + ": "
          + failure().orElse("no complete view since this replica began leading"), null);
    }
  }

  /** How often the poll looks. */
  public java.time.Duration interval() {
    return poll.interval();
  }

  /** Why the last poll failed, if it did. */
  public Optional<String> failure() {
    return poll.failure();
  }

  /** Everything this inventory holds for one owner: the last poll's view, with what was recorded since. */
  public Set<R> all(ResourceID owner) {
    return Set.copyOf(recent.over(snapshot, owner).values());
  }

  /** The resource as last seen, if the last poll (or a later targeted describe) saw it. */
  public Optional<R> get(ResourceID owner, String resourceId) {
    return Optional.ofNullable(recent.over(snapshot, owner).get(resourceId));
  }

  /** The owner of a resource, by its id, if this inventory holds it. */
  public Optional<ResourceID> ownerOf(String resourceId) {
    return recent.ownerOf(resourceId).or(() -> snapshot.ownerOf(resourceId));
  }

  /**
   * Records what a targeted describe or an action just saw, so the next pass need not ask EC2 again. The
   * caller acts on what it records (or reschedules itself): a poll that later reports the same wakes nobody.
   */
  public void record(ResourceID owner, R observed) {
    recent.record(owner, observed);
  }

  /** Asks for a poll soon (a replica that just became leader); never waits for it. */
  public void refresh() {
    poll.pollSoon();
  }

  /** The Kubernetes resource named by an owner tag's namespace/name, or null when the tag is not one. */
  static ResourceID owner(String tag) {
    int slash = tag == null ? -1 : tag.indexOf('/');
    return slash > 0 ? new ResourceID(tag.substring(slash + 1), tag.substring(0, slash)) : null;
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSpotFleetRequest;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.SpotRequestCancellation;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.observe.OwnedInventory;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The only caller of {@link Ec2Gateway} for SpotFleet: every EC2 action, each with its event. */
public final class SpotFleetSync {
  /**
   * Capacity errors: the pool has none now; another may. For VcpuLimitExceeded, another pool only of another
   * instance family bucket ({@link VcpuQuotaBlocks}).
   */
  static final Set<String> CAPACITY_ERRORS = Set.of("InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded",
      "SpotMaxPriceTooLow", "InsufficientCapacity", "VcpuLimitExceeded");

  private final Ec2Gateway ec2;
  private final EventRecorder events;
  private volatile List<Subnet> defaultSubnets;

  private final OwnedInventory<ObservedInstance, SpotFleet> members;
  private final AccessRules access;
  private final ImageResolver images;

  /**
   * @param images reads what a resolve:ssm: imageId names, in the fleet's scope
   * @param members the shared view of fleet members: what this class terminates is recorded in it at once, so
   *     that the next pass does not count it as running by the last poll (and terminate more)
   * @param access what the administrator allows members to launch with (instance profiles)
   */
  public SpotFleetSync(Ec2Gateway ec2, ImageResolver images, EventRecorder events,
      OwnedInventory<ObservedInstance, SpotFleet> members, AccessRules access) {
    this.access = access;
    this.members = members;
    this.ec2 = ec2;
    this.images = images;
    this.events = events;
  }

  /**
   * Why specification {@code spec} cannot launch now, if so: the administrator does not allow it (Terminal), or its
   * resolve:ssm: imageId cannot be resolved (Systems Manager's answer). On the way, an imageId no launch resolved
   * yet is resolved and recorded in {@code book}, to be written ahead with the launch: every later launch of the
   * fleet gets the same AMI. Asked per launch, so a refused specification never stops the rest of the fleet's work
   * (scaling down, other pools).
   */
  public Optional<CloudException> launchRefusal(SpotFleet fleet, SpotFleetStatus book, SpotFleetDesired desired,
      int spec) {
    LaunchSpecification ls = fleet.getSpec().getLaunchSpecifications().get(spec);
    try {
      access.instanceProfiles().check(ls.getIamInstanceProfile(), "launchSpecifications[" + spec
          + "].iamInstanceProfile");
      if (desired.withResolvedImages(book.getResolvedImageIds()).imageUnresolved(spec)) {
        Map<String, String> resolved = new TreeMap<>(book.getResolvedImageIds() == null ? Map.of()
            : book.getResolvedImageIds());
        resolved.put(ls.getImageId(), images.resolve(fleet, ls.getImageId()));
        book.setResolvedImageIds(resolved);
      }
      return Optional.empty();
    } catch (CloudException e) {
      return Optional.of(e);
    }
  }

  /** A specification's subnet, or every default subnet (asked once). */
  public List<Subnet> subnetsOf(LaunchSpecification spec) {
    if (spec.getSubnetId() != null) {
      return ec2.describeSubnet(spec.getSubnetId()).map(List::of).orElseThrow(() -> new CloudException(
          CloudErrorKind.NOT_FOUND, "DescribeSubnets", "InvalidSubnetID.NotFound", "subnet " + spec.getSubnetId()
          + " does not exist", null));
    }
    if (defaultSubnets == null) {
      String vpc = ec2.findDefaultVpc().orElseThrow(() -> new CloudException(CloudErrorKind.TERMINAL,
          "DescribeVpcs", "NoDefaultVpc", "the region has no default VPC: give each launch specification a subnetId",
          null)).vpcId();
      defaultSubnets = ec2.describeSubnets(vpc).stream().filter(Subnet::defaultForAz).toList();
    }
    return defaultSubnets;
  }

  public List<ObservedInstance> launch(SpotFleet fleet, SpotFleetDesired desired, SpotFleetDelta.Launch launch,
      String clientToken) {
    List<ObservedInstance> launched = ec2.runInstances(desired.launchRequest(launch.pool(), launch.spot(),
        launch.purpose(), clientToken), launch.count());
    members.refresh(); // a poll soon shows them past pending (the caller records the answer itself)
    events.normal(fleet, "Launched", "launched " + launched.size() + " " + launch.purpose() + " instance(s) in pool "
        + launch.pool().key() + ": " + String.join(", ", launched.stream().map(ObservedInstance::instanceId).toList()));
    return launched;
  }

  public void terminate(SpotFleet fleet, ObservedInstance instance, String why) {
    String instanceId = instance.instanceId();
    SpotRequestCancellation.beforeTerminating(ec2, instance)
        .ifPresent(warning -> events.warning(fleet, "SpotRequestNotCancelled", warning));
    ec2.terminateInstance(instanceId);
    members.record(ResourceID.fromResource(fleet), instance.withState(ObservedInstance.SHUTTING_DOWN));
    events.normal(fleet, "Terminated", "terminated instance " + instanceId + ": " + why);
  }

  /**
   * capacityRebalance launchBeforeTerminate: an instance with a rebalance recommendation is terminated
   * terminationDelaySeconds after it (its replacement was launched at once), and added to {@code gone}.
   * Returns the milliseconds until the next one is due, or 0.
   */
  public long terminateRebalanced(SpotFleet fleet, java.util.Collection<InterruptionTracker.Warning> warnings,
      List<ObservedInstance> live, Set<String> gone, java.time.Instant now) {
    if (fleet.getSpec().getCapacityRebalance() != SpotFleetSpec.CapacityRebalance.launchBeforeTerminate) {
      return 0;
    }
    java.time.Duration delay = java.time.Duration.ofSeconds(fleet.getSpec().getTerminationDelaySeconds() == null
        ? 120 : fleet.getSpec().getTerminationDelaySeconds());
    Set<String> liveIds = live.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    liveIds.removeAll(gone);
    var due = RebalanceSchedule.due(warnings, liveIds, delay, now);
    for (String id : due.terminateNow()) {
      live.stream().filter(i -> i.instanceId().equals(id)).findFirst().ifPresent(i -> terminate(fleet, i,
          "rebalance recommendation " + delay.toSeconds() + " s ago; its replacement runs"));
      gone.add(id);
    }
    return due.nextCheck() == null ? 0 : due.nextCheck().toMillis();
  }

  /** Every instance EC2 lists as this fleet's, terminated ones included, asked directly (for deletion). */
  public List<ObservedInstance> members(SpotFleetDesired desired) {
    return ec2.describeInstancesByTag(OwnershipTags.FLEET, desired.fleetTag()).stream()
        .filter(i -> desired.ownership().ownedBy(i.tags())).toList();
  }

  /** The given instances as EC2 lists them now; ids it does not list (yet) are left out. */
  public List<ObservedInstance> listed(java.util.Collection<String> instanceIds) {
    return ec2.describeInstancesById(instanceIds);
  }

  /** deletionPolicy Retain: the instance stays, without the operator's or the fleet's tags. */
  public void release(SpotFleet fleet, String instanceId) {
    ec2.deleteTags(instanceId, List.of(OwnershipTags.CLUSTER, OwnershipTags.OWNER, OwnershipTags.OWNER_UID,
        OwnershipTags.FLEET));
    events.normal(fleet, "Retained", "left instance " + instanceId + " running and removed the fleet's tags");
  }

  /** managementPolicy Observe: a spot fleet request made outside the operator, if EC2 knows it. */
  public Optional<ObservedSpotFleetRequest> request(String requestId) {
    return ec2.describeSpotFleetRequest(requestId);
  }

  /** That request's members EC2 lists as active, as they are now (one describe by id for all). */
  public List<ObservedInstance> requestMembers(String requestId) {
    return ec2.describeInstancesById(ec2.describeSpotFleetInstances(requestId)).stream()
        .filter(i -> !i.isGone()).toList();
  }

  /**
   * Makes an observed request's members this fleet's: in a namespace the administrator allows adoption in, and
   * none may belong to another resource or installation (checked for all before any is tagged). Each gets the
   * fleet's tags and the weight its type has in the spec; the shared view records them at once, so the pass
   * counts them before a poll lists them rather than launch their capacity again.
   */
  public List<ObservedInstance> adopt(SpotFleet fleet, String requestId, SpotFleetDesired desired,
      List<ObservedInstance> found) {
    access.adoption().check(fleet.getMetadata().getNamespace(), FleetObservation.ADOPT_ANNOTATION, requestId);
    for (ObservedInstance i : found) {
      if (OwnershipTags.hasAnyOwner(i.tags()) && !desired.ownership().ownedBy(i.tags())
          || ClusterBoundary.foreign(access.cluster(), i.tags())) {
        throw new CloudException(CloudErrorKind.TERMINAL, "DescribeInstances", "AdoptionConflict", "instance "
            + i.instanceId() + " of " + requestId + " already belongs to " + OwnershipTags.describeOwner(i.tags()),
            null);
      }
    }
    Map<String, String> fleetTags = new LinkedHashMap<>(desired.ownership().asMap());
    fleetTags.put(OwnershipTags.FLEET, desired.fleetTag());
    Map<Integer, List<ObservedInstance>> byWeight = found.stream()
        .collect(Collectors.groupingBy(i -> desired.weightOf(i.instanceType())));
    List<ObservedInstance> adopted = new ArrayList<>();
    byWeight.forEach((weight, in) -> { // one call per weight: the tags of one call are the same on every id
      Map<String, String> tags = new LinkedHashMap<>(fleetTags);
      tags.put(SpotFleetDesired.WEIGHT_TAG, Integer.toString(weight));
      ec2.createTags(in.stream().map(ObservedInstance::instanceId).toList(), tags);
      in.forEach(i -> {
        ObservedInstance tagged = i.withTags(tags);
        members.record(ResourceID.fromResource(fleet), tagged);
        adopted.add(tagged);
      });
    });
    events.normal(fleet, "Adopted", "adopted " + adopted.size() + " instance(s) of spot fleet request " + requestId
        + (adopted.isEmpty() ? "" : ": " + String.join(", ", adopted.stream().map(ObservedInstance::instanceId)
        .sorted().toList())));
    return adopted;
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.image.ImageReference;
import dev.fleet.ec2.instance.InstanceDesired;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a fleet asks for: its pools (launch specification x zone) with their prices and price caps,
 * and how to launch into each. Pure: the subnets and prices come in as arguments.
 *
 * @param resolvedImages each resolve:ssm: imageId with the AMI it was resolved to (status.resolvedImageIds)
 */
public record SpotFleetDesired(SpotFleet resource, List<Pool> pools, OwnershipTags ownership, String fleetTag,
    List<List<String>> refGroupIds, List<String> refKeyNames, Map<String, String> resolvedImages) {
  public static final String POOL_TAG = "ec2.fleet.dev/pool";
  public static final String WEIGHT_TAG = "ec2.fleet.dev/weight";
  public static final String PURPOSE_TAG = "ec2.fleet.dev/purpose";

  /**
   * @param subnetsOf the subnets a specification may use: its own, or the default subnets
   * @param priceOf the price per instance-hour of "type/zone", or null
   */
  /**
   * @param refGroupIds per launch specification, the group ids its securityGroupRefs resolved to
   */
  public static SpotFleetDesired from(SpotFleet fleet, String cluster, Function<LaunchSpecification, List<Subnet>> subnetsOf,
      Function<String, BigDecimal> priceOf, List<List<String>> refGroupIds) {
    return from(fleet, cluster, subnetsOf, priceOf, refGroupIds, List.of());
  }

  /** @param refKeyNames per launch specification, the key name its keyName or keyPairRef resolved to (or null) */
  public static SpotFleetDesired from(SpotFleet fleet, String cluster, Function<LaunchSpecification, List<Subnet>> subnetsOf,
      Function<String, BigDecimal> priceOf, List<List<String>> refGroupIds, List<String> refKeyNames) {
    SpotFleetSpec spec = fleet.getSpec();
    List<Pool> pools = new ArrayList<>();
    for (int i = 0; i < spec.getLaunchSpecifications().size(); i++) {
      LaunchSpecification ls = spec.getLaunchSpecifications().get(i);
      int weight = ls.getWeightedCapacity() == null ? 1 : ls.getWeightedCapacity();
      for (Subnet s : subnetsOf.apply(ls)) {
        pools.add(new Pool(i, ls.getInstanceType(), s.availabilityZone(), s.subnetId(), weight,
            priceOf.apply(ls.getInstanceType() + "/" + s.availabilityZone()), maxPrice(spec, ls, weight)));
      }
    }
    var meta = fleet.getMetadata();
    return new SpotFleetDesired(fleet, List.copyOf(pools),
        OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()),
        meta.getNamespace() + "/" + meta.getName(), refGroupIds, refKeyNames, Map.of());
  }

  /** The same, launching the AMIs recorded for its resolve:ssm: imageIds (null: none recorded yet). */
  public SpotFleetDesired withResolvedImages(Map<String, String> resolved) {
    return new SpotFleetDesired(resource, pools, ownership, fleetTag, refGroupIds, refKeyNames,
        resolved == null ? Map.of() : Map.copyOf(resolved));
  }

  /** True when launch specification {@code spec} names a parameter no launch has resolved yet. */
  public boolean imageUnresolved(int spec) {
    String imageId = resource.getSpec().getLaunchSpecifications().get(spec).getImageId();
    return ImageReference.namesParameter(imageId) && !resolvedImages.containsKey(imageId);
  }

  /**
   * The AMI a launch from {@code ls} gets: its own id, or the one its parameter held when the fleet first launched
   * from it; the same for every launch specification that names the same parameter, for the fleet's whole life.
   */
  String launchImageId(LaunchSpecification ls) {
    String imageId = ls.getImageId();
    if (!ImageReference.namesParameter(imageId)) {
      return imageId;
    }
    String ami = resolvedImages.get(imageId);
    if (ami == null) {
      throw new IllegalStateException(imageId + " is not resolved: nothing may launch before it is");
    }
    return ami;
  }

  /** The weight the spec gives an instance type (its first launch specification of that type), else 1. */
  public int weightOf(String instanceType) {
    return weightOf(resource.getSpec(), instanceType);
  }

  static int weightOf(SpotFleetSpec spec, String instanceType) {
    return spec.getLaunchSpecifications().stream().filter(ls -> ls.getInstanceType().equals(instanceType))
        .map(ls -> ls.getWeightedCapacity() == null ? 1 : ls.getWeightedCapacity()).findFirst().orElse(1);
  }

  /** The spec's own cap per instance, else the fleet's cap per unit times the weight, else none. */
  static BigDecimal maxPrice(SpotFleetSpec spec, LaunchSpecification ls, int weight) {
    if (ls.getSpotPrice() != null) {
      return new BigDecimal(ls.getSpotPrice());
    }
    return spec.getSpotPrice() == null ? null : new BigDecimal(spec.getSpotPrice()).multiply(BigDecimal.valueOf(weight));
  }

  /** RunInstances for {@code pool}: spot (capped at the pool's max price) or on-demand. */
  public LaunchRequest launchRequest(Pool pool, boolean spot, String purpose, String clientToken) {
    SpotFleetSpec spec = resource.getSpec();
    LaunchSpecification ls = spec.getLaunchSpecifications().get(pool.spec());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", resource.getMetadata().getName());
    if (spec.getTags() != null) {
      tags.putAll(ReservedTagKeys.withoutReserved(spec.getTags())); // never forge ownership or membership
    }
    if (ls.getTags() != null) {
      tags.putAll(ReservedTagKeys.withoutReserved(ls.getTags()));
    }
    tags.putAll(ownership.asMap());
    tags.put(OwnershipTags.FLEET, fleetTag);
    tags.put(POOL_TAG, pool.key());
    tags.put(WEIGHT_TAG, Integer.toString(pool.weight()));
    tags.put(PURPOSE_TAG, purpose);
    var behavior = spec.getInstanceInterruptionBehavior() == null ? null : spec.getInstanceInterruptionBehavior().name();
    List<String> groups = new ArrayList<>(ls.getSecurityGroupIds() == null ? List.of() : ls.getSecurityGroupIds());
    if (pool.spec() < refGroupIds.size()) {
      groups.addAll(refGroupIds.get(pool.spec()));
    }
    return new LaunchRequest(clientToken, launchImageId(ls), ls.getInstanceType(), pool.subnetId(),
        groups, pool.spec() < refKeyNames.size() && refKeyNames.get(pool.spec()) != null
            ? refKeyNames.get(pool.spec()) : ls.getKeyName(), ls.getUserData(), ls.getIamInstanceProfile(), null,
        InstanceDesired.blockDevices(ls.getBlockDeviceMappings()),
        spot ? new LaunchRequest.SpotMarket(pool.maxPrice() == null ? null : pool.maxPrice().toPlainString(), behavior)
            : null, tags);
  }
}

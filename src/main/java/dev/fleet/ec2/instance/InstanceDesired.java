package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.api.v1alpha1.BlockDeviceMapping;
import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.image.ImageReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What EC2 should hold for one Ec2Instance: the spec with defaults filled in and the ownership tags
 * added. Pure: built from the resource, the cluster name and the resolved security group ids.
 *
 * @param imageId the spec's: an AMI id, or resolve:ssm: and a parameter
 * @param resolvedImageId the AMI that parameter held when first resolved (status.resolvedImageId), or null
 */
public record InstanceDesired(
    String imageId,
    String resolvedImageId,
    String instanceType,
    String subnetId,
    Set<String> securityGroupIds,
    String keyName,
    String userData,
    String iamInstanceProfile,
    Boolean associatePublicIpAddress,
    List<LaunchRequest.BlockDevice> blockDevices,
    LaunchRequest.SpotMarket spotMarket,
    PowerState powerState,
    Map<String, String> userTags,
    OwnershipTags ownership,
    DeletionPolicy deletionPolicy) {

  public static final String NAME_TAG = "Name";

  /**
   * @param refGroupIds group ids resolved from spec.securityGroupRefs (empty when there are none)
   */
  public static InstanceDesired from(Ec2Instance resource, String cluster, Collection<String> refGroupIds) {
    return from(resource, cluster, refGroupIds, resource.getSpec().getKeyName());
  }

  /** @param keyName the spec's keyName, or the one its keyPairRef resolved to */
  public static InstanceDesired from(Ec2Instance resource, String cluster, Collection<String> refGroupIds,
      String keyName) {
    Ec2InstanceSpec spec = resource.getSpec();
    var meta = resource.getMetadata();
    Set<String> groups = null; // null: the spec names no groups, leave EC2's choice alone
    if (spec.getSecurityGroupIds() != null && !spec.getSecurityGroupIds().isEmpty() || !refGroupIds.isEmpty()) {
      groups = new TreeSet<>(refGroupIds);
      if (spec.getSecurityGroupIds() != null) {
        groups.addAll(spec.getSecurityGroupIds());
      }
    }
    Map<String, String> userTags = new LinkedHashMap<>();
    userTags.put(NAME_TAG, meta.getName()); // what console users look for; the spec may override it
    if (spec.getTags() != null) {
      userTags.putAll(ReservedTagKeys.withoutReserved(spec.getTags())); // never forge or drop ownership
    }
    return new InstanceDesired(
        spec.getImageId(),
        null,
        spec.getInstanceType(),
        spec.getSubnetId(),
        groups == null ? null : Set.copyOf(groups),
        keyName,
        spec.getUserData(),
        spec.getIamInstanceProfile(),
        spec.getAssociatePublicIpAddress(),
        blockDevices(spec.getBlockDeviceMappings()),
        spotMarket(spec.getMarket()),
        spec.getState() == null ? PowerState.running : spec.getState(),
        Map.copyOf(userTags),
        OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()),
        spec.getDeletionPolicy() == null ? DeletionPolicy.Delete : spec.getDeletionPolicy());
  }

  /** The same, asking for {@code state} (what spec.schedule says now, unless spec.state wins). */
  public InstanceDesired withPowerState(PowerState state) {
    return new InstanceDesired(imageId, resolvedImageId, instanceType, subnetId, securityGroupIds, keyName, userData,
        iamInstanceProfile, associatePublicIpAddress, blockDevices, spotMarket, state, userTags, ownership,
        deletionPolicy);
  }

  /** The same, launching {@code ami} for a spec that names a parameter (its recorded resolution). */
  public InstanceDesired withResolvedImage(String ami) {
    return new InstanceDesired(imageId, ami, instanceType, subnetId, securityGroupIds, keyName, userData,
        iamInstanceProfile, associatePublicIpAddress, blockDevices, spotMarket, powerState, userTags, ownership,
        deletionPolicy);
  }

  /** True when the spec names a parameter no launch has resolved yet: it must be read before launching. */
  public boolean imageUnresolved() {
    return resolvedImageId == null && ImageReference.namesParameter(imageId);
  }

  /** The AMI RunInstances gets: the spec's id, or what its parameter held when first resolved. */
  public String launchImageId() {
    if (!ImageReference.namesParameter(imageId)) {
      return imageId;
    }
    if (resolvedImageId == null) {
      throw new IllegalStateException(imageId + " is not resolved: nothing may launch before it is");
    }
    return resolvedImageId;
  }

  /** User tags plus ownership tags: everything the instance must carry. */
  public Map<String, String> allTags() {
    Map<String, String> all = new LinkedHashMap<>(userTags);
    all.putAll(ownership.asMap());
    return all;
  }

  public LaunchRequest launchRequest(String clientToken) {
    return new LaunchRequest(clientToken, launchImageId(), instanceType, subnetId,
        securityGroupIds == null ? List.of() : new ArrayList<>(new TreeSet<>(securityGroupIds)),
        keyName, userData, iamInstanceProfile, associatePublicIpAddress, blockDevices, spotMarket, allTags());
  }

  /** The spec's block device mappings as RunInstances takes them. */
  public static List<LaunchRequest.BlockDevice> blockDevices(List<BlockDeviceMapping> mappings) {
    if (mappings == null) {
      return List.of();
    }
    return mappings.stream().map(m -> {
      var e = m.getEbs();
      return new LaunchRequest.BlockDevice(m.getDeviceName(), e.getVolumeSize(),
          e.getVolumeType() == null ? null : e.getVolumeType().name(), e.getIops(), e.getThroughput(),
          e.getEncrypted(), e.getDeleteOnTermination());
    }).toList();
  }

  private static LaunchRequest.SpotMarket spotMarket(InstanceMarket market) {
    if (market == null || market.getType() != InstanceMarket.MarketType.SPOT) {
      return null;
    }
    return new LaunchRequest.SpotMarket(market.getMaxPrice(),
        market.getInterruptionBehavior() == null ? null : market.getInterruptionBehavior().name());
  }
}

package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Between our instance records and the SDK's request and response shapes. */
final class InstanceMapping {

  private InstanceMapping() {}

  static ObservedInstance observed(Instance i) {
    return new ObservedInstance(
        i.instanceId(),
        i.imageId(),
        i.instanceTypeAsString(),
        i.state() == null ? null : i.state().nameAsString(),
        i.subnetId(),
        i.vpcId(),
        i.placement() == null ? null : i.placement().availabilityZone(),
        i.privateIpAddress(),
        blankToNull(i.publicIpAddress()),
        blankToNull(i.publicDnsName()),
        i.launchTime(),
        i.instanceLifecycle() == null ? "on-demand" : i.instanceLifecycleAsString(),
        i.keyName(),
        i.securityGroups().stream().map(GroupIdentifier::groupId).collect(Collectors.toSet()),
        i.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> b)),
        i.spotInstanceRequestId(),
        blankToNull(i.clientToken()));
  }

  /**
   * Everything the launch creates carries the tags: the IAM policy lets the operator cancel only spot
   * requests tagged with its cluster, and lets it launch only when each created resource is so tagged.
   */
  private static java.util.List<TagSpecification> tagSpecifications(LaunchRequest r) {
    var types = new java.util.ArrayList<>(java.util.List.of(ResourceType.INSTANCE, ResourceType.VOLUME));
    if (r.spotMarket() != null) {
      types.add(ResourceType.SPOT_INSTANCES_REQUEST);
    }
    return types.stream().map(t -> TagSpecification.builder().resourceType(t).tags(tags(r.tags())).build()).toList();
  }

  static RunInstancesRequest runInstances(LaunchRequest r) {
    RunInstancesRequest.Builder b = RunInstancesRequest.builder()
        .clientToken(r.clientToken())
        .imageId(r.imageId())
        .instanceType(r.instanceType())
        .minCount(1)
        .maxCount(1)
        .keyName(r.keyName())
        .tagSpecifications(tagSpecifications(r));
    if (r.associatePublicIpAddress() != null) {
      // The public-IP choice lives on the network interface, and then subnet and groups must too.
      b.networkInterfaces(InstanceNetworkInterfaceSpecification.builder()
          .deviceIndex(0)
          .associatePublicIpAddress(r.associatePublicIpAddress())
          .subnetId(r.subnetId())
          .groups(r.securityGroupIds().isEmpty() ? null : r.securityGroupIds())
          .build());
    } else {
      b.subnetId(r.subnetId());
      if (!r.securityGroupIds().isEmpty()) {
        b.securityGroupIds(r.securityGroupIds());
      }
    }
    if (r.userData() != null) {
      b.userData(Base64.getEncoder().encodeToString(r.userData().getBytes(StandardCharsets.UTF_8)));
    }
    if (r.iamInstanceProfile() != null) {
      b.iamInstanceProfile(r.iamInstanceProfile().startsWith("arn:")
          ? IamInstanceProfileSpecification.builder().arn(r.iamInstanceProfile()).build()
          : IamInstanceProfileSpecification.builder().name(r.iamInstanceProfile()).build());
    }
    if (!r.blockDevices().isEmpty()) {
      b.blockDeviceMappings(r.blockDevices().stream().map(InstanceMapping::blockDevice).toList());
    }
    if (r.spotMarket() != null) {
      String behavior = r.spotMarket().interruptionBehavior();
      b.instanceMarketOptions(InstanceMarketOptionsRequest.builder()
          .marketType(MarketType.SPOT)
          .spotOptions(SpotMarketOptions.builder()
              .maxPrice(r.spotMarket().maxPrice())
              .instanceInterruptionBehavior(behavior)
              // stop and hibernate need a persistent request; terminate works with one-time
              .spotInstanceType(behavior == null || "terminate".equals(behavior) ? "one-time" : "persistent")
              .build())
          .build());
    }
    return b.build();
  }

  static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  /** Tags set at creation on what a create call makes (key pairs, addresses). */
  static TagSpecification tagsAtCreation(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type).tags(tags(tags)).build();
  }

  /** EC2's tag list as a map (null: none). */
  static Map<String, String> tagMap(List<Tag> tags) {
    return tags == null ? Map.of() : tags.stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? ""
        : t.value(), (a, b) -> b));
  }

  private static BlockDeviceMapping blockDevice(LaunchRequest.BlockDevice d) {
    return BlockDeviceMapping.builder()
        .deviceName(d.deviceName())
        .ebs(EbsBlockDevice.builder()
            .volumeSize(d.volumeSize())
            .volumeType(d.volumeType())
            .iops(d.iops())
            .throughput(d.throughput())
            .encrypted(d.encrypted())
            .deleteOnTermination(d.deleteOnTermination())
            .build())
        .build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package dev.fleet.ec2.cloud;

import java.util.List;
import java.util.Map;

/**
 * Everything RunInstances needs for one instance. {@code clientToken} makes the call idempotent on
 * real EC2; {@code tags} are put on the instance and its volumes at launch.
 */
public record LaunchRequest(
    String clientToken,
    String imageId,
    String instanceType,
    String subnetId,
    List<String> securityGroupIds,
    String keyName,
    String userData,
    String iamInstanceProfile,
    Boolean associatePublicIpAddress,
    List<BlockDevice> blockDevices,
    SpotMarket spotMarket,
    Map<String, String> tags) {

  public LaunchRequest {
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    blockDevices = blockDevices == null ? List.of() : List.copyOf(blockDevices);
    tags = Map.copyOf(tags);
  }

  /** One EBS volume attached at launch. Null fields take EC2's defaults. */
  public record BlockDevice(String deviceName, Integer volumeSize, String volumeType, Integer iops, Integer throughput,
      Boolean encrypted, Boolean deleteOnTermination) {}

  /** Spot purchase options; null maxPrice means the on-demand price cap EC2 applies. */
  public record SpotMarket(String maxPrice, String interruptionBehavior) {}
}

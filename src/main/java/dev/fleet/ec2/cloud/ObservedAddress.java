package dev.fleet.ec2.cloud;

import java.util.Map;

/**
 * One Elastic IP address as DescribeAddresses reports it.
 *
 * @param associationId null while the address is not associated
 * @param instanceId the instance it is associated with, or null
 */
public record ObservedAddress(String allocationId, String publicIp, String associationId, String instanceId,
    Map<String, String> tags) {

  public ObservedAddress {
    tags = Map.copyOf(tags);
  }

  public boolean associated() {
    return associationId != null;
  }

  /** The same address, now associated as {@code associationId} with {@code instanceId} (null, null: not at all). */
  public ObservedAddress associatedWith(String associationId, String instanceId) {
    return new ObservedAddress(allocationId, publicIp, associationId, instanceId, tags);
  }

  public ObservedAddress withTags(Map<String, String> tags) {
    return new ObservedAddress(allocationId, publicIp, associationId, instanceId, tags);
  }
}

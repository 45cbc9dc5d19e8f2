package dev.fleet.ec2.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** One EC2 instance as DescribeInstances reports it. */
public record ObservedInstance(
    String instanceId,
    String imageId,
    String instanceType,
    String state,
    String subnetId,
    String vpcId,
    String availabilityZone,
    String privateIpAddress,
    String publicIpAddress,
    String publicDnsName,
    Instant launchTime,
    String lifecycle,
    String keyName,
    Set<String> securityGroupIds,
    Map<String, String> tags,
    String spotInstanceRequestId,
    String clientToken) {

  public static final String PENDING = "pending";
  public static final String RUNNING = "running";
  public static final String STOPPING = "stopping";
  public static final String STOPPED = "stopped";
  public static final String SHUTTING_DOWN = "shutting-down";
  public static final String TERMINATED = "terminated";

  public ObservedInstance {
    securityGroupIds = Set.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
  }

  /** An instance whose launch's client token is not known (not reported, or not needed). */
  public ObservedInstance(String instanceId, String imageId, String instanceType, String state, String subnetId,
      String vpcId, String availabilityZone, String privateIpAddress, String publicIpAddress, String publicDnsName,
      Instant launchTime, String lifecycle, String keyName, Set<String> securityGroupIds, Map<String, String> tags,
      String spotInstanceRequestId) {
    this(instanceId, imageId, instanceType, state, subnetId, vpcId, availabilityZone, privateIpAddress,
        publicIpAddress, publicDnsName, launchTime, lifecycle, keyName, securityGroupIds, tags, spotInstanceRequestId,
        null);
  }

  /** This instance as it is once an action moved it to {@code newState} (until EC2 says more). */
  public ObservedInstance withState(String newState) {
    return new ObservedInstance(instanceId, imageId, instanceType, newState, subnetId, vpcId, availabilityZone,
        privateIpAddress, publicIpAddress, publicDnsName, launchTime, lifecycle, keyName, securityGroupIds, tags,
        spotInstanceRequestId, clientToken);
  }

  /** This instance once an Elastic IP address {@code ip} is associated with it (until EC2 says more). */
  public ObservedInstance withPublicIpAddress(String ip) {
    return new ObservedInstance(instanceId, imageId, instanceType, state, subnetId, vpcId, availabilityZone,
        privateIpAddress, ip, publicDnsName, launchTime, lifecycle, keyName, securityGroupIds, tags,
        spotInstanceRequestId, clientToken);
  }

  /** This instance with {@code added} tags set on it (until EC2 says more). */
  public ObservedInstance withTags(Map<String, String> added) {
    var all = new java.util.HashMap<>(tags);
    all.putAll(added);
    return new ObservedInstance(instanceId, imageId, instanceType, state, subnetId, vpcId, availabilityZone,
        privateIpAddress, publicIpAddress, publicDnsName, launchTime, lifecycle, keyName, securityGroupIds, all,
        spotInstanceRequestId, clientToken);
  }

  /** True when EC2 reports this instance as launched under {@code token}. */
  public boolean launchedUnder(String token) {
    return token != null && token.equals(clientToken);
  }

  /** Terminated or on its way there: as good as gone. */
  public boolean isGone() {
    return SHUTTING_DOWN.equals(state) || TERMINATED.equals(state);
  }

  /** Between two stable states: pending or stopping. */
  public boolean isTransitioning() {
    return PENDING.equals(state) || STOPPING.equals(state);
  }
}

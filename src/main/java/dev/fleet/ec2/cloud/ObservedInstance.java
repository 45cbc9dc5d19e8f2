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
    String spotInstanceRequestId) {

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

  /** Terminated or on its way there: as good as gone. */
  public boolean isGone() {
    return SHUTTING_DOWN.equals(state) || TERMINATED.equals(state);
  }

  /** Between two stable states: pending or stopping. */
  public boolean isTransitioning() {
    return PENDING.equals(state) || STOPPING.equals(state);
  }
}

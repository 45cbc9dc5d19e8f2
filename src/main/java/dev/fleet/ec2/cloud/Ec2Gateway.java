package dev.fleet.ec2.cloud;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the operator asks of EC2, in domain terms. The only implementation that talks to AWS
 * lives in {@code cloud.aws}; nothing outside that package imports the AWS SDK.
 * Every method throws {@link CloudException} on failure.
 */
public interface Ec2Gateway {

  /** The region's default VPC, if it has one. */
  Optional<Vpc> findDefaultVpc();

  /** All subnets of one VPC, sorted by availability zone then id. */
  List<Subnet> describeSubnets(String vpcId);

  /** All instances that carry tag {@code key=value}, terminated ones included while EC2 still shows them. */
  List<ObservedInstance> describeInstancesByTag(String key, String value);

  /** The given instances; ids EC2 does not know are left out rather than failing the call. */
  List<ObservedInstance> describeInstancesById(Collection<String> instanceIds);

  /** Launches one instance (MinCount = MaxCount = 1) and returns it as RunInstances reports it. */
  default ObservedInstance runInstance(LaunchRequest request) {
    return runInstances(request, 1).get(0);
  }

  /** Launches {@code count} identical instances in one call (MinCount = MaxCount = count). */
  List<ObservedInstance> runInstances(LaunchRequest request, int count);

  /**
   * Every pending or running instance of the account in this region, whoever launched it: what counts against
   * its vCPU quotas. Read only to explain a {@code VcpuLimitExceeded}, never on a reconcile's normal path.
   */
  List<ObservedInstance> describeRunningInstances();

  /** The default vCPU count of each of these instance types, as DescribeInstanceTypes reports it. */
  Map<String, Integer> describeVcpus(Collection<String> instanceTypes);

  /** The latest spot price per "instanceType/zone" for these types (Linux/UNIX). */
  Map<String, java.math.BigDecimal> spotPrices(Collection<String> instanceTypes);

  /** The subnet with this id, if EC2 knows it. */
  Optional<Subnet> describeSubnet(String subnetId);

  /**
   * Starts these instances in one call. Like EC2, the call fails as a whole when any one id is refused
   * (unknown, wrong state, not permitted); callers that need per-id outcomes use {@link BatchingEc2Gateway}.
   */
  void startInstances(Collection<String> instanceIds);

  /** Stops these instances in one call; fails as a whole like {@link #startInstances}. */
  void stopInstances(Collection<String> instanceIds);

  /** Terminates these instances in one call; fails as a whole like {@link #startInstances}. */
  void terminateInstances(Collection<String> instanceIds);

  default void startInstance(String instanceId) {
    startInstances(List.of(instanceId));
  }

  default void stopInstance(String instanceId) {
    stopInstances(List.of(instanceId));
  }

  void rebootInstance(String instanceId);

  default void terminateInstance(String instanceId) {
    terminateInstances(List.of(instanceId));
  }

  /** A spot fleet request made outside the operator; empty when EC2 does not know it. */
  Optional<ObservedSpotFleetRequest> describeSpotFleetRequest(String requestId);

  /** The ids of the instances EC2 lists as that request's active members, every page. */
  List<String> describeSpotFleetInstances(String requestId);

  /** Creates a key pair, tagged at creation; the answer carries its private key, which EC2 never gives again. */
  CreatedKeyPair createKeyPair(String keyName, String keyType, Map<String, String> tags);

  /** Imports an OpenSSH public key as a key pair, tagged at creation. */
  ObservedKeyPair importKeyPair(String keyName, String publicKey, Map<String, String> tags);

  /** All key pairs that carry tag {@code key=value}, with their public keys. */
  List<ObservedKeyPair> describeKeyPairsByTag(String key, String value);

  /** Deletes a key pair by name (unique per account and region; the emulator honours only the name, not the id). */
  void deleteKeyPair(String keyName);

  /** Allocates an Elastic IP address (domain vpc), tagged at creation. */
  ObservedAddress allocateAddress(Map<String, String> tags);

  /** All Elastic IP addresses that carry tag {@code key=value}. */
  List<ObservedAddress> describeAddressesByTag(String key, String value);

  /**
   * Associates the address with the instance (its primary network interface), never taking it from another
   * association (AllowReassociation false); returns the association id.
   */
  String associateAddress(String allocationId, String instanceId);

  void disassociateAddress(String associationId);

  void releaseAddress(String allocationId);

  /** Cancels a spot request, so that a persistent one does not launch again once its instance is gone. */
  void cancelSpotRequest(String spotInstanceRequestId);

  void modifyInstanceType(String instanceId, String instanceType);

  void modifySecurityGroups(String instanceId, Collection<String> securityGroupIds);

  /** Sets the same tags on all these resources in one call; fails as a whole like {@link #startInstances}. */
  void createTags(Collection<String> resourceIds, Map<String, String> tags);

  /** Removes the same tag keys from all these resources in one call; fails as a whole like {@link #startInstances}. */
  void deleteTags(Collection<String> resourceIds, Collection<String> keys);

  default void createTags(String resourceId, Map<String, String> tags) {
    createTags(List.of(resourceId), tags);
  }

  default void deleteTags(String resourceId, Collection<String> keys) {
    deleteTags(List.of(resourceId), keys);
  }

  /** All security groups that carry tag {@code key=value}; every page. */
  List<ObservedSecurityGroup> describeSecurityGroupsByTag(String key, String value);

  /** One group by id; empty when EC2 does not know it. */
  Optional<ObservedSecurityGroup> describeSecurityGroup(String groupId);

  /** The group of this name in this VPC, if any (names are unique per VPC). */
  Optional<ObservedSecurityGroup> findSecurityGroupByName(String vpcId, String groupName);

  /** Creates a group, tagged at creation; returns its id. */
  String createSecurityGroup(String groupName, String description, String vpcId, Map<String, String> tags);

  void deleteSecurityGroup(String groupId);

  /** Adds rules in one call. */
  void authorizeRules(String groupId, RuleDirection direction, Collection<SgRule> rules);

  /** Removes rules in one call. */
  void revokeRules(String groupId, RuleDirection direction, Collection<SgRule> rules);

  /** Sets the descriptions of existing rules in one call. */
  void updateRuleDescriptions(String groupId, RuleDirection direction, Collection<SgRule> rules);
}

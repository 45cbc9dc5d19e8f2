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

  /** The latest spot price per "instanceType/zone" for these types (Linux/UNIX). */
  Map<String, java.math.BigDecimal> spotPrices(Collection<String> instanceTypes);

  /** The subnet with this id, if EC2 knows it. */
  Optional<Subnet> describeSubnet(String subnetId);

  void startInstance(String instanceId);

  void stopInstance(String instanceId);

  void rebootInstance(String instanceId);

  void terminateInstance(String instanceId);

  /** Cancels a spot request, so that a persistent one does not launch again once its instance is gone. */
  void cancelSpotRequest(String spotInstanceRequestId);

  void modifyInstanceType(String instanceId, String instanceType);

  void modifySecurityGroups(String instanceId, Collection<String> securityGroupIds);

  void createTags(String resourceId, Map<String, String> tags);

  void deleteTags(String resourceId, Collection<String> keys);

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

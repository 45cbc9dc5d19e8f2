package dev.fleet.ec2.cloud;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A gateway that hands every call to another one through {@link #call}, named by its EC2 action. The
 * decorators (metering, rate limiting, batching, caching) extend it, so that each states only what it
 * changes and the list of EC2 actions is written once. Single-id calls are not forwarded on their own:
 * the interface's defaults turn them into the multi-id calls, which are.
 */
public abstract class ForwardingEc2Gateway implements Ec2Gateway {
  protected final Ec2Gateway delegate;

  protected ForwardingEc2Gateway(Ec2Gateway delegate) {
    this.delegate = delegate;
  }

  /** Runs one call of {@code action} on the delegate; decorators wrap it. */
  protected <T> T call(String action, Supplier<T> call) {
    return call.get();
  }

  private void run(String action, Runnable call) {
    call(action, () -> {
      call.run();
      return null;
    });
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    return call("DescribeVpcs", delegate::findDefaultVpc);
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    return call("DescribeSubnets", () -> delegate.describeSubnets(vpcId));
  }

  @Override
  public List<ObservedInstance> describeInstancesByTag(String key, String value) {
    return call("DescribeInstances", () -> delegate.describeInstancesByTag(key, value));
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> instanceIds) {
    return call("DescribeInstances", () -> delegate.describeInstancesById(instanceIds));
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest request, int count) {
    return call("RunInstances", () -> delegate.runInstances(request, count));
  }

  @Override
  public List<ObservedInstance> describeRunningInstances() {
    return call("DescribeInstances", delegate::describeRunningInstances);
  }

  @Override
  public Map<String, Integer> describeVcpus(Collection<String> instanceTypes) {
    return call("DescribeInstanceTypes", () -> delegate.describeVcpus(instanceTypes));
  }

  @Override
  public Map<String, BigDecimal> spotPrices(Collection<String> instanceTypes) {
    return call("DescribeSpotPriceHistory", () -> delegate.spotPrices(instanceTypes));
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    return call("DescribeSubnets", () -> delegate.describeSubnet(subnetId));
  }

  @Override
  public void startInstances(Collection<String> instanceIds) {
    run("StartInstances", () -> delegate.startInstances(instanceIds));
  }

  @Override
  public void stopInstances(Collection<String> instanceIds) {
    run("StopInstances", () -> delegate.stopInstances(instanceIds));
  }

  @Override
  public void terminateInstances(Collection<String> instanceIds) {
    run("TerminateInstances", () -> delegate.terminateInstances(instanceIds));
  }

  @Override
  public void rebootInstance(String instanceId) {
    run("RebootInstances", () -> delegate.rebootInstance(instanceId));
  }

  @Override
  public Optional<ObservedSpotFleetRequest> describeSpotFleetRequest(String requestId) {
    return call("DescribeSpotFleetRequests", () -> delegate.describeSpotFleetRequest(requestId));
  }

  @Override
  public List<String> describeSpotFleetInstances(String requestId) {
    return call("DescribeSpotFleetInstances", () -> delegate.describeSpotFleetInstances(requestId));
  }

  @Override
  public CreatedKeyPair createKeyPair(String keyName, String keyType, Map<String, String> tags) {
    return call("CreateKeyPair", () -> delegate.createKeyPair(keyName, keyType, tags));
  }

  @Override
  public ObservedKeyPair importKeyPair(String keyName, String publicKey, Map<String, String> tags) {
    return call("ImportKeyPair", () -> delegate.importKeyPair(keyName, publicKey, tags));
  }

  @Override
  public List<ObservedKeyPair> describeKeyPairsByTag(String key, String value) {
    return call("DescribeKeyPairs", () -> delegate.describeKeyPairsByTag(key, value));
  }

  @Override
  public void deleteKeyPair(String keyName) {
    run("DeleteKeyPair", () -> delegate.deleteKeyPair(keyName));
  }

  @Override
  public ObservedAddress allocateAddress(Map<String, String> tags) {
    return call("AllocateAddress", () -> delegate.allocateAddress(tags));
  }

  @Override
  public List<ObservedAddress> describeAddressesByTag(String key, String value) {
    return call("DescribeAddresses", () -> delegate.describeAddressesByTag(key, value));
  }

  @Override
  public String associateAddress(String allocationId, String instanceId) {
    return call("AssociateAddress", () -> delegate.associateAddress(allocationId, instanceId));
  }

  @Override
  public void disassociateAddress(String associationId) {
    run("DisassociateAddress", () -> delegate.disassociateAddress(associationId));
  }

  @Override
  public void releaseAddress(String allocationId) {
    run("ReleaseAddress", () -> delegate.releaseAddress(allocationId));
  }

  @Override
  public void cancelSpotRequest(String spotInstanceRequestId) {
    run("CancelSpotInstanceRequests", () -> delegate.cancelSpotRequest(spotInstanceRequestId));
  }

  @Override
  public void modifyInstanceType(String instanceId, String instanceType) {
    run("ModifyInstanceAttribute", () -> delegate.modifyInstanceType(instanceId, instanceType));
  }

  @Override
  public void modifySecurityGroups(String instanceId, Collection<String> securityGroupIds) {
    run("ModifyInstanceAttribute", () -> delegate.modifySecurityGroups(instanceId, securityGroupIds));
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    run("CreateTags", () -> delegate.createTags(resourceIds, tags));
  }

  @Override
  public void deleteTags(Collection<String> resourceIds, Collection<String> keys) {
    run("DeleteTags", () -> delegate.deleteTags(resourceIds, keys));
  }

  @Override
  public List<ObservedSecurityGroup> describeSecurityGroupsByTag(String key, String value) {
    return call("DescribeSecurityGroups", () -> delegate.describeSecurityGroupsByTag(key, value));
  }

  @Override
  public Optional<ObservedSecurityGroup> describeSecurityGroup(String groupId) {
    return call("DescribeSecurityGroups", () -> delegate.describeSecurityGroup(groupId));
  }

  @Override
  public Optional<ObservedSecurityGroup> findSecurityGroupByName(String vpcId, String groupName) {
    return call("DescribeSecurityGroups", () -> delegate.findSecurityGroupByName(vpcId, groupName));
  }

  @Override
  public String createSecurityGroup(String groupName, String description, String vpcId, Map<String, String> tags) {
    return call("CreateSecurityGroup", () -> delegate.createSecurityGroup(groupName, description, vpcId, tags));
  }

  @Override
  public void deleteSecurityGroup(String groupId) {
    run("DeleteSecurityGroup", () -> delegate.deleteSecurityGroup(groupId));
  }

  @Override
  public void authorizeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    run(direction == RuleDirection.INGRESS ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress",
        () -> delegate.authorizeRules(groupId, direction, rules));
  }

  @Override
  public void revokeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    run(direction == RuleDirection.INGRESS ? "RevokeSecurityGroupIngress" : "RevokeSecurityGroupEgress",
        () -> delegate.revokeRules(groupId, direction, rules));
  }

  @Override
  public void updateRuleDescriptions(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    run(direction == RuleDirection.INGRESS ? "UpdateSecurityGroupRuleDescriptionsIngress"
        : "UpdateSecurityGroupRuleDescriptionsEgress", () -> delegate.updateRuleDescriptions(groupId, direction, rules));
  }
}

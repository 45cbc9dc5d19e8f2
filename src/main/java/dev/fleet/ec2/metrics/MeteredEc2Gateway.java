package dev.fleet.ec2.metrics;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.RuleDirection;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.Vpc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Counts and times every EC2 call by action and outcome ({@code ok} or EC2's error code), and counts
 * throttling separately so it can be alerted on.
 */
public final class MeteredEc2Gateway implements Ec2Gateway {
  static final String CALLS = "ec2fleet.ec2.call";
  static final String THROTTLED = "ec2fleet.ec2.throttled";

  private final Ec2Gateway delegate;
  private final MeterRegistry registry;

  public MeteredEc2Gateway(Ec2Gateway delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    return timed("DescribeVpcs", delegate::findDefaultVpc);
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    return timed("DescribeSubnets", () -> delegate.describeSubnets(vpcId));
  }

  @Override
  public List<ObservedInstance> describeInstancesByTag(String key, String value) {
    return timed("DescribeInstances", () -> delegate.describeInstancesByTag(key, value));
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> instanceIds) {
    return timed("DescribeInstances", () -> delegate.describeInstancesById(instanceIds));
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest request, int count) {
    return timed("RunInstances", () -> delegate.runInstances(request, count));
  }

  @Override
  public Map<String, java.math.BigDecimal> spotPrices(Collection<String> instanceTypes) {
    return timed("DescribeSpotPriceHistory", () -> delegate.spotPrices(instanceTypes));
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    return timed("DescribeSubnets", () -> delegate.describeSubnet(subnetId));
  }

  @Override
  public void startInstance(String instanceId) {
    run("StartInstances", () -> delegate.startInstance(instanceId));
  }

  @Override
  public void stopInstance(String instanceId) {
    run("StopInstances", () -> delegate.stopInstance(instanceId));
  }

  @Override
  public void rebootInstance(String instanceId) {
    run("RebootInstances", () -> delegate.rebootInstance(instanceId));
  }

  @Override
  public void terminateInstance(String instanceId) {
    run("TerminateInstances", () -> delegate.terminateInstance(instanceId));
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
  public void createTags(String resourceId, Map<String, String> tags) {
    run("CreateTags", () -> delegate.createTags(resourceId, tags));
  }

  @Override
  public void deleteTags(String resourceId, Collection<String> keys) {
    run("DeleteTags", () -> delegate.deleteTags(resourceId, keys));
  }

  @Override
  public List<ObservedSecurityGroup> describeSecurityGroupsByTag(String key, String value) {
    return timed("DescribeSecurityGroups", () -> delegate.describeSecurityGroupsByTag(key, value));
  }

  @Override
  public Optional<ObservedSecurityGroup> describeSecurityGroup(String groupId) {
    return timed("DescribeSecurityGroups", () -> delegate.describeSecurityGroup(groupId));
  }

  @Override
  public Optional<ObservedSecurityGroup> findSecurityGroupByName(String vpcId, String groupName) {
    return timed("DescribeSecurityGroups", () -> delegate.findSecurityGroupByName(vpcId, groupName));
  }

  @Override
  public String createSecurityGroup(String groupName, String description, String vpcId, Map<String, String> tags) {
    return timed("CreateSecurityGroup", () -> delegate.createSecurityGroup(groupName, description, vpcId, tags));
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

  private void run(String action, Runnable call) {
    timed(action, () -> {
      call.run();
      return null;
    });
  }

  private <T> T timed(String action, Supplier<T> call) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "ok";
    try {
      return call.get();
    } catch (CloudException e) {
      outcome = e.errorCode();
      if (e.kind() == CloudErrorKind.THROTTLED) {
        Counter.builder(THROTTLED).description("EC2 calls refused by throttling")
            .tag("action", action).register(registry).increment();
      }
      throw e;
    } catch (RuntimeException e) {
      outcome = "Unexpected";
      throw e;
    } finally {
      sample.stop(Timer.builder(CALLS).description("EC2 API calls by action and outcome")
          .tag("action", action).tag("outcome", outcome).register(registry));
    }
  }
}

package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.CreatedKeyPair;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.ObservedSpotFleetRequest;
import dev.fleet.ec2.cloud.RuleDirection;
import dev.fleet.ec2.cloud.SgRule;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Tag;

/** {@link Ec2Gateway} over the AWS SDK for Java v2. */
public final class AwsEc2Gateway implements Ec2Gateway {
  /**
   * DescribeInstances' page (EC2 allows up to 1,000). The SDK parses each answer whole, as a tree, before
   * mapping it: about 180 KB allocated per instance, so a page of 1,000 in flight is tens of MB that young
   * collections promote, which grew the heap to its limit at 5,000 instances. Smaller pages cost more requests
   * (20 per poll at 5,000), each cheap.
   */
  static final int PAGE = 250;
  private final Ec2Client ec2;
  private final KeyPairCalls keyPairs;
  private final AddressCalls addresses;
  private final VcpuUseCalls vcpuUse;

  public AwsEc2Gateway(Ec2Client ec2) {
    this.ec2 = ec2;
    this.keyPairs = new KeyPairCalls(ec2);
    this.addresses = new AddressCalls(ec2);
    this.vcpuUse = new VcpuUseCalls(ec2);
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    return AwsErrors.call("DescribeVpcs", () -> ec2.describeVpcsPaginator(r -> r.filters(filter("is-default", "true")))
        .vpcs().stream()
        .map(v -> new Vpc(v.vpcId(), v.cidrBlock(), Boolean.TRUE.equals(v.isDefault())))
        .findFirst());
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    return AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnetsPaginator(r -> r.filters(filter("vpc-id", vpcId)))
        .subnets().stream()
        .map(s -> new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock(),
            Boolean.TRUE.equals(s.defaultForAz())))
        .sorted(Comparator.comparing(Subnet::availabilityZone).thenComparing(Subnet::subnetId))
        .toList());
  }

  @Override
  public List<ObservedInstance> describeInstancesByTag(String key, String value) {
    // paged (see PAGE): an unpaged answer for thousands of instances is one huge document
    return AwsErrors.call("DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.maxResults(PAGE).filters(
            filter("tag:" + key, value),
            // terminated too (EC2 shows them for about an hour): "terminated" and "not visible yet" differ
            filter("instance-state-name", "pending", "running", "stopping", "stopped", "shutting-down", "terminated")))
        .reservations().stream()
        .flatMap(res -> res.instances().stream())
        .map(InstanceMapping::observed)
        .toList());
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> instanceIds) {
    List<String> ids = unique(instanceIds);
    if (ids.isEmpty()) {
      return List.of();
    }
    try {
      return AwsErrors.call("DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.instanceIds(ids))
          .reservations().stream()
          .flatMap(res -> res.instances().stream())
          .map(InstanceMapping::observed)
          .toList());
    } catch (CloudException e) {
      if (e.kind() != CloudErrorKind.NOT_FOUND) {
        throw e;
      }
      // One unknown id fails the whole call: ask one by one so the known ones still come back.
      if (ids.size() == 1) {
        return List.of();
      }
      List<ObservedInstance> found = new ArrayList<>();
      for (String id : ids) {
        found.addAll(describeInstancesById(List.of(id)));
      }
      return found;
    }
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest request, int count) {
    var call = InstanceMapping.runInstances(request).toBuilder().minCount(count).maxCount(count).build();
    return AwsErrors.call("RunInstances", () ->
        ec2.runInstances(call).instances().stream().map(InstanceMapping::observed).toList());
  }

  @Override
  public List<ObservedInstance> describeRunningInstances() {
    return vcpuUse.running();
  }

  @Override
  public Map<String, Integer> describeVcpus(Collection<String> instanceTypes) {
    return vcpuUse.vcpus(instanceTypes);
  }

  @Override
  public Map<String, java.math.BigDecimal> spotPrices(Collection<String> instanceTypes) {
    Map<String, java.math.BigDecimal> latest = new java.util.HashMap<>();
    Map<String, java.time.Instant> at = new java.util.HashMap<>();
    AwsErrors.call("DescribeSpotPriceHistory", () -> {
      ec2.describeSpotPriceHistoryPaginator(r -> r.instanceTypesWithStrings(instanceTypes)
              .productDescriptions("Linux/UNIX").startTime(java.time.Instant.now()))
          .spotPriceHistory().forEach(p -> {
            String key = p.instanceTypeAsString() + "/" + p.availabilityZone();
            if (!at.containsKey(key) || p.timestamp() != null && p.timestamp().isAfter(at.get(key))) {
              at.put(key, p.timestamp() == null ? java.time.Instant.EPOCH : p.timestamp());
              latest.put(key, new java.math.BigDecimal(p.spotPrice()));
            }
          });
      return null;
    });
    return latest;
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    try {
      return AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(subnetId)).subnets()
          .stream().map(s -> new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock(),
              Boolean.TRUE.equals(s.defaultForAz()))).findFirst());
    } catch (CloudException e) {
      if (e.kind() == CloudErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void startInstances(Collection<String> instanceIds) {
    AwsErrors.call("StartInstances", () -> ec2.startInstances(r -> r.instanceIds(unique(instanceIds))));
  }

  @Override
  public void stopInstances(Collection<String> instanceIds) {
    AwsErrors.call("StopInstances", () -> ec2.stopInstances(r -> r.instanceIds(unique(instanceIds))));
  }

  @Override
  public void rebootInstance(String instanceId) {
    AwsErrors.call("RebootInstances", () -> ec2.rebootInstances(r -> r.instanceIds(instanceId)));
  }

  @Override
  public void terminateInstances(Collection<String> instanceIds) {
    AwsErrors.call("TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(unique(instanceIds))));
  }

  @Override
  public Optional<ObservedSpotFleetRequest> describeSpotFleetRequest(String requestId) {
    try {
      return AwsErrors.call("DescribeSpotFleetRequests", () -> ec2.describeSpotFleetRequests(r -> r
          .spotFleetRequestIds(requestId)).spotFleetRequestConfigs().stream()
          .filter(c -> requestId.equals(c.spotFleetRequestId()))
          .map(c -> new ObservedSpotFleetRequest(c.spotFleetRequestId(), c.spotFleetRequestStateAsString(),
              c.spotFleetRequestConfig().targetCapacity() == null ? 0 : c.spotFleetRequestConfig().targetCapacity(),
              c.spotFleetRequestConfig().allocationStrategyAsString()))
          .findFirst());
    } catch (CloudException e) {
      if (e.kind() == CloudErrorKind.NOT_FOUND) { // InvalidSpotFleetRequestId.NotFound: gone, or never was
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<String> describeSpotFleetInstances(String requestId) {
    return AwsErrors.call("DescribeSpotFleetInstances", () -> {
      List<String> ids = new ArrayList<>();
      String next = null;
      do { // no SDK paginator for this action: follow NextToken by hand
        String token = next;
        var page = ec2.describeSpotFleetInstances(r -> r.spotFleetRequestId(requestId).nextToken(token));
        page.activeInstances().forEach(i -> ids.add(i.instanceId()));
        next = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
      } while (next != null);
      return ids;
    });
  }

  @Override
  public CreatedKeyPair createKeyPair(String keyName, String keyType, Map<String, String> tags) {
    return keyPairs.create(keyName, keyType, tags);
  }

  @Override
  public ObservedKeyPair importKeyPair(String keyName, String publicKey, Map<String, String> tags) {
    return keyPairs.importKey(keyName, publicKey, tags);
  }

  @Override
  public List<ObservedKeyPair> describeKeyPairsByTag(String key, String value) {
    return keyPairs.byTag(key, value);
  }

  @Override
  public void deleteKeyPair(String keyName) {
    keyPairs.delete(keyName);
  }

  @Override
  public ObservedAddress allocateAddress(Map<String, String> tags) {
    return addresses.allocate(tags);
  }

  @Override
  public List<ObservedAddress> describeAddressesByTag(String key, String value) {
    return addresses.byTag(key, value);
  }

  @Override
  public String associateAddress(String allocationId, String instanceId) {
    return addresses.associate(allocationId, instanceId);
  }

  @Override
  public void disassociateAddress(String associationId) {
    addresses.disassociate(associationId);
  }

  @Override
  public void releaseAddress(String allocationId) {
    addresses.release(allocationId);
  }

  @Override
  public void cancelSpotRequest(String spotInstanceRequestId) {
    AwsErrors.call("CancelSpotInstanceRequests", () -> ec2.cancelSpotInstanceRequests(r ->
        r.spotInstanceRequestIds(spotInstanceRequestId)));
  }

  @Override
  public void modifyInstanceType(String instanceId, String instanceType) {
    // Only the one attribute: the emulator wipes security groups when sent attributes it does not handle.
    AwsErrors.call("ModifyInstanceAttribute", () -> ec2.modifyInstanceAttribute(r -> r.instanceId(instanceId)
        .instanceType(AttributeValue.builder().value(instanceType).build())));
  }

  @Override
  public void modifySecurityGroups(String instanceId, Collection<String> securityGroupIds) {
    AwsErrors.call("ModifyInstanceAttribute", () -> ec2.modifyInstanceAttribute(r -> r.instanceId(instanceId)
        .groups(List.copyOf(securityGroupIds))));
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    AwsErrors.call("CreateTags", () -> ec2.createTags(r -> r.resources(unique(resourceIds))
        .tags(InstanceMapping.tags(tags))));
  }

  @Override
  public void deleteTags(Collection<String> resourceIds, Collection<String> keys) {
    AwsErrors.call("DeleteTags", () -> ec2.deleteTags(r -> r.resources(unique(resourceIds))
        .tags(keys.stream().map(k -> Tag.builder().key(k).build()).toList())));
  }

  @Override
  public List<ObservedSecurityGroup> describeSecurityGroupsByTag(String key, String value) {
    return AwsErrors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroupsPaginator(r -> r.filters(
            filter("tag:" + key, value)))
        .securityGroups().stream().map(SecurityGroupMapping::observed).toList());
  }

  @Override
  public Optional<ObservedSecurityGroup> describeSecurityGroup(String groupId) {
    try {
      return AwsErrors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.groupIds(groupId))
          .securityGroups().stream().map(SecurityGroupMapping::observed).findFirst());
    } catch (CloudException e) {
      if (e.kind() == CloudErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<ObservedSecurityGroup> findSecurityGroupByName(String vpcId, String groupName) {
    return AwsErrors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(
            filter("vpc-id", vpcId), filter("group-name", groupName)))
        .securityGroups().stream().map(SecurityGroupMapping::observed).findFirst());
  }

  @Override
  public String createSecurityGroup(String groupName, String description, String vpcId, Map<String, String> tags) {
    return AwsErrors.call("CreateSecurityGroup", () -> ec2.createSecurityGroup(r -> r.groupName(groupName)
        .description(description).vpcId(vpcId)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
            .tags(InstanceMapping.tags(tags)).build())).groupId());
  }

  @Override
  public void deleteSecurityGroup(String groupId) {
    AwsErrors.call("DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(r -> r.groupId(groupId)));
  }

  @Override
  public void authorizeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    var permissions = SecurityGroupMapping.permissions(rules);
    if (direction == RuleDirection.INGRESS) {
      AwsErrors.call("AuthorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId)
          .ipPermissions(permissions)));
    } else {
      AwsErrors.call("AuthorizeSecurityGroupEgress", () -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId)
          .ipPermissions(permissions)));
    }
  }

  @Override
  public void revokeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    var permissions = SecurityGroupMapping.permissions(rules);
    if (direction == RuleDirection.INGRESS) {
      AwsErrors.call("RevokeSecurityGroupIngress", () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId)
          .ipPermissions(permissions)));
    } else {
      AwsErrors.call("RevokeSecurityGroupEgress", () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId)
          .ipPermissions(permissions)));
    }
  }

  @Override
  public void updateRuleDescriptions(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    var permissions = SecurityGroupMapping.permissions(rules);
    if (direction == RuleDirection.INGRESS) {
      AwsErrors.call("UpdateSecurityGroupRuleDescriptionsIngress", () -> ec2
          .updateSecurityGroupRuleDescriptionsIngress(r -> r.groupId(groupId).ipPermissions(permissions)));
    } else {
      AwsErrors.call("UpdateSecurityGroupRuleDescriptionsEgress", () -> ec2
          .updateSecurityGroupRuleDescriptionsEgress(r -> r.groupId(groupId).ipPermissions(permissions)));
    }
  }

  /** EC2 refuses a request that names one id twice. */
  private static List<String> unique(Collection<String> ids) {
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}

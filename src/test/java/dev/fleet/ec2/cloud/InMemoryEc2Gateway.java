package dev.fleet.ec2.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pure in-memory EC2 behind our own interface, for unit tests of logic around the gateway. It
 * knows one default VPC and behaves like the emulator: state changes are immediate. {@link #failNext}
 * makes the next call of the failure's action fail as EC2 would.
 */
public class InMemoryEc2Gateway implements Ec2Gateway {
  private final Map<String, ObservedInstance> instances = new LinkedHashMap<>();
  private final Map<String, ObservedSecurityGroup> groups = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>(); // polls call from their threads
  private final List<String> cancelledSpotRequests = new ArrayList<>();
  private CloudException nextFailure;

  /** Every call made, by EC2 action name, in order. */
  public List<String> calls() {
    return calls;
  }

  public void failNext(CloudException failure) {
    nextFailure = failure;
  }

  public Map<String, ObservedInstance> instances() {
    return instances;
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    call("DescribeVpcs");
    return Optional.of(new Vpc("vpc-00000001", "172.31.0.0/16", true));
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    call("DescribeSubnets");
    return "vpc-00000001".equals(vpcId)
        ? List.of(new Subnet("subnet-0000000a", vpcId, "us-east-1a", "172.31.0.0/20", true)) : List.of();
  }

  @Override
  public List<ObservedInstance> describeInstancesByTag(String key, String value) {
    call("DescribeInstances");
    return instances.values().stream()
        .filter(i -> value.equals(i.tags().get(key)) && !ObservedInstance.TERMINATED.equals(i.state())).toList();
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> instanceIds) {
    call("DescribeInstances");
    return instanceIds.stream().map(instances::get).filter(i -> i != null).toList();
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest r, int count) {
    List<ObservedInstance> launched = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      launched.add(runOne(r));
    }
    return launched;
  }

  @Override
  public List<ObservedInstance> describeRunningInstances() {
    call("DescribeInstances");
    return instances.values().stream().filter(i -> ObservedInstance.PENDING.equals(i.state())
        || ObservedInstance.RUNNING.equals(i.state())).toList();
  }

  /** vCPUs as the first number of the size says ("2xlarge": 8); "micro", "small", "medium", "large": 2. */
  @Override
  public Map<String, Integer> describeVcpus(Collection<String> instanceTypes) {
    call("DescribeInstanceTypes");
    Map<String, Integer> vcpus = new java.util.TreeMap<>();
    for (String type : instanceTypes) {
      String size = type.substring(type.indexOf('.') + 1);
      int times = size.matches("\\d+xlarge") ? Integer.parseInt(size.replace("xlarge", "")) : 1;
      vcpus.put(type, size.endsWith("xlarge") ? 4 * times : 2);
    }
    return vcpus;
  }

  @Override
  public Map<String, java.math.BigDecimal> spotPrices(Collection<String> instanceTypes) {
    call("DescribeSpotPriceHistory");
    return Map.of();
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    call("DescribeSubnets");
    return describeSubnets("vpc-00000001").stream().filter(s -> s.subnetId().equals(subnetId)).findFirst();
  }

  private ObservedInstance runOne(LaunchRequest r) {
    call("RunInstances");
    String id = String.format("i-%017x", ids.incrementAndGet());
    ObservedInstance i = new ObservedInstance(id, r.imageId(), r.instanceType(), ObservedInstance.RUNNING,
        r.subnetId() == null ? "subnet-0000000a" : r.subnetId(), "vpc-00000001", "us-east-1a", "172.31.0.10",
        "203.0.113.10", null, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(ids.get()),
        r.spotMarket() == null ? "on-demand" : "spot", r.keyName(), Set.copyOf(r.securityGroupIds()), r.tags(),
        r.spotMarket() == null ? null : "sir-" + id.substring(2));
    instances.put(id, i);
    return i;
  }

  @Override
  public void startInstance(String instanceId) {
    call("StartInstances");
    update(instanceId, ObservedInstance.RUNNING, null, null, null);
  }

  @Override
  public void stopInstance(String instanceId) {
    call("StopInstances");
    update(instanceId, ObservedInstance.STOPPED, null, null, null);
  }

  @Override
  public void rebootInstance(String instanceId) {
    call("RebootInstances");
    existing(instanceId);
  }

  @Override
  public void terminateInstance(String instanceId) {
    call("TerminateInstances");
    update(instanceId, ObservedInstance.TERMINATED, null, null, null);
  }

  @Override
  public void modifyInstanceType(String instanceId, String instanceType) {
    call("ModifyInstanceAttribute");
    update(instanceId, null, instanceType, null, null);
  }

  @Override
  public void modifySecurityGroups(String instanceId, Collection<String> securityGroupIds) {
    call("ModifyInstanceAttribute");
    update(instanceId, null, null, Set.copyOf(securityGroupIds), null);
  }

  @Override
  public void createTags(String resourceId, Map<String, String> tags) {
    call("CreateTags");
    if (addresses.containsKey(resourceId)) {
      Map<String, String> t = new HashMap<>(addresses.get(resourceId).tags());
      t.putAll(tags);
      addresses.computeIfPresent(resourceId, (id, a) -> a.withTags(t));
      return;
    }
    Map<String, String> t = new HashMap<>(existing(resourceId).tags());
    t.putAll(tags);
    update(resourceId, null, null, null, t);
  }

  @Override
  public void deleteTags(String resourceId, Collection<String> keys) {
    call("DeleteTags");
    if (addresses.containsKey(resourceId)) {
      Map<String, String> t = new HashMap<>(addresses.get(resourceId).tags());
      keys.forEach(t::remove);
      addresses.computeIfPresent(resourceId, (id, a) -> a.withTags(t));
      return;
    }
    Map<String, String> t = new HashMap<>(existing(resourceId).tags());
    keys.forEach(t::remove);
    update(resourceId, null, null, null, t);
  }

  @Override
  public List<ObservedSecurityGroup> describeSecurityGroupsByTag(String key, String value) {
    call("DescribeSecurityGroups");
    return groups.values().stream().filter(g -> value.equals(g.tags().get(key))).toList();
  }

  @Override
  public Optional<ObservedSecurityGroup> describeSecurityGroup(String groupId) {
    call("DescribeSecurityGroups");
    return Optional.ofNullable(groups.get(groupId));
  }

  @Override
  public Optional<ObservedSecurityGroup> findSecurityGroupByName(String vpcId, String groupName) {
    call("DescribeSecurityGroups");
    return groups.values().stream().filter(g -> g.vpcId().equals(vpcId) && g.groupName().equals(groupName)).findFirst();
  }

  @Override
  public String createSecurityGroup(String groupName, String description, String vpcId, Map<String, String> tags) {
    call("CreateSecurityGroup");
    if (findSecurityGroupByName(vpcId, groupName).isPresent()) {
      throw new CloudException(CloudErrorKind.TERMINAL, "CreateSecurityGroup", "InvalidGroup.Duplicate",
          "The security group '" + groupName + "' already exists for VPC '" + vpcId + "'", null);
    }
    String id = String.format("sg-%017x", ids.incrementAndGet());
    groups.put(id, new ObservedSecurityGroup(id, groupName, description, vpcId, List.of(),
        List.of(new SgRule("-1", null, null, SgRule.SourceKind.CIDR_IPV4, "0.0.0.0/0", null)), tags));
    return id;
  }

  @Override
  public void deleteSecurityGroup(String groupId) {
    call("DeleteSecurityGroup");
    if (groups.remove(groupId) == null) {
      throw new CloudException(CloudErrorKind.NOT_FOUND, "DeleteSecurityGroup", "InvalidGroup.NotFound",
          "The security group '" + groupId + "' does not exist", null);
    }
  }

  @Override
  public void authorizeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    call(direction == RuleDirection.INGRESS ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress");
    changeRules(groupId, direction, current -> {
      current.addAll(rules);
      return current;
    });
  }

  @Override
  public void revokeRules(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    call(direction == RuleDirection.INGRESS ? "RevokeSecurityGroupIngress" : "RevokeSecurityGroupEgress");
    changeRules(groupId, direction, current -> {
      current.removeIf(r -> rules.stream().anyMatch(x -> x.withoutDescription().equals(r.withoutDescription())));
      return current;
    });
  }

  @Override
  public void updateRuleDescriptions(String groupId, RuleDirection direction, Collection<SgRule> rules) {
    call("UpdateSecurityGroupRuleDescriptions");
    changeRules(groupId, direction, current -> {
      current.replaceAll(r -> rules.stream().filter(x -> x.withoutDescription().equals(r.withoutDescription()))
          .findFirst().orElse(r));
      return current;
    });
  }

  public Map<String, ObservedSecurityGroup> groups() {
    return groups;
  }

  private void changeRules(String id, RuleDirection d, java.util.function.UnaryOperator<List<SgRule>> change) {
    ObservedSecurityGroup g = groups.get(id);
    if (g == null) {
      throw new CloudException(CloudErrorKind.NOT_FOUND, "Rules", "InvalidGroup.NotFound", id, null);
    }
    List<SgRule> in = new ArrayList<>(g.ingress());
    List<SgRule> out = new ArrayList<>(g.egress());
    groups.put(id, new ObservedSecurityGroup(id, g.groupName(), g.description(), g.vpcId(),
        d == RuleDirection.INGRESS ? change.apply(in) : in, d == RuleDirection.EGRESS ? change.apply(out) : out,
        g.tags()));
  }

  /** Key pairs by id; a created one's "private key" is a marker naming it, enough for the code that moves it. */
  public final Map<String, ObservedKeyPair> keyPairs = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public CreatedKeyPair createKeyPair(String keyName, String keyType, Map<String, String> tags) {
    call("CreateKeyPair");
    var pair = addKeyPair(keyName, keyType, null, tags);
    return new CreatedKeyPair(pair, "-----BEGIN PRIVATE KEY-----\n" + pair.keyPairId() + "\n-----END PRIVATE KEY-----");
  }

  @Override
  public ObservedKeyPair importKeyPair(String keyName, String publicKey, Map<String, String> tags) {
    call("ImportKeyPair");
    return addKeyPair(keyName, publicKey.startsWith("ssh-ed25519") ? "ed25519" : "rsa", publicKey, tags);
  }

  private ObservedKeyPair addKeyPair(String keyName, String keyType, String publicKey, Map<String, String> tags) {
    if (keyPairs.values().stream().anyMatch(k -> k.keyName().equals(keyName))) {
      throw new CloudException(CloudErrorKind.TERMINAL, "CreateKeyPair", "InvalidKeyPair.Duplicate", "The keypair '"
          + keyName + "' already exists.", null);
    }
    String id = "key-" + (1000 + keyPairs.size());
    var pair = new ObservedKeyPair(id, keyName, keyType, "fp:" + id, publicKey, tags);
    keyPairs.put(id, pair);
    return pair;
  }

  @Override
  public List<ObservedKeyPair> describeKeyPairsByTag(String key, String value) {
    call("DescribeKeyPairs");
    return keyPairs.values().stream().filter(k -> value.equals(k.tags().get(key))).toList();
  }

  @Override
  public void deleteKeyPair(String keyName) {
    call("DeleteKeyPair");
    keyPairs.values().removeIf(k -> k.keyName().equals(keyName));
  }

  /** Elastic IP addresses by allocation id. */
  public final Map<String, ObservedAddress> addresses = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public ObservedAddress allocateAddress(Map<String, String> tags) {
    call("AllocateAddress");
    int n = 1000 + ids.incrementAndGet();
    var a = new ObservedAddress("eipalloc-" + n, "198.51.100." + (n % 250), null, null, tags);
    addresses.put(a.allocationId(), a);
    return a;
  }

  @Override
  public List<ObservedAddress> describeAddressesByTag(String key, String value) {
    call("DescribeAddresses");
    return addresses.values().stream().filter(a -> value.equals(a.tags().get(key))).toList();
  }

  /** As EC2 with AllowReassociation false: an address associated elsewhere is refused. */
  @Override
  public String associateAddress(String allocationId, String instanceId) {
    call("AssociateAddress");
    ObservedAddress a = addresses.get(allocationId);
    if (a == null) {
      throw new CloudException(CloudErrorKind.NOT_FOUND, "AssociateAddress", "InvalidAllocationID.NotFound",
          allocationId, null);
    }
    if (a.associated() && !instanceId.equals(a.instanceId())) {
      throw new CloudException(CloudErrorKind.TERMINAL, "AssociateAddress", "Resource.AlreadyAssociated",
          allocationId + " is already associated", null);
    }
    existing(instanceId);
    String association = "eipassoc-" + (1000 + ids.incrementAndGet());
    addresses.put(allocationId, a.associatedWith(association, instanceId));
    return association;
  }

  @Override
  public void disassociateAddress(String associationId) {
    call("DisassociateAddress");
    addresses.replaceAll((id, a) -> associationId.equals(a.associationId()) ? a.associatedWith(null, null) : a);
  }

  @Override
  public void releaseAddress(String allocationId) {
    call("ReleaseAddress");
    addresses.remove(allocationId);
  }

  /** Spot fleet requests made outside the operator, and their members' ids; tests put them here. */
  public final Map<String, ObservedSpotFleetRequest> spotFleetRequests = new java.util.concurrent.ConcurrentHashMap<>();
  public final Map<String, List<String>> spotFleetMembers = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public Optional<ObservedSpotFleetRequest> describeSpotFleetRequest(String requestId) {
    call("DescribeSpotFleetRequests");
    return Optional.ofNullable(spotFleetRequests.get(requestId));
  }

  @Override
  public List<String> describeSpotFleetInstances(String requestId) {
    call("DescribeSpotFleetInstances");
    return spotFleetMembers.getOrDefault(requestId, List.of());
  }

  @Override
  public void cancelSpotRequest(String spotInstanceRequestId) {
    call("CancelSpotInstanceRequests");
    cancelledSpotRequests.add(spotInstanceRequestId);
  }

  public List<String> cancelledSpotRequests() {
    return cancelledSpotRequests;
  }

  // The multi-id calls, one id at a time: these tests look at single-id behaviour; batching has its own.

  @Override
  public void startInstances(Collection<String> instanceIds) {
    instanceIds.forEach(this::startInstance);
  }

  @Override
  public void stopInstances(Collection<String> instanceIds) {
    instanceIds.forEach(this::stopInstance);
  }

  @Override
  public void terminateInstances(Collection<String> instanceIds) {
    instanceIds.forEach(this::terminateInstance);
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    resourceIds.forEach(id -> createTags(id, tags));
  }

  @Override
  public void deleteTags(Collection<String> resourceIds, Collection<String> keys) {
    resourceIds.forEach(id -> deleteTags(id, keys));
  }

  private void call(String action) {
    calls.add(action);
    if (nextFailure != null && nextFailure.action().equals(action)) {
      CloudException f = nextFailure;
      nextFailure = null;
      throw f;
    }
  }

  private ObservedInstance existing(String id) {
    ObservedInstance i = instances.get(id);
    if (i == null) {
      throw new CloudException(CloudErrorKind.NOT_FOUND, "Instance", "InvalidInstanceID.NotFound",
          "The instance ID '" + id + "' does not exist", null);
    }
    return i;
  }

  private void update(String id, String state, String type, Set<String> groups, Map<String, String> tags) {
    ObservedInstance i = existing(id);
    instances.put(id, new ObservedInstance(id, i.imageId(), type == null ? i.instanceType() : type,
        state == null ? i.state() : state, i.subnetId(), i.vpcId(), i.availabilityZone(), i.privateIpAddress(),
        i.publicIpAddress(), i.publicDnsName(), i.launchTime(), i.lifecycle(), i.keyName(),
        groups == null ? i.securityGroupIds() : groups, tags == null ? i.tags() : tags, i.spotInstanceRequestId()));
  }
}

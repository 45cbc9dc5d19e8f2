package dev.fleet.ec2.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's IAM policy, generated for one installation (never edited by hand): every write is
 * conditioned on this installation's cluster tag, on the resource ({@code aws:ResourceTag}) or in the
 * request that creates it ({@code aws:RequestTag}); {@code iam:PassRole} names only the listed roles,
 * SQS only the interruption queues named, and tagging an untagged resource into ownership (adoption) is a
 * separate statement present only when the administrator allows adoption. Systems Manager parameters (an imageId
 * of {@code resolve:ssm:...}) are read from AWS's public ones, and from the account's own only as listed: an
 * account's parameters may hold anything, and a namespace user names the parameter.
 */
public record IamPolicyDocument(IamPolicyRequest request) {
  static final String CLUSTER_TAG = OwnershipTags.CLUSTER;
  public static final String ADOPTION_SID = "AdoptUntaggedInstancesAndGroups";

  public Map<String, Object> document() {
    String c = request.clusterName();
    List<Map<String, Object>> statements = new ArrayList<>();
    statements.add(statement("ObserveEc2", List.of("ec2:DescribeInstances", "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSpotFleetRequests",
        "ec2:DescribeKeyPairs", "ec2:DescribeAddresses", "ec2:DescribeInstanceTypes"), List.of("*"),
        null));
    // read only when EC2 refuses a launch for VcpuLimitExceeded, to name the quota's applied value
    statements.add(statement("ReadVcpuQuotas", List.of("servicequotas:GetServiceQuota"), List.of("*"), null));
    // an imageId of resolve:ssm:...: the AMIs AWS publishes per region (GetParameter; never GetParameters)
    statements.add(statement("ResolveImagesFromPublicParameters", List.of("ssm:GetParameter"),
        List.of(ssmArn("", "aws/service/*")), null));
    if (!request.imageParameters().isEmpty()) { // the account's own, only those listed
      statements.add(statement("ResolveImagesFromListedParameters", List.of("ssm:GetParameter"),
          request.imageParameters().stream().map(p -> ssmArn(request.accountId(), p.replaceFirst("^/", ""))).toList(),
          null));
    }
    // the one read that names its resource type: a spot fleet request's members, for managementPolicy Observe
    statements.add(statement("ObserveSpotFleetRequestMembers", List.of("ec2:DescribeSpotFleetInstances"),
        arns("spot-fleet-request/*"), null));
    statements.add(statement("LaunchOnlyTaggedForThisCluster", List.of("ec2:RunInstances"),
        arns("instance/*", "volume/*", "spot-instances-request/*"), requestTagIsThisCluster(c)));
    statements.add(statement("LaunchFromAnyImageSubnetGroupAndKey", List.of("ec2:RunInstances"),
        List.of(arn("", "image/*"), arn("subnet/*"), arn("security-group/*"), arn("network-interface/*"),
            arn("key-pair/*")), null));
    statements.add(statement("CreateGroupsOnlyTaggedForThisCluster", List.of("ec2:CreateSecurityGroup"),
        arns("security-group/*"), requestTagIsThisCluster(c)));
    statements.add(statement("CreateGroupsInAnyVpc", List.of("ec2:CreateSecurityGroup"), arns("vpc/*"), null));
    statements.add(statement("CreateKeyPairsOnlyTaggedForThisCluster", List.of("ec2:CreateKeyPair",
        "ec2:ImportKeyPair"), arns("key-pair/*"), requestTagIsThisCluster(c)));
    statements.add(statement("DeleteOnlyThisClustersKeyPairs", List.of("ec2:DeleteKeyPair"), arns("key-pair/*"),
        resourceTagIsThisCluster(c)));
    statements.add(statement("AllocateAddressesOnlyTaggedForThisCluster", List.of("ec2:AllocateAddress"),
        arns("elastic-ip/*"), requestTagIsThisCluster(c)));
    statements.add(statement("ChangeOnlyThisClustersAddresses", List.of("ec2:AssociateAddress",
        "ec2:DisassociateAddress", "ec2:ReleaseAddress"), arns("elastic-ip/*"), resourceTagIsThisCluster(c)));
    // an address goes only to this cluster's instances; EC2 also authorizes the instance's network interface
    statements.add(statement("AssociateAddressesOnlyWithThisClustersInstances", List.of("ec2:AssociateAddress"),
        arns("instance/*"), resourceTagIsThisCluster(c)));
    statements.add(statement("AssociateThroughTheInstancesInterfaces", List.of("ec2:AssociateAddress",
        "ec2:DisassociateAddress"), arns("network-interface/*"), null));
    Map<String, Object> atCreation = Map.of("StringEquals", Map.of(CLUSTER_TAG_REQUEST, c, "ec2:CreateAction",
        List.of("RunInstances", "CreateSecurityGroup", "CreateKeyPair", "ImportKeyPair", "AllocateAddress")));
    statements.add(statement("TagWhatItCreatesForThisCluster", List.of("ec2:CreateTags"),
        arns("instance/*", "volume/*", "spot-instances-request/*", "security-group/*", "key-pair/*", "elastic-ip/*"),
        atCreation));
    statements.add(statement("ChangeOnlyThisClustersInstances", List.of("ec2:StartInstances", "ec2:StopInstances",
        "ec2:RebootInstances", "ec2:TerminateInstances", "ec2:ModifyInstanceAttribute"), arns("instance/*"),
        resourceTagIsThisCluster(c)));
    statements.add(statement("AttachAnyGroupToThisClustersInstances", List.of("ec2:ModifyInstanceAttribute"),
        arns("security-group/*"), null));
    statements.add(statement("ChangeOnlyThisClustersGroups", List.of("ec2:AuthorizeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
        "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
        "ec2:DeleteSecurityGroup"), arns("security-group/*"), resourceTagIsThisCluster(c)));
    Map<String, Object> retag = new LinkedHashMap<>(resourceTagIsThisCluster(c));
    retag.put("StringEqualsIfExists", Map.of(CLUSTER_TAG_REQUEST, c)); // never re-tagged to another cluster
    statements.add(statement("RetagOnlyThisClustersResources", List.of("ec2:CreateTags"),
        arns("instance/*", "security-group/*", "key-pair/*", "elastic-ip/*"), retag));
    // removing tags cannot hand a resource to another cluster: the resource tag alone decides
    statements.add(statement("UntagOnlyThisClustersResources", List.of("ec2:DeleteTags"),
        arns("instance/*", "security-group/*", "key-pair/*", "elastic-ip/*"), resourceTagIsThisCluster(c)));
    statements.add(statement("CancelOnlyThisClustersSpotRequests", List.of("ec2:CancelSpotInstanceRequests"),
        arns("spot-instances-request/*"), resourceTagIsThisCluster(c)));
    if (request.allowAdoption()) {
      Map<String, Object> adopt = new LinkedHashMap<>();
      adopt.put("Null", Map.of(CLUSTER_TAG_RESOURCE, "true")); // untagged only: never another installation's
      adopt.put("StringEquals", Map.of(CLUSTER_TAG_REQUEST, c));
      adopt.put("ForAllValues:StringEquals",
          Map.of("aws:TagKeys", List.copyOf(new java.util.TreeSet<>(OwnershipTags.KEYS))));
      statements.add(statement(ADOPTION_SID, List.of("ec2:CreateTags"), arns("instance/*", "security-group/*"),
          adopt));
    }
    if (!request.passRoleArns().isEmpty()) {
      statements.add(statement("PassOnlyListedRolesToInstances", List.of("iam:PassRole"), request.passRoleArns(),
          Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com"))));
    }
    if (!request.assumeRoleArns().isEmpty()) { // the AwsAccounts' roles, and no others
      statements.add(statement("AssumeOnlyListedAccountRoles", List.of("sts:AssumeRole"), request.assumeRoleArns(),
          null));
    }
    if (!request.interruptionQueueArns().isEmpty()) { // each region's queue (this account's), and no other
      statements.add(statement("ReadOnlyTheInterruptionQueue", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage"),
          request.interruptionQueueArns(), null));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("Version", "2012-10-17");
    doc.put("Statement", statements);
    return doc;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(document()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final String CLUSTER_TAG_REQUEST = "aws:RequestTag/" + CLUSTER_TAG;
  private static final String CLUSTER_TAG_RESOURCE = "aws:ResourceTag/" + CLUSTER_TAG;

  private static Map<String, Object> requestTagIsThisCluster(String cluster) {
    return Map.of("StringEquals", Map.of(CLUSTER_TAG_REQUEST, cluster));
  }

  private static Map<String, Object> resourceTagIsThisCluster(String cluster) {
    return Map.of("StringEquals", Map.of(CLUSTER_TAG_RESOURCE, cluster));
  }

  private List<String> arns(String... resources) {
    return java.util.Arrays.stream(resources).map(this::arn).toList();
  }

  private String arn(String resource) {
    return arn(request.accountId(), resource);
  }

  /** A Systems Manager parameter's ARN (its name without the leading slash); AWS's public ones name no account. */
  private String ssmArn(String account, String parameter) {
    return "arn:" + request.partition() + ":ssm:" + request.region() + ":" + account + ":parameter/" + parameter;
  }

  /** EC2 ARNs; images belong to no account of ours (an empty account field). */
  private String arn(String account, String resource) {
    return "arn:" + request.partition() + ":ec2:" + request.region() + ":" + account + ":" + resource;
  }

  private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources,
      Map<String, Object> condition) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    s.put("Action", actions);
    s.put("Resource", resources);
    if (condition != null) {
      s.put("Condition", condition);
    }
    return s;
  }
}

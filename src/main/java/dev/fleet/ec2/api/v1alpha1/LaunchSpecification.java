package dev.fleet.ec2.api.v1alpha1;

import io.fabric8.generator.annotation.ValidationRule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * One kind of instance a spot fleet may launch, as in EC2's spot-fleet launch specifications. Without
 * a subnet it may launch in any default subnet: each (specification, zone) is one pool.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.keyName) || !has(self.keyPairRef)", message = "keyName and keyPairRef name the same"
    + " thing: give one")
public class LaunchSpecification {

  @Required
  @Pattern(ImageIdSyntax.PATTERN)
  @Size(max = ImageIdSyntax.MAX_LENGTH)
  @JsonPropertyDescription(ImageIdSyntax.DESCRIPTION + " A parameter is resolved once, at the fleet's first launch"
      + " from it, and recorded in status.resolvedImageIds: every later launch (scaling, replacing lost or"
      + " interrupted capacity) uses that AMI, so the fleet stays on one image when the parameter moves on.")
  private String imageId;

  @Required
  @Pattern("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$")
  @JsonPropertyDescription("The EC2 instance type.")
  private String instanceType;

  @Pattern("^subnet-[0-9a-f]{8,17}$")
  @JsonPropertyDescription("The subnet (and so the zone) of this pool; default: every default subnet, one pool each.")
  private String subnetId;

  @Min(1)
  @JsonPropertyDescription("Capacity units one instance of this specification counts for; default 1.")
  private Integer weightedCapacity;

  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription("Highest price per instance-hour for this specification, in USD.")
  private String spotPrice;

  @Size(max = 16)
  @JsonPropertyDescription("Security group ids (sg-...).")
  private List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds;

  @Size(max = 16)
  @JsonPropertyDescription("SecurityGroup resources in the same namespace.")
  private List<LocalRef> securityGroupRefs;

  @JsonPropertyDescription("The EC2 key pair for SSH.")
  private String keyName;

  @JsonPropertyDescription("A KeyPair resource in the fleet's namespace (and region and account) whose key the instances"
      + " are launched with, instead of keyName; launches wait until it is Ready.")
  private LocalRef keyPairRef;

  public LocalRef getKeyPairRef() {
    return keyPairRef;
  }

  public void setKeyPairRef(LocalRef keyPairRef) {
    this.keyPairRef = keyPairRef;
  }

  @Size(max = 16384)
  @JsonPropertyDescription("User data as plain text; the operator base64-encodes it.")
  private String userData;

  @JsonPropertyDescription("IAM instance profile, by name or ARN.")
  private String iamInstanceProfile;

  @Size(max = 24)
  @JsonPropertyDescription("EBS volumes attached at launch.")
  private List<BlockDeviceMapping> blockDeviceMappings;

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on instances of this specification.")
  private Map<String, String> tags;

  public String getImageId() {
    return imageId;
  }

  public void setImageId(String imageId) {
    this.imageId = imageId;
  }

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  public String getSubnetId() {
    return subnetId;
  }

  public void setSubnetId(String subnetId) {
    this.subnetId = subnetId;
  }

  public Integer getWeightedCapacity() {
    return weightedCapacity;
  }

  public void setWeightedCapacity(Integer weightedCapacity) {
    this.weightedCapacity = weightedCapacity;
  }

  public String getSpotPrice() {
    return spotPrice;
  }

  public void setSpotPrice(String spotPrice) {
    this.spotPrice = spotPrice;
  }

  public List<String> getSecurityGroupIds() {
    return securityGroupIds;
  }

  public void setSecurityGroupIds(List<String> securityGroupIds) {
    this.securityGroupIds = securityGroupIds;
  }

  public List<LocalRef> getSecurityGroupRefs() {
    return securityGroupRefs;
  }

  public void setSecurityGroupRefs(List<LocalRef> securityGroupRefs) {
    this.securityGroupRefs = securityGroupRefs;
  }

  public String getKeyName() {
    return keyName;
  }

  public void setKeyName(String keyName) {
    this.keyName = keyName;
  }

  public String getUserData() {
    return userData;
  }

  public void setUserData(String userData) {
    this.userData = userData;
  }

  public String getIamInstanceProfile() {
    return iamInstanceProfile;
  }

  public void setIamInstanceProfile(String iamInstanceProfile) {
    this.iamInstanceProfile = iamInstanceProfile;
  }

  public List<BlockDeviceMapping> getBlockDeviceMappings() {
    return blockDeviceMappings;
  }

  public void setBlockDeviceMappings(List<BlockDeviceMapping> blockDeviceMappings) {
    this.blockDeviceMappings = blockDeviceMappings;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}

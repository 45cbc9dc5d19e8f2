package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Desired state of one EC2 instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.region) == has(oldSelf.region) && (!has(self.region) || self.region == oldSelf.region)",
    message = "region is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.subnetId) == has(oldSelf.subnetId) && (!has(self.subnetId) || self.subnetId == oldSelf.subnetId)",
    message = "subnetId is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.keyName) == has(oldSelf.keyName) && (!has(self.keyName) || self.keyName == oldSelf.keyName)",
    message = "keyName is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.keyPairRef) == has(oldSelf.keyPairRef) && (!has(self.keyPairRef) || self.keyPairRef.name == oldSelf.keyPairRef.name)",
    message = "keyPairRef is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "!has(self.keyName) || !has(self.keyPairRef)", message = "keyName and keyPairRef name the same"
    + " thing: give one")
@ValidationRule(value = "has(self.userData) == has(oldSelf.userData) && (!has(self.userData) || self.userData == oldSelf.userData)",
    message = "userData is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.iamInstanceProfile) == has(oldSelf.iamInstanceProfile) && (!has(self.iamInstanceProfile) || self.iamInstanceProfile == oldSelf.iamInstanceProfile)",
    message = "iamInstanceProfile is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.associatePublicIpAddress) == has(oldSelf.associatePublicIpAddress) && (!has(self.associatePublicIpAddress) || self.associatePublicIpAddress == oldSelf.associatePublicIpAddress)",
    message = "associatePublicIpAddress is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.blockDeviceMappings) == has(oldSelf.blockDeviceMappings) && (!has(self.blockDeviceMappings) || self.blockDeviceMappings == oldSelf.blockDeviceMappings)",
    message = "blockDeviceMappings is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.market) == has(oldSelf.market) && (!has(self.market) || self.market == oldSelf.market)",
    message = "market is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef) && (!has(self.accountRef) || self.accountRef.name == oldSelf.accountRef.name)",
    message = "accountRef is immutable: delete and recreate the Ec2Instance to change it")
@ValidationRule(value = "self.managementPolicy == oldSelf.managementPolicy || self.managementPolicy == 'Manage'",
    message = "managementPolicy can change from Observe to Manage only: to stop managing an instance, delete the"
        + " resource with deletionPolicy Retain")
public class Ec2InstanceSpec {

  @JsonPropertyDescription("The AwsAccount to act in; default: the namespace's (annotation ec2.fleet.dev/account), else"
      + " the operator's own credentials. Immutable.")
  private AccountRef accountRef;

  public AccountRef getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(AccountRef accountRef) {
    this.accountRef = accountRef;
  }

  @Required
  @Pattern(ImageIdSyntax.PATTERN)
  @Size(max = ImageIdSyntax.MAX_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = "imageId is immutable: delete and recreate the Ec2Instance to change it")
  @JsonPropertyDescription(ImageIdSyntax.DESCRIPTION + " A parameter is resolved once, at the first launch, and"
      + " recorded in status.resolvedImageId; the instance (and any replacement of it) keeps that AMI when the"
      + " parameter moves on: recreate the Ec2Instance to roll to a newer one. Immutable.")
  private String imageId;

  @Required
  @Pattern("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$")
  @JsonPropertyDescription("The EC2 instance type, for example t3.micro. Changing it stops the instance, changes the"
      + " type and starts it again.")
  private String instanceType;

  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @JsonPropertyDescription("The AWS region; default: the operator's region. Immutable.")
  private String region;

  @Pattern("^subnet-[0-9a-f]{8,17}$")
  @JsonPropertyDescription("The subnet to launch into; default: the default subnet of the default VPC. Immutable.")
  private String subnetId;

  @Size(max = 16)
  @JsonPropertyDescription("Security group ids (sg-...) the instance is in.")
  private List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds;

  @Size(max = 16)
  @JsonPropertyDescription("SecurityGroup resources in the same namespace whose groups the instance is in.")
  private List<LocalRef> securityGroupRefs;

  @JsonPropertyDescription("The EC2 key pair for SSH. Immutable.")
  private String keyName;

  @JsonPropertyDescription("A KeyPair resource in the same namespace (and region and account) whose key the instance is"
      + " launched with, instead of keyName; the instance waits until it is Ready. Immutable.")
  private LocalRef keyPairRef;

  public LocalRef getKeyPairRef() {
    return keyPairRef;
  }

  public void setKeyPairRef(LocalRef keyPairRef) {
    this.keyPairRef = keyPairRef;
  }

  @Size(max = 16384)
  @JsonPropertyDescription("User data as plain text; the operator base64-encodes it (at most 16 KiB). Immutable.")
  private String userData;

  @JsonPropertyDescription("IAM instance profile, by name or ARN. Immutable.")
  private String iamInstanceProfile;

  @JsonPropertyDescription("Whether the primary network interface gets a public IPv4 address; default: the subnet's"
      + " setting. Immutable.")
  private Boolean associatePublicIpAddress;

  @Size(max = 24)
  @JsonPropertyDescription("EBS volumes attached at launch. Immutable.")
  private List<BlockDeviceMapping> blockDeviceMappings;

  @JsonPropertyDescription("Purchase option; default on-demand. Immutable.")
  private InstanceMarket market;

  @JsonPropertyDescription("Desired power state: running or stopped. A stopped instance costs nothing but its volumes."
      + " Absent: running, or as spec.schedule says; given, it wins over the schedule.")
  private PowerState state;

  @JsonPropertyDescription("Weekly windows in which the instance runs (started at each window's start, stopped at its"
      + " end), unless spec.state is given, which wins.")
  private RunSchedule schedule;

  public RunSchedule getSchedule() {
    return schedule;
  }

  public void setSchedule(RunSchedule schedule) {
    this.schedule = schedule;
  }

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on the instance, besides the operator's ownership tags. A Name tag defaults to"
      + " metadata.name.")
  private Map<String, String> tags;

  @Default("Manage")
  @JsonPropertyDescription("Manage: create, repair drift, delete. Observe: only read the instance named by the"
      + " annotation ec2.fleet.dev/adopt-instance-id (an administrator allows it per namespace, as adoption):"
      + " status mirrors EC2, drift is reported in the InSync condition and never repaired, nothing is tagged, and"
      + " deleting the resource leaves the instance alone. Observe can change to Manage (which adopts it), not back.")
  private ManagementPolicy managementPolicy;

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  @Default("Delete")
  @JsonPropertyDescription("What deleting the resource does: Delete terminates the instance, Retain leaves it"
      + " running without the operator's tags.")
  private DeletionPolicy deletionPolicy;

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

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getSubnetId() {
    return subnetId;
  }

  public void setSubnetId(String subnetId) {
    this.subnetId = subnetId;
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

  public Boolean getAssociatePublicIpAddress() {
    return associatePublicIpAddress;
  }

  public void setAssociatePublicIpAddress(Boolean associatePublicIpAddress) {
    this.associatePublicIpAddress = associatePublicIpAddress;
  }

  public List<BlockDeviceMapping> getBlockDeviceMappings() {
    return blockDeviceMappings;
  }

  public void setBlockDeviceMappings(List<BlockDeviceMapping> blockDeviceMappings) {
    this.blockDeviceMappings = blockDeviceMappings;
  }

  public InstanceMarket getMarket() {
    return market;
  }

  public void setMarket(InstanceMarket market) {
    this.market = market;
  }

  public PowerState getState() {
    return state;
  }

  public void setState(PowerState state) {
    this.state = state;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}

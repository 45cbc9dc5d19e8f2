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

/** Desired state of one security group and its rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.groupName) == has(oldSelf.groupName) && (!has(self.groupName) || self.groupName == oldSelf.groupName)",
    message = "groupName is immutable: delete and recreate the SecurityGroup to change it")
@ValidationRule(value = "has(self.vpcId) == has(oldSelf.vpcId) && (!has(self.vpcId) || self.vpcId == oldSelf.vpcId)",
    message = "vpcId is immutable: delete and recreate the SecurityGroup to change it")
@ValidationRule(value = "has(self.region) == has(oldSelf.region) && (!has(self.region) || self.region == oldSelf.region)",
    message = "region is immutable: delete and recreate the SecurityGroup to change it")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef) && (!has(self.accountRef) || self.accountRef.name == oldSelf.accountRef.name)",
    message = "accountRef is immutable: delete and recreate the SecurityGroup to change it")
@ValidationRule(value = "self.managementPolicy == oldSelf.managementPolicy || self.managementPolicy == 'Manage'",
    message = "managementPolicy can change from Observe to Manage only: to stop managing a group, delete the"
        + " resource with deletionPolicy Retain")
public class SecurityGroupSpec {

  @Default("Manage")
  @JsonPropertyDescription("Manage: create, repair drift, delete. Observe: only read the group named by the"
      + " annotation ec2.fleet.dev/adopt-group-id (an administrator allows it per namespace, as adoption): status"
      + " mirrors EC2, drift is reported in the InSync condition and never repaired, nothing is tagged, and"
      + " deleting the resource leaves the group alone. Observe can change to Manage (which adopts it), not back.")
  private ManagementPolicy managementPolicy;

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  @JsonPropertyDescription("The AwsAccount to act in; default: the namespace's (annotation ec2.fleet.dev/account), else"
      + " the operator's own credentials. Immutable.")
  private AccountRef accountRef;

  public AccountRef getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(AccountRef accountRef) {
    this.accountRef = accountRef;
  }


  @Size(max = 255)
  @Pattern("^[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]+$")
  @JsonPropertyDescription("The group name, unique per VPC; default: metadata.name. Immutable.")
  private String groupName;

  @Required
  @Size(max = 255)
  @ValidationRule(value = "self == oldSelf", message = "description is immutable in EC2: delete and recreate the"
      + " SecurityGroup to change it")
  @JsonPropertyDescription("The group description, required by EC2. Immutable.")
  private String description;

  @Pattern("^vpc-[0-9a-f]{8,17}$")
  @JsonPropertyDescription("The VPC the group belongs to; default: the default VPC. Immutable.")
  private String vpcId;

  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @JsonPropertyDescription("The AWS region; default: the operator's region. Immutable.")
  private String region;

  @Size(max = 60)
  @JsonPropertyDescription("Inbound rules. Inbound traffic not allowed by a rule is denied.")
  private List<SecurityGroupRule> ingress;

  @Size(max = 60)
  @JsonPropertyDescription("Outbound rules. Omitted: EC2's default allow-all rule stays. []: no outbound traffic."
      + " A list: exactly these rules.")
  private List<SecurityGroupRule> egress;

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on the group, besides the operator's ownership tags.")
  private Map<String, String> tags;

  @Default("Delete")
  @JsonPropertyDescription("What deleting the resource does: Delete deletes the group (waiting while it is in use),"
      + " Retain leaves it without the operator's tags.")
  private DeletionPolicy deletionPolicy;

  public String getGroupName() {
    return groupName;
  }

  public void setGroupName(String groupName) {
    this.groupName = groupName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getVpcId() {
    return vpcId;
  }

  public void setVpcId(String vpcId) {
    this.vpcId = vpcId;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public List<SecurityGroupRule> getIngress() {
    return ingress;
  }

  public void setIngress(List<SecurityGroupRule> ingress) {
    this.ingress = ingress;
  }

  public List<SecurityGroupRule> getEgress() {
    return egress;
  }

  public void setEgress(List<SecurityGroupRule> egress) {
    this.egress = egress;
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

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of one security group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityGroupStatus extends ResourceStatus {

  @JsonPropertyDescription("The EC2 security group id, sg-...")
  private String groupId;

  @JsonPropertyDescription("The VPC the group lives in.")
  private String vpcId;

  @JsonPropertyDescription("Inbound rules in EC2, one per source.")
  private Integer ingressRuleCount;

  @JsonPropertyDescription("Outbound rules in EC2, one per destination.")
  private Integer egressRuleCount;

  @JsonPropertyDescription("Tag keys from spec.tags last applied; a key dropped from the spec is removed from EC2.")
  private java.util.List<String> managedTagKeys;

  public Integer getIngressRuleCount() {
    return ingressRuleCount;
  }

  public void setIngressRuleCount(Integer ingressRuleCount) {
    this.ingressRuleCount = ingressRuleCount;
  }

  public Integer getEgressRuleCount() {
    return egressRuleCount;
  }

  public void setEgressRuleCount(Integer egressRuleCount) {
    this.egressRuleCount = egressRuleCount;
  }

  public java.util.List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(java.util.List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }

  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }

  public String getVpcId() {
    return vpcId;
  }

  public void setVpcId(String vpcId) {
    this.vpcId = vpcId;
  }
}

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

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** Desired state of one security group. Rules arrive with the SecurityGroup controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityGroupSpec {

  @JsonPropertyDescription("The group name, unique per VPC; default: metadata.name.")
  private String groupName;

  @Required
  @JsonPropertyDescription("The group description, required by EC2.")
  private String description;

  @Pattern("^vpc-[0-9a-f]+$")
  @JsonPropertyDescription("The VPC the group belongs to; default: the default VPC.")
  private String vpcId;

  @JsonPropertyDescription("Tags put on the group, besides the operator's ownership tags.")
  private Map<String, String> tags;

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

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}

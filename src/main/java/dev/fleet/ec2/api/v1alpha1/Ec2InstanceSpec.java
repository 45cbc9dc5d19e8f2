package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** Desired state of one EC2 instance. The full field set arrives with the Ec2Instance controller. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Ec2InstanceSpec {

  @Required
  @Pattern("^ami-[0-9a-f]+$")
  @JsonPropertyDescription("The AMI to launch, for example ami-0586cdd73a0e60fa5.")
  private String imageId;

  @Required
  @JsonPropertyDescription("The EC2 instance type, for example t3.micro.")
  private String instanceType;

  @Pattern("^subnet-[0-9a-f]+$")
  @JsonPropertyDescription("The subnet to launch into; default: the default subnet of the default VPC.")
  private String subnetId;

  @JsonPropertyDescription("Tags put on the instance, besides the operator's ownership tags.")
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

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}

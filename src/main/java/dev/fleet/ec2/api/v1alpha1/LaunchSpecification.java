package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One instance pool of a spot fleet: what to launch, where, and how much capacity one instance counts for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LaunchSpecification {

  @Required
  @Pattern("^ami-[0-9a-f]+$")
  @JsonPropertyDescription("The AMI to launch.")
  private String imageId;

  @Required
  @JsonPropertyDescription("The EC2 instance type.")
  private String instanceType;

  @Pattern("^subnet-[0-9a-f]+$")
  @JsonPropertyDescription("The subnet (and so the zone) of this pool; default: the default subnets.")
  private String subnetId;

  @Min(1)
  @JsonPropertyDescription("Capacity units one instance of this pool counts for; default 1.")
  private Integer weightedCapacity;

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
}

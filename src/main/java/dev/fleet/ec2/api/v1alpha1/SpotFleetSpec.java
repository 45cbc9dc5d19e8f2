package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Desired state of a spot fleet. Field names follow EC2's spot-fleet request configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpotFleetSpec {

  @Required
  @Min(0)
  @JsonPropertyDescription("Target capacity in units, counted by each launch specification's weightedCapacity.")
  private Integer targetCapacity;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("The instance pools the fleet may launch into.")
  private List<LaunchSpecification> launchSpecifications;

  public Integer getTargetCapacity() {
    return targetCapacity;
  }

  public void setTargetCapacity(Integer targetCapacity) {
    this.targetCapacity = targetCapacity;
  }

  public List<LaunchSpecification> getLaunchSpecifications() {
    return launchSpecifications;
  }

  public void setLaunchSpecifications(List<LaunchSpecification> launchSpecifications) {
    this.launchSpecifications = launchSpecifications;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of a spot fleet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpotFleetStatus extends ResourceStatus {

  @JsonPropertyDescription("Capacity units running now.")
  private Integer fulfilledCapacity;

  public Integer getFulfilledCapacity() {
    return fulfilledCapacity;
  }

  public void setFulfilledCapacity(Integer fulfilledCapacity) {
    this.fulfilledCapacity = fulfilledCapacity;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where in a fleet something is: its pool, an instance type in one availability zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class PoolLocation {
  @JsonPropertyDescription("Instance type of the pool.")
  private String instanceType;

  @JsonPropertyDescription("Availability zone of the pool.")
  private String availabilityZone;

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  public String getAvailabilityZone() {
    return availabilityZone;
  }

  public void setAvailabilityZone(String availabilityZone) {
    this.availabilityZone = availabilityZone;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of one EC2 instance, as EC2 reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Ec2InstanceStatus extends ResourceStatus {

  @JsonPropertyDescription("The EC2 instance id, i-...")
  private String instanceId;

  @JsonPropertyDescription("The instance state as EC2 reports it: pending, running, stopping, stopped, ...")
  private String state;

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }
}

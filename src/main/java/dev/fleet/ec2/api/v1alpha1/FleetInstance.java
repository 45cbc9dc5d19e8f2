package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One member of a spot fleet that the fleet's status names: one EC2 warned about (see warnedInstances). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetInstance extends PoolLocation {
  private String instanceId;
  private String lifecycle;
  private Integer weightedCapacity;
  private String state;

  @JsonPropertyDescription("interruption or rebalance when EC2 has warned about this instance; its capacity is"
      + " already being replaced. Kept here so that a restarted operator still knows.")
  private String warning;

  @JsonPropertyDescription("When the warning arrived (RFC 3339).")
  private String warningTime;

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public String getLifecycle() {
    return lifecycle;
  }

  public void setLifecycle(String lifecycle) {
    this.lifecycle = lifecycle;
  }

  public Integer getWeightedCapacity() {
    return weightedCapacity;
  }

  public void setWeightedCapacity(Integer weightedCapacity) {
    this.weightedCapacity = weightedCapacity;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getWarning() {
    return warning;
  }

  public void setWarning(String warning) {
    this.warning = warning;
  }

  public String getWarningTime() {
    return warningTime;
  }

  public void setWarningTime(String warningTime) {
    this.warningTime = warningTime;
  }
}

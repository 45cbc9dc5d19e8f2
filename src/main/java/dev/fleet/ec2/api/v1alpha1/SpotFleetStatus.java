package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a spot fleet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpotFleetStatus extends ResourceStatus {

  @JsonPropertyDescription("The target capacity last acted on.")
  private Integer targetCapacity;

  @JsonPropertyDescription("Capacity units running or starting now.")
  private Integer fulfilledCapacity;

  @JsonPropertyDescription("Of which spot.")
  private Integer spotCapacity;

  @JsonPropertyDescription("Of which on-demand.")
  private Integer onDemandCapacity;

  @JsonPropertyDescription("The fleet's instances.")
  private List<FleetInstance> instances;

  @JsonPropertyDescription("Interruption warnings and reclaims seen.")
  private Integer interruptions;

  @JsonPropertyDescription("Instances launched to replace lost or interrupted ones.")
  private Integer replacements;

  @JsonPropertyDescription("When the last interruption was seen.")
  private String lastInterruptionTime;

  @JsonPropertyDescription("Idempotency token of the launch under way, written before RunInstances is called.")
  private String clientToken;

  @JsonPropertyDescription("The launch under way, written before RunInstances is called; repeated under the same"
      + " token if its answer never came.")
  private PendingLaunch pendingLaunch;

  @JsonPropertyDescription("For type request: the target was reached once; lost capacity is not replaced.")
  private Boolean fulfilledOnce;

  public Integer getTargetCapacity() {
    return targetCapacity;
  }

  public void setTargetCapacity(Integer targetCapacity) {
    this.targetCapacity = targetCapacity;
  }

  public Integer getFulfilledCapacity() {
    return fulfilledCapacity;
  }

  public void setFulfilledCapacity(Integer fulfilledCapacity) {
    this.fulfilledCapacity = fulfilledCapacity;
  }

  public Integer getSpotCapacity() {
    return spotCapacity;
  }

  public void setSpotCapacity(Integer spotCapacity) {
    this.spotCapacity = spotCapacity;
  }

  public Integer getOnDemandCapacity() {
    return onDemandCapacity;
  }

  public void setOnDemandCapacity(Integer onDemandCapacity) {
    this.onDemandCapacity = onDemandCapacity;
  }

  public List<FleetInstance> getInstances() {
    return instances;
  }

  public void setInstances(List<FleetInstance> instances) {
    this.instances = instances;
  }

  public Integer getInterruptions() {
    return interruptions;
  }

  public void setInterruptions(Integer interruptions) {
    this.interruptions = interruptions;
  }

  public Integer getReplacements() {
    return replacements;
  }

  public void setReplacements(Integer replacements) {
    this.replacements = replacements;
  }

  public String getLastInterruptionTime() {
    return lastInterruptionTime;
  }

  public void setLastInterruptionTime(String lastInterruptionTime) {
    this.lastInterruptionTime = lastInterruptionTime;
  }

  public PendingLaunch getPendingLaunch() {
    return pendingLaunch;
  }

  public void setPendingLaunch(PendingLaunch pendingLaunch) {
    this.pendingLaunch = pendingLaunch;
  }

  public String getClientToken() {
    return clientToken;
  }

  public void setClientToken(String clientToken) {
    this.clientToken = clientToken;
  }

  public Boolean getFulfilledOnce() {
    return fulfilledOnce;
  }

  public void setFulfilledOnce(Boolean fulfilledOnce) {
    this.fulfilledOnce = fulfilledOnce;
  }
}

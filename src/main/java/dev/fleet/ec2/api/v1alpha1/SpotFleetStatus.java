package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Observed state of a spot fleet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpotFleetStatus extends CostedStatus {

  @JsonPropertyDescription("The target capacity last acted on.")
  private Integer targetCapacity;

  @JsonPropertyDescription("Capacity units running or starting now.")
  private Integer fulfilledCapacity;

  @JsonPropertyDescription("Of which spot.")
  private Integer spotCapacity;

  @JsonPropertyDescription("Of which on-demand.")
  private Integer onDemandCapacity;

  @JsonPropertyDescription("The members counted toward the target, summed per pool (instance type and zone). The"
      + " members themselves are found by the fleet's tags in EC2; status does not list them, so that its size does"
      + " not grow with the fleet.")
  private List<FleetPoolStatus> pools;

  @JsonPropertyDescription("Members EC2 warned about (spot interruption, or a rebalance recommendation the fleet"
      + " acts on): still running, no longer counted, their capacity already replaced. Kept so that a restarted"
      + " operator still knows; an entry goes with its instance.")
  private List<FleetInstance> warnedInstances;

  @JsonPropertyDescription("Launches whose instances EC2 does not list yet (see the visibility grace): counted"
      + " meanwhile, so that they are not launched again. An entry goes once EC2 lists them, or when the grace has"
      + " passed.")
  private List<UnlistedLaunch> unlistedLaunches;

  @JsonPropertyDescription("Interruption warnings and reclaims seen.")
  private Integer interruptions;

  @JsonPropertyDescription("Instances launched to replace lost or interrupted ones.")
  private Integer replacements;

  @JsonPropertyDescription("When the last interruption was seen.")
  private String lastInterruptionTime;

  @JsonPropertyDescription("Each resolve:ssm: imageId of the launch specifications, with the AMI id its parameter held"
      + " when the fleet first launched from it (written before that launch). Every later launch uses it, so the"
      + " fleet stays on one image when the parameter moves on; a new SpotFleet resolves afresh.")
  private Map<String, String> resolvedImageIds;

  @JsonPropertyDescription("Idempotency token of the launch under way, written before RunInstances is called.")
  private String clientToken;

  @JsonPropertyDescription("The launch under way, written before RunInstances is called; repeated under the same"
      + " token if its answer never came.")
  private PendingLaunch pendingLaunch;

  @JsonPropertyDescription("For type request: the target was reached once; lost capacity is not replaced.")
  private Boolean fulfilledOnce;

  @JsonPropertyDescription("spec.schedule: what it asks for now and when that changes next.")
  private ScheduleStatus schedule;

  public ScheduleStatus getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleStatus schedule) {
    this.schedule = schedule;
  }

  @JsonPropertyDescription("managementPolicy Observe: the spot fleet request observed (and adopted from, on Manage).")
  private String spotFleetRequestId;

  @JsonPropertyDescription("managementPolicy Observe: that request's state as EC2 reports it (active, cancelled_running,"
      + " ...).")
  private String spotFleetRequestState;

  public String getSpotFleetRequestId() {
    return spotFleetRequestId;
  }

  public void setSpotFleetRequestId(String spotFleetRequestId) {
    this.spotFleetRequestId = spotFleetRequestId;
  }

  public String getSpotFleetRequestState() {
    return spotFleetRequestState;
  }

  public void setSpotFleetRequestState(String spotFleetRequestState) {
    this.spotFleetRequestState = spotFleetRequestState;
  }

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

  public List<FleetPoolStatus> getPools() {
    return pools;
  }

  public void setPools(List<FleetPoolStatus> pools) {
    this.pools = pools;
  }

  public List<FleetInstance> getWarnedInstances() {
    return warnedInstances;
  }

  public void setWarnedInstances(List<FleetInstance> warnedInstances) {
    this.warnedInstances = warnedInstances;
  }

  public List<UnlistedLaunch> getUnlistedLaunches() {
    return unlistedLaunches;
  }

  public void setUnlistedLaunches(List<UnlistedLaunch> unlistedLaunches) {
    this.unlistedLaunches = unlistedLaunches;
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

  public Map<String, String> getResolvedImageIds() {
    return resolvedImageIds;
  }

  public void setResolvedImageIds(Map<String, String> resolvedImageIds) {
    this.resolvedImageIds = resolvedImageIds;
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

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Instances one launch returned that EC2 has not yet listed as running (or gone). EC2 is eventually
 * consistent: for a while after RunInstances, describes may not show a new instance, and launching again on
 * that evidence would duplicate it. Their ids are the one thing a restarted operator could not find again
 * by the fleet's tags, so they are kept, and only until EC2 lists them or the visibility grace has passed:
 * this list is bounded by the launches in flight, not by the fleet's size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnlistedLaunch extends PoolLocation {
  @JsonPropertyDescription("spot, on-demand or fallback.")
  private String purpose;

  @JsonPropertyDescription("Capacity units per instance.")
  private Integer weightedCapacity;

  @JsonPropertyDescription("When RunInstances answered (RFC 3339).")
  private String launchTime;

  @JsonPropertyDescription("The instances EC2 does not list yet.")
  private List<String> instanceIds;

  public String getPurpose() {
    return purpose;
  }

  public void setPurpose(String purpose) {
    this.purpose = purpose;
  }

  public Integer getWeightedCapacity() {
    return weightedCapacity;
  }

  public void setWeightedCapacity(Integer weightedCapacity) {
    this.weightedCapacity = weightedCapacity;
  }

  public String getLaunchTime() {
    return launchTime;
  }

  public void setLaunchTime(String launchTime) {
    this.launchTime = launchTime;
  }

  public List<String> getInstanceIds() {
    return instanceIds;
  }

  public void setInstanceIds(List<String> instanceIds) {
    this.instanceIds = instanceIds;
  }
}

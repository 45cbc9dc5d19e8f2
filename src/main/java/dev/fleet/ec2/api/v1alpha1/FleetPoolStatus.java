package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The fleet's members in one pool (instance type in one zone), counted: the status stays the same small
 * size whether the fleet runs ten instances or ten thousand (etcd refuses objects over 1.5 MiB).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetPoolStatus extends PoolLocation {
  @JsonPropertyDescription("Members counted toward the target, running or starting.")
  private Integer instances;

  @JsonPropertyDescription("Of which still pending (or launched and not listed by EC2 yet).")
  private Integer pending;

  @JsonPropertyDescription("Of which on-demand (the rest are spot).")
  private Integer onDemandInstances;

  @JsonPropertyDescription("Capacity units the members provide (instances times their weight).")
  private Integer capacity;

  @JsonPropertyDescription("The pool's spot price per instance-hour when last counted, if known.")
  private String spotPrice;

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
  }

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public Integer getOnDemandInstances() {
    return onDemandInstances;
  }

  public void setOnDemandInstances(Integer onDemandInstances) {
    this.onDemandInstances = onDemandInstances;
  }

  public Integer getCapacity() {
    return capacity;
  }

  public void setCapacity(Integer capacity) {
    this.capacity = capacity;
  }

  public String getSpotPrice() {
    return spotPrice;
  }

  public void setSpotPrice(String spotPrice) {
    this.spotPrice = spotPrice;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The status of a kind that runs instances: besides the conditions, what those instances cost an hour. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CostedStatus extends ResourceStatus {

  @JsonPropertyDescription("Estimated compute cost an hour of the instances, USD, from list prices (a decimal like"
      + " 0.0104; 0 when nothing runs; unknown when a price is not known). EBS, data transfer and discounts are not"
      + " counted.")
  private String estimatedHourlyCost;

  @JsonPropertyDescription("What estimatedHourlyCost is based on: the price used and where it came from, why it is 0,"
      + " or which price is unknown.")
  private String costBasis;

  public String getEstimatedHourlyCost() {
    return estimatedHourlyCost;
  }

  public void setEstimatedHourlyCost(String estimatedHourlyCost) {
    this.estimatedHourlyCost = estimatedHourlyCost;
  }

  public String getCostBasis() {
    return costBasis;
  }

  public void setCostBasis(String costBasis) {
    this.costBasis = costBasis;
  }
}

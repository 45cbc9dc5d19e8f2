package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** How the instance is bought: on-demand, or spot with an optional price cap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'spot' || (!has(self.maxPrice) && !has(self.interruptionBehavior))",
    message = "maxPrice and interruptionBehavior apply to type: spot only")
public class InstanceMarket {

  @Default("on-demand")
  @JsonPropertyDescription("on-demand or spot.")
  private MarketType type;

  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription("Highest price per hour, in USD, for spot; default: the on-demand price.")
  private String maxPrice;

  @JsonPropertyDescription("What EC2 does when it reclaims the spot capacity: terminate, stop or hibernate.")
  private InterruptionBehavior interruptionBehavior;

  /** Purchase options. */
  public enum MarketType {
    @com.fasterxml.jackson.annotation.JsonProperty("on-demand") ON_DEMAND,
    @com.fasterxml.jackson.annotation.JsonProperty("spot") SPOT
  }

  /** Spot interruption behaviours. */
  public enum InterruptionBehavior { terminate, stop, hibernate }

  public MarketType getType() {
    return type;
  }

  public void setType(MarketType type) {
    this.type = type;
  }

  public String getMaxPrice() {
    return maxPrice;
  }

  public void setMaxPrice(String maxPrice) {
    this.maxPrice = maxPrice;
  }

  public InterruptionBehavior getInterruptionBehavior() {
    return interruptionBehavior;
  }

  public void setInterruptionBehavior(InterruptionBehavior interruptionBehavior) {
    this.interruptionBehavior = interruptionBehavior;
  }
}

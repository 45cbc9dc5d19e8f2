package dev.fleet.ec2.spotfleet;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One instance pool of a fleet: a launch specification in one zone (one subnet).
 *
 * @param spec index of the launch specification in the spec
 * @param price the current spot price per instance-hour, or null when unknown
 * @param maxPrice the highest price per instance-hour allowed (spec's or fleet's), or null for none
 */
public record Pool(int spec, String instanceType, String zone, String subnetId, int weight, BigDecimal price,
    BigDecimal maxPrice) {

  /** A stable name for events, metrics and the unavailable-pool list. */
  public String key() {
    return instanceType + "/" + zone;
  }

  /** Price per capacity unit; unknown prices sort last. */
  public BigDecimal unitPrice() {
    return price == null ? BigDecimal.valueOf(Long.MAX_VALUE) : price.divide(BigDecimal.valueOf(weight),
        MathContext.DECIMAL64);
  }

  /** False when the current price is above the allowed maximum. */
  public boolean withinMaxPrice() {
    return maxPrice == null || price == null || price.compareTo(maxPrice) <= 0;
  }
}

package dev.fleet.ec2.cost;

import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a resource's instances cost an hour, estimated from list prices: compute only (no EBS, transfer, IPv4
 * addresses, licences or discounts), in USD. A price no table knows makes the whole estimate unknown: a sum
 * that left it out would look cheaper than it is. Pure.
 */
public final class HourlyCost {
  /** Text of an estimate whose price is not known. */
  public static final String UNKNOWN = "unknown";
  private static final Set<String> BILLED = Set.of("pending", "running");

  /** USD an hour, or null when a price is not known; and what it is based on, in words. */
  public record Estimate(BigDecimal usdPerHour, String basis) {
    public boolean known() {
      return usdPerHour != null;
    }

    /** As status shows it: a plain decimal ("0.0104", "0"), or "unknown". */
    public String text() {
      return known() ? usdPerHour.stripTrailingZeros().toPlainString() : UNKNOWN;
    }

    /** An estimate as status shows it ({@link #text()} and basis). */
    public static Estimate of(String text, String basis) {
      return new Estimate(text == null || UNKNOWN.equals(text) ? null : new BigDecimal(text), basis);
    }

    static Estimate free(String why) {
      return new Estimate(BigDecimal.ZERO, why + ": no compute cost");
    }
  }

  private HourlyCost() {}

  /** A resource with no instance (yet). */
  public static Estimate noInstance() {
    return Estimate.free("no instance");
  }

  /**
   * One instance. Pending counts as running (it soon is, and the estimate is the rate it costs); every other
   * state costs no compute.
   *
   * @param state EC2's state
   * @param spotPriceOf the spot price of "type/zone", or null
   */
  public static Estimate ofInstance(String state, String type, String region, String zone, boolean spot,
      OnDemandPrices onDemand, Function<String, BigDecimal> spotPriceOf) {
    if (!BILLED.contains(state)) {
      return Estimate.free(state);
    }
    if (spot) {
      BigDecimal price = spotPriceOf.apply(type + "/" + zone);
      return price == null ? new Estimate(null, unknownSpot(type, zone))
          : new Estimate(price, "spot price " + type + " " + zone);
    }
    return onDemand.of(region, type)
        .map(p -> new Estimate(p.usdPerHour(), "on-demand " + type + " " + region + " (" + p.source() + ")"))
        .orElseGet(() -> new Estimate(null, unknownOnDemand(type, region)));
  }

  /**
   * A fleet, from its pool summaries: spot members at their pool's spot price, on-demand members at the on-demand
   * price of their type in the fleet's region.
   */
  public static Estimate ofFleet(List<FleetPoolStatus> pools, String region, OnDemandPrices onDemand) {
    BigDecimal sum = BigDecimal.ZERO;
    int spotMembers = 0;
    int onDemandMembers = 0;
    Set<String> sources = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (FleetPoolStatus pool : pools == null ? List.<FleetPoolStatus>of() : pools) {
      int onDemandHere = count(pool.getOnDemandInstances());
      int spotHere = count(pool.getInstances()) - onDemandHere;
      if (spotHere > 0) {
        spotMembers += spotHere;
        if (pool.getSpotPrice() == null) {
          unknown.add(unknownSpot(pool.getInstanceType(), pool.getAvailabilityZone()));
        } else {
          sum = sum.add(new BigDecimal(pool.getSpotPrice()).multiply(BigDecimal.valueOf(spotHere)));
        }
      }
      if (onDemandHere > 0) {
        onDemandMembers += onDemandHere;
        Optional<OnDemandPrices.Price> price = onDemand.of(region, pool.getInstanceType());
        if (price.isEmpty()) {
          unknown.add(unknownOnDemand(pool.getInstanceType(), region));
        } else {
          sum = sum.add(price.get().usdPerHour().multiply(BigDecimal.valueOf(onDemandHere)));
          sources.add(price.get().source());
        }
      }
    }
    if (!unknown.isEmpty()) {
      return new Estimate(null, String.join("; ", new TreeSet<>(unknown)));
    }
    if (spotMembers + onDemandMembers == 0) {
      return Estimate.free("no members");
    }
    List<String> parts = new ArrayList<>();
    if (spotMembers > 0) {
      parts.add(spotMembers + " spot at their pools' spot prices");
    }
    if (onDemandMembers > 0) {
      parts.add(onDemandMembers + " on-demand at on-demand prices in " + region + " (" + String.join(", ", sources)
          + ")");
    }
    return new Estimate(sum, String.join(" + ", parts));
  }

  private static String unknownSpot(String type, String zone) {
    return "unknown spot price for " + type + " in " + zone;
  }

  private static String unknownOnDemand(String type, String region) {
    return "unknown price for " + type + " in " + region;
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spot prices per "type/zone": the operator's configured table first (by type/zone, then by type),
 * else DescribeSpotPriceHistory, cached for a few minutes per instance type. A failed lookup is not
 * repeated for half a minute: every pass of every fleet asks, and a failing (or throttled) EC2 call must
 * not be made that often.
 */
public final class SpotPrices {
  private static final Logger log = LoggerFactory.getLogger(SpotPrices.class);
  private static final Duration FRESH = Duration.ofMinutes(5);
  static final Duration FAILED_FOR = Duration.ofSeconds(30);

  private final Ec2Gateway ec2;
  private final Map<String, BigDecimal> overrides;
  private final Clock clock;
  private final Map<String, Map<String, BigDecimal>> byType = new ConcurrentHashMap<>();
  private final Map<String, Instant> fetchedAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();

  public SpotPrices(Ec2Gateway ec2, Map<String, BigDecimal> overrides, Clock clock) {
    this.ec2 = ec2;
    this.overrides = Map.copyOf(overrides);
    this.clock = clock;
  }

  /** A lookup of "type/zone" to price for these instance types. */
  public Function<String, BigDecimal> forTypes(Collection<String> types) {
    Instant now = clock.instant();
    var stale = types.stream().filter(t -> !overridesAll(t)
        && fetchedAt.getOrDefault(t, Instant.EPOCH).plus(FRESH).isBefore(now)
        && !failedAt.getOrDefault(t, Instant.EPOCH).plus(FAILED_FOR).isAfter(now)).distinct().toList();
    if (!stale.isEmpty()) {
      try {
        Map<String, BigDecimal> fetched = ec2.spotPrices(stale);
        for (String t : stale) {
          Map<String, BigDecimal> forType = new ConcurrentHashMap<>();
          fetched.forEach((k, v) -> {
            if (k.startsWith(t + "/")) {
              forType.put(k, v);
            }
          });
          byType.put(t, forType);
          fetchedAt.put(t, now);
          failedAt.remove(t);
        }
      } catch (CloudException e) {
        stale.forEach(t -> failedAt.put(t, now));
        log.warn("spot price history unavailable, using cached or configured prices: {}", e.getMessage());
      }
    }
    return key -> {
      String type = key.substring(0, key.indexOf('/'));
      if (overrides.containsKey(key)) {
        return overrides.get(key);
      }
      if (overrides.containsKey(type)) {
        return overrides.get(type);
      }
      return byType.getOrDefault(type, Map.of()).get(key);
    };
  }

  private boolean overridesAll(String type) {
    return overrides.containsKey(type);
  }
}

package dev.fleet.ec2.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The price settings: spot and on-demand overrides, and the ConfigMap of on-demand prices. */
final class PriceSettings {

  private PriceSettings() {}

  /**
   * "t3.micro=0.0035,t3.small/us-east-1a=0.007" (spot, by type or type/zone) or "t3.micro=0.0104,us-west-2/t3.micro=
   * 0.0104" (on-demand, by type or region/type): prices per instance-hour.
   */
  static Map<String, BigDecimal> prices(Setting s, String value, String form, String example) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      try {
        BigDecimal price = new BigDecimal(entry.substring(eq + 1).trim());
        if (eq <= 0 || price.signum() < 0) {
          throw new IllegalArgumentException();
        }
        prices.put(entry.substring(0, eq).trim(), price);
      } catch (RuntimeException e) {
        throw new ConfigException("invalid price '" + entry.trim() + "' in " + s.describe() + ": expected " + form
            + ", comma-separated, like " + example);
      }
    }
    return prices;
  }

  static Optional<String> configMapName(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new ConfigException("invalid ConfigMap name '" + value + "' (" + Setting.ON_DEMAND_PRICES_CONFIGMAP.describe()
          + "): expected a name like on-demand-prices, in the operator's namespace");
    }
    return Optional.of(value);
  }
}

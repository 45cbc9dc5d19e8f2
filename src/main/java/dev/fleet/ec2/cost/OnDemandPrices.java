package dev.fleet.ec2.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On-demand list prices per instance-hour, three layers, the first that knows wins: the operator's flag
 * ({@code --on-demand-prices}, by region/type or type), the ConfigMap's table (replaced whenever it changes), the
 * table shipped in the jar ({@value #SHIPPED}). Each price says where it came from, so status can say too.
 */
public final class OnDemandPrices {
  public static final String SHIPPED = "on-demand-prices.csv";
  private static final Pattern AS_OF = Pattern.compile("prices as of (\\d{4}-\\d{2}-\\d{2})");

  /** A price and where it came from ("table of 2026-07-20", "--on-demand-prices", "ConfigMap prices"). */
  public record Price(BigDecimal usdPerHour, String source) {}

  /** One parsed CSV: prices by "region/type", and the date its header gives, if any. */
  public record Table(Map<String, BigDecimal> byRegionAndType, Optional<String> asOf) {
    public Table {
      byRegionAndType = Map.copyOf(byRegionAndType);
    }

    static final Table EMPTY = new Table(Map.of(), Optional.empty());
  }

  private final Map<String, BigDecimal> flag;
  private final Table shipped;
  private final AtomicReference<Table> configMap = new AtomicReference<>(Table.EMPTY);
  private volatile String configMapName = "";

  /** @param flag prices by "region/type" or by "type" (any region) */
  public OnDemandPrices(Map<String, BigDecimal> flag, Table shipped) {
    this.flag = Map.copyOf(flag);
    this.shipped = shipped;
  }

  /** The operator's own table, from the jar. */
  public static Table shipped() {
    try (InputStream in = OnDemandPrices.class.getClassLoader().getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED + " is missing from the operator's jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), line -> {
        throw new IllegalStateException(SHIPPED + " has a bad line: " + line);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ConfigMap's table from now on (an empty one when it is gone). */
  public void useConfigMap(String name, Table table) {
    configMapName = name;
    configMap.set(table);
  }

  /** The price of {@code type} in {@code region}, if any layer knows it. */
  public Optional<Price> of(String region, String type) {
    String key = region + "/" + type;
    BigDecimal p = flag.containsKey(key) ? flag.get(key) : flag.get(type);
    if (p != null) {
      return Optional.of(new Price(p, "--on-demand-prices"));
    }
    p = configMap.get().byRegionAndType().get(key);
    if (p != null) {
      return Optional.of(new Price(p, "ConfigMap " + configMapName));
    }
    p = shipped.byRegionAndType().get(key);
    return p == null ? Optional.empty()
        : Optional.of(new Price(p, "table of " + shipped.asOf().orElse("unknown date")));
  }

  /**
   * "region,instanceType,usdPerHour" lines; blank lines, '#' comments and a header line naming the columns are
   * skipped. A comment saying "prices as of YYYY-MM-DD" dates the table. Bad lines go to {@code bad}, the rest
   * still count (a typo in one row must not take every price away).
   */
  public static Table parse(String csv, Consumer<String> bad) {
    Map<String, BigDecimal> prices = new HashMap<>();
    Optional<String> asOf = Optional.empty();
    for (String raw : csv.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        Matcher m = AS_OF.matcher(line);
        asOf = asOf.isEmpty() && m.find() ? Optional.of(m.group(1)) : asOf;
        continue;
      }
      if (line.isEmpty() || line.startsWith("region,")) {
        continue;
      }
      List<String> cells = List.of(line.split(",", -1));
      try {
        BigDecimal price = new BigDecimal(cells.get(2).strip());
        if (cells.size() != 3 || cells.get(0).isBlank() || cells.get(1).isBlank() || price.signum() < 0) {
          throw new IllegalArgumentException();
        }
        prices.put(cells.get(0).strip() + "/" + cells.get(1).strip(), price);
      } catch (RuntimeException e) {
        bad.accept(line);
      }
    }
    return new Table(prices, asOf);
  }
}

package dev.fleet.ec2.config;

import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.access.InstanceProfilePolicy;
import dev.fleet.ec2.cloud.RateLimitedEc2Gateway;
import dev.fleet.ec2.sweep.OrphanPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The operator's whole configuration, read once at start from environment variables and flags
 * ({@code --name=value}; a flag wins over its variable).
 */
public record OperatorConfig(
    String region,
    Optional<URI> endpointOverride,
    Set<String> watchNamespaces,
    String clusterName,
    String httpAddress,
    int httpPort,
    Duration pollInterval,
    Map<String, String> interruptionQueues,
    Map<String, BigDecimal> spotPriceOverrides,
    Map<String, BigDecimal> onDemandPriceOverrides,
    Optional<String> onDemandPricesConfigMap,
    boolean leaderElection,
    String leaseNamespace,
    Optional<String> labelSelector,
    AdoptionPolicy adoption,
    InstanceProfilePolicy instanceProfiles,
    boolean keyPairSecrets,
    Duration visibilityGrace,
    OrphanPolicy orphanPolicy,
    Duration orphanGrace,
    int reconcileThreads,
    RateLimitedEc2Gateway.Limits ec2Limits,
    int ec2BatchWindowMillis) {

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    spotPriceOverrides = Map.copyOf(spotPriceOverrides);
    onDemandPriceOverrides = Map.copyOf(onDemandPriceOverrides);
    interruptionQueues = Map.copyOf(interruptionQueues);
  }

  /** The operator's own account's interruption queue in {@code region}, if one is configured. */
  public Optional<String> interruptionQueueUrl(String queueRegion) {
    return Optional.ofNullable(interruptionQueues.get(queueRegion));
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  /** Reads the configuration; throws {@link ConfigException} with a one-line message on bad input. */
  public static OperatorConfig load(Map<String, String> env, String[] args) {
    Map<Setting, String> values = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      String v = env.get(s.env);
      if (s == Setting.REGION && blank(v)) {
        v = env.get("AWS_DEFAULT_REGION");
      }
      values.put(s, blank(v) ? s.defaultValue : v.trim());
    }
    for (String arg : args) {
      values.put(settingOf(arg), arg.substring(arg.indexOf('=') + 1).trim());
    }
    String region = region(values.get(Setting.REGION));
    return new OperatorConfig(
        region,
        endpoint(values.get(Setting.ENDPOINT_URL)),
        namespaces(values.get(Setting.WATCH_NAMESPACES)),
        clusterName(values.get(Setting.CLUSTER_NAME)),
        required(Setting.HTTP_ADDRESS, values.get(Setting.HTTP_ADDRESS)),
        port(values.get(Setting.HTTP_PORT)),
        pollInterval(values.get(Setting.POLL_INTERVAL)),
        InterruptionQueueSettings.parse(region, values.get(Setting.INTERRUPTION_QUEUE_URL),
            values.get(Setting.INTERRUPTION_QUEUES)),
        PriceSettings.prices(Setting.SPOT_PRICES, values.get(Setting.SPOT_PRICES), "type=price or type/zone=price",
            "t3.micro=0.0035"),
        PriceSettings.prices(Setting.ON_DEMAND_PRICES, values.get(Setting.ON_DEMAND_PRICES), "type=price or region/type=price",
            "t3.micro=0.0104"),
        PriceSettings.configMapName(values.get(Setting.ON_DEMAND_PRICES_CONFIGMAP)),
        bool(Setting.LEADER_ELECTION, values.get(Setting.LEADER_ELECTION)),
        values.get(Setting.LEASE_NAMESPACE),
        blank(values.get(Setting.LABEL_SELECTOR)) ? Optional.empty() : Optional.of(values.get(Setting.LABEL_SELECTOR)),
        adoption(values.get(Setting.ADOPTION_NAMESPACES)),
        InstanceProfilePolicy.parse(values.get(Setting.ALLOWED_INSTANCE_PROFILES)),
        bool(Setting.KEY_PAIR_SECRETS, values.get(Setting.KEY_PAIR_SECRETS)),
        duration(Setting.VISIBILITY_GRACE, values.get(Setting.VISIBILITY_GRACE), Duration.ofSeconds(1)),
        orphanPolicy(values.get(Setting.ORPHAN_POLICY)),
        duration(Setting.ORPHAN_GRACE, values.get(Setting.ORPHAN_GRACE), Duration.ZERO),
        count(Setting.RECONCILE_THREADS, values.get(Setting.RECONCILE_THREADS), 1, 512),
        new RateLimitedEc2Gateway.Limits(rate(Setting.EC2_READ_RATE, values), count(Setting.EC2_READ_BURST, values.get(Setting.EC2_READ_BURST), 1, 1_000_000),
            rate(Setting.EC2_WRITE_RATE, values), count(Setting.EC2_WRITE_BURST, values.get(Setting.EC2_WRITE_BURST), 1, 1_000_000)),
        count(Setting.EC2_BATCH_WINDOW_MS, values.get(Setting.EC2_BATCH_WINDOW_MS), 0, 1_000));
  }

  /** The effective configuration on one line, for the start-up log. Holds no secrets. */
  public String describe() {
    return "region=" + region
        + " endpoint=" + endpointOverride.map(URI::toString).orElse("AWS default")
        + " namespaces=" + (watchesAllNamespaces() ? "all" : String.join(",", new TreeSet<>(watchNamespaces)))
        + " cluster=" + clusterName
        + " http=" + httpAddress + ":" + httpPort
        + " pollInterval=" + pollInterval.toSeconds() + "s"
        + " reconcileThreads=" + reconcileThreads
        + InterruptionQueueSettings.describe(region, interruptionQueues)
        + (spotPriceOverrides.isEmpty() ? "" : " spotPrices=" + new TreeSet<>(spotPriceOverrides.keySet()))
        + (onDemandPriceOverrides.isEmpty() ? "" : " onDemandPrices=" + new TreeSet<>(onDemandPriceOverrides.keySet()))
        + onDemandPricesConfigMap.map(n -> " onDemandPricesConfigMap=" + n).orElse("")
        + (leaderElection ? " leaderElection=" + leaseNamespace : "")
        + labelSelector.map(s -> " labelSelector=" + s).orElse("")
        + " adoption=" + adoption.describe()
        + " instanceProfiles=" + instanceProfiles.describe()
        + " visibilityGrace=" + visibilityGrace.toSeconds() + "s"
        + " orphanPolicy=" + orphanPolicy.text()
        + (orphanPolicy == OrphanPolicy.DELETE ? " orphanGrace=" + orphanGrace.toSeconds() + "s" : "");
  }

  private static Setting settingOf(String arg) {
    int eq = arg.indexOf('=');
    if (!arg.startsWith("--") || eq < 0) {
      throw new ConfigException("unexpected argument '" + arg + "': flags take the form --name=value");
    }
    String name = arg.substring(2, eq);
    return Arrays.stream(Setting.values())
        .filter(s -> s.flag.equals(name))
        .findFirst()
        .orElseThrow(() -> new ConfigException("unknown flag --" + name + "; known flags: "
            + String.join(", ", Arrays.stream(Setting.values()).map(s -> "--" + s.flag).toList())));
  }

  private static String region(String value) {
    String v = required(Setting.REGION, value);
    if (!REGION.matcher(v).matches()) {
      throw new ConfigException("invalid AWS region '" + v + "' (" + Setting.REGION.describe() + "): expected a name like us-east-1");
    }
    return v;
  }

  private static Optional<URI> endpoint(String value) {
    if (blank(value)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new ConfigException("invalid EC2 endpoint '" + value + "' (" + Setting.ENDPOINT_URL.describe()
          + "): expected a URL like http://127.0.0.1:5000");
    }
  }

  private static Set<String> namespaces(String value) {
    Set<String> result = new TreeSet<>();
    for (String ns : value.split(",")) {
      String n = ns.trim();
      if (n.isEmpty()) {
        continue;
      }
      if (!NAMESPACE.matcher(n).matches()) {
        throw new ConfigException("invalid namespace '" + n + "' in " + Setting.WATCH_NAMESPACES.describe()
            + ": expected a comma-separated list of namespace names, or nothing for all namespaces");
      }
      result.add(n);
    }
    return result;
  }

  private static AdoptionPolicy adoption(String value) {
    try {
      return AdoptionPolicy.parse(value, n -> NAMESPACE.matcher(n).matches());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static String clusterName(String value) {
    String v = required(Setting.CLUSTER_NAME, value);
    if (!dev.fleet.ec2.cloud.OwnershipTags.CLUSTER_NAME.matcher(v).matches()) {
      throw new ConfigException("invalid cluster name '" + v + "' (" + Setting.CLUSTER_NAME.describe()
          + "): use 1-63 lower-case letters, digits, '.' or '-'; it is written into ownership tags");
    }
    return v;
  }

  private static int port(String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new ConfigException("invalid HTTP port '" + value + "' (" + Setting.HTTP_PORT.describe() + "): expected 1-65535 (0: any free port)");
    }
  }

  private static Duration pollInterval(String value) {
    Duration d;
    try {
      d = Duration.parse("PT" + value.toUpperCase());
    } catch (DateTimeParseException e) {
      throw new ConfigException("invalid poll interval '" + value + "' (" + Setting.POLL_INTERVAL.describe()
          + "): expected a duration like 30s, 2m or 1m30s");
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("poll interval '" + value + "' (" + Setting.POLL_INTERVAL.describe() + ") must be at least 1s");
    }
    return d;
  }

  private static OrphanPolicy orphanPolicy(String value) {
    try {
      return OrphanPolicy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid orphan policy '" + value + "' (" + Setting.ORPHAN_POLICY.describe()
          + "): expected report (the default: orphans are only reported) or delete");
    }
  }

  private static Duration duration(Setting s, String value, Duration least) {
    Duration d;
    try {
      d = Duration.parse("PT" + value.toUpperCase());
    } catch (DateTimeParseException e) {
      throw new ConfigException("invalid " + s.env + " '" + value + "' (" + s.describe()
          + "): expected a duration like 30s, 5m or 1m30s");
    }
    if (d.compareTo(least) < 0) {
      throw new ConfigException(s.env + " '" + value + "' (" + s.describe() + ") must be at least " + least.toSeconds()
          + "s");
    }
    return d;
  }

  private static int count(Setting s, String value, int least, int most) {
    try {
      int n = Integer.parseInt(value);
      if (n >= least && n <= most) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("invalid " + s.env + " '" + value + "' (" + s.describe() + "): expected a whole number "
        + least + "-" + most);
  }

  private static boolean bool(Setting s, String value) {
    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
      throw new ConfigException("invalid " + s.env + " '" + value + "' (" + s.describe() + "): expected true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** Calls a second; 0 for no limit. */
  private static double rate(Setting s, Map<Setting, String> values) {
    String value = values.get(s);
    try {
      double rate = Double.parseDouble(value);
      if (rate >= 0 && Double.isFinite(rate)) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("invalid " + s.env + " '" + value + "' (" + s.describe()
        + "): expected calls a second, like 4 or 0.5 (0: no limit)");
  }

  private static String required(Setting s, String value) {
    if (blank(value)) {
      throw new ConfigException("missing " + s.env + ": set " + s.describe());
    }
    return value;
  }

  private static boolean blank(String v) {
    return v == null || v.isBlank();
  }
}

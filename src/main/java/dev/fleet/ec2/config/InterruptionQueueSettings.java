package dev.fleet.ec2.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The operator's own account's interruption queues, by region: {@code --interruption-queue-url} for its home
 * region, {@code --interruption-queues} ({@code eu-west-1=URL,us-west-2=URL}) for the others. EventBridge
 * delivers an account's events only in their region, so each region in use needs its own queue.
 */
final class InterruptionQueueSettings {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern URL = Pattern.compile("https?://\\S+");

  private InterruptionQueueSettings() {}

  /**
   * Queue URL by region, the home region's included; throws {@link ConfigException} on a malformed entry,
   * a region named twice, or a home-region URL given both ways that does not agree.
   */
  static Map<String, String> parse(String homeRegion, String homeUrl, String perRegion) {
    Map<String, String> queues = new TreeMap<>();
    for (String entry : perRegion.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String region = eq < 0 ? "" : entry.substring(0, eq).trim();
      String url = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (!REGION.matcher(region).matches() || !URL.matcher(url).matches()) {
        throw new ConfigException("invalid interruption queue '" + entry.trim() + "' in "
            + Setting.INTERRUPTION_QUEUES.describe() + ": expected region=URL, comma-separated, like"
            + " eu-west-1=https://sqs.eu-west-1.amazonaws.com/123456789012/interruptions");
      }
      if (queues.put(region, url) != null) {
        throw new ConfigException("region " + region + " is named twice in " + Setting.INTERRUPTION_QUEUES.describe()
            + ": one queue per region");
      }
    }
    if (!homeUrl.isBlank()) {
      String home = homeUrl.trim();
      if (!URL.matcher(home).matches()) {
        throw new ConfigException("invalid interruption queue URL '" + home + "' ("
            + Setting.INTERRUPTION_QUEUE_URL.describe() + "): expected an http(s) URL");
      }
      String other = queues.putIfAbsent(homeRegion, home);
      if (other != null && !other.equals(home)) {
        throw new ConfigException("two interruption queues for the home region " + homeRegion + ": '" + home
            + "' (" + Setting.INTERRUPTION_QUEUE_URL.describe() + ") and '" + other + "' ("
            + Setting.INTERRUPTION_QUEUES.describe() + "); give one, or the same URL both ways");
      }
    }
    return queues;
  }

  /** As the start-up log shows them: the home region's, then the others. */
  static String describe(String homeRegion, Map<String, String> queues) {
    String others = new TreeMap<>(queues).entrySet().stream().filter(e -> !e.getKey().equals(homeRegion))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    return " interruptionQueue=" + queues.getOrDefault(homeRegion, "none")
        + (others.isEmpty() ? "" : " interruptionQueues=" + others);
  }
}

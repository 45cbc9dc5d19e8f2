package dev.fleet.ec2.ec2like;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the layer saw and did, counted; a test or the chaos driver reads it to see what really happened. */
public final class CallStats {
  /**
   * The counts at one moment.
   *
   * @param requests EC2 calls received from the client by action, including those a fault answered
   * @param passedThrough requests that were not EC2 calls (SQS, IAM, the emulator's own API), forwarded untouched
   * @param latencyMs all added latency together
   * @param scripted calls answered by a scripted fault
   * @param hiddenNotFound NotFound answers for resources hidden by the visibility delay
   */
  public record Snapshot(SortedMap<String, Long> requests, long passedThrough, long throttles, long serverErrors,
      long resets, long lostAnswers, long latencyMs, long scripted, long tokenReplays, long tokenMismatches,
      long hiddenNotFound) {

    public long requests(String action) {
      return requests.getOrDefault(action, 0L);
    }

    /** Keys sorted, so that two runs' JSON compare as text. */
    String toJson(boolean faultsEnabled, long seed) {
      Map<String, Object> faults = new TreeMap<>(Map.of("throttle", throttles, "server-error", serverErrors,
          "reset", resets, "lost-answer", lostAnswers, "latency-ms", latencyMs, "scripted", scripted));
      Map<String, Object> all = new TreeMap<>();
      all.put("requests", requests);
      all.put("faults", faults);
      all.put("passed-through", passedThrough);
      all.put("token-replays", tokenReplays);
      all.put("token-mismatches", tokenMismatches);
      all.put("hidden-not-found", hiddenNotFound);
      all.put("faults-enabled", faultsEnabled);
      all.put("seed", seed);
      StringBuilder out = new StringBuilder();
      writeJson(all, out);
      return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
      if (value instanceof Map<?, ?> map) {
        out.append('{');
        String separator = "";
        for (var e : map.entrySet()) {
          out.append(separator).append('"').append(escape(e.getKey().toString())).append("\":");
          writeJson(e.getValue(), out);
          separator = ",";
        }
        out.append('}');
      } else if (value instanceof Number || value instanceof Boolean) {
        out.append(value);
      } else {
        out.append('"').append(escape(String.valueOf(value))).append('"');
      }
    }

    private static String escape(String text) {
      return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  final LongAdder passedThrough = new LongAdder();
  final LongAdder throttles = new LongAdder();
  final LongAdder serverErrors = new LongAdder();
  final LongAdder resets = new LongAdder();
  final LongAdder lostAnswers = new LongAdder();
  final LongAdder latencyMs = new LongAdder();
  final LongAdder scripted = new LongAdder();
  final LongAdder tokenReplays = new LongAdder();
  final LongAdder tokenMismatches = new LongAdder();
  final LongAdder hiddenNotFound = new LongAdder();

  void request(String action) {
    requests.computeIfAbsent(action, a -> new LongAdder()).increment();
  }

  /** Counts the fault a roll brought, if any. */
  void fault(FaultPlan.Fault fault) {
    switch (fault) {
      case THROTTLE -> throttles.increment();
      case INTERNAL_ERROR, UNAVAILABLE -> serverErrors.increment();
      case RESET -> resets.increment();
      case NONE -> { }
    }
  }

  Snapshot snapshot() {
    SortedMap<String, Long> byAction = new TreeMap<>();
    requests.forEach((action, n) -> byAction.put(action, n.sum()));
    return new Snapshot(java.util.Collections.unmodifiableSortedMap(byAction), passedThrough.sum(), throttles.sum(),
        serverErrors.sum(), resets.sum(), lostAnswers.sum(), latencyMs.sum(), scripted.sum(), tokenReplays.sum(),
        tokenMismatches.sum(), hiddenNotFound.sum());
  }
}

package dev.fleet.ec2.spotfleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * capacityRebalance launchBeforeTerminate: which instances with a rebalance recommendation are due
 * for termination now (their replacement was launched at once), and when to look again. Pure.
 *
 * @param nextCheck time until the next one is due, or null when none waits
 */
public record RebalanceSchedule(List<String> terminateNow, Duration nextCheck) {

  public static RebalanceSchedule due(Collection<InterruptionTracker.Warning> warnings, Set<String> liveIds,
      Duration delay, Instant now) {
    List<String> terminate = new ArrayList<>();
    Duration next = null;
    for (var w : warnings) {
      if (!w.rebalance() || !liveIds.contains(w.instanceId())) {
        continue;
      }
      Duration left = Duration.between(now, w.receivedAt().plus(delay));
      if (left.isNegative() || left.isZero()) {
        terminate.add(w.instanceId());
      } else if (next == null || left.compareTo(next) < 0) {
        next = left;
      }
    }
    return new RebalanceSchedule(List.copyOf(terminate), next);
  }
}

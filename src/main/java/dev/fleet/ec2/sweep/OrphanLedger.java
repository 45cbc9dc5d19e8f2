package dev.fleet.ec2.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Since when each orphan has been seen orphaned, sweep after sweep. An orphan must be seen in every
 * complete sweep to keep its clock: one that a sweep finds owned again (its owner came back), gone, or
 * claimed by another owner uid starts from zero the next time. A sweep that fails records nothing and
 * forgets nothing.
 */
public final class OrphanLedger {
  private record Sighting(String uid, Instant since) {}

  private final Map<String, Sighting> orphaned = new HashMap<>();

  /**
   * Records the orphans of one complete sweep at {@code now}; returns those that were not orphans at the
   * previous one (newly found, or found again after their owner came back).
   */
  public synchronized List<OwnershipClaim> record(Instant now, Collection<OwnershipClaim> orphans) {
    Map<String, Sighting> next = new HashMap<>();
    List<OwnershipClaim> newlyFound = new ArrayList<>();
    for (OwnershipClaim c : orphans) {
      Sighting before = orphaned.get(c.ec2Id());
      if (before != null && before.uid().equals(c.uid())) {
        next.put(c.ec2Id(), before);
      } else {
        next.put(c.ec2Id(), new Sighting(c.uid(), now));
        newlyFound.add(c);
      }
    }
    orphaned.clear();
    orphaned.putAll(next);
    return newlyFound;
  }

  /** Since when {@code c} has been orphaned without a break, if the last sweep found it orphaned. */
  public synchronized Optional<Instant> orphanedSince(OwnershipClaim c) {
    Sighting s = orphaned.get(c.ec2Id());
    return s != null && s.uid().equals(c.uid()) ? Optional.of(s.since()) : Optional.empty();
  }

  /** True when {@code c} has been orphaned without a break for at least {@code grace} at {@code now}. */
  public boolean due(OwnershipClaim c, Instant now, Duration grace) {
    return orphanedSince(c).map(since -> !now.isBefore(since.plus(grace))).orElse(false);
  }

  /** Forgets one resource (removed, or found changed when about to act). */
  public synchronized void forget(String ec2Id) {
    orphaned.remove(ec2Id);
  }

  /** Forgets everything (this replica no longer leads). */
  public synchronized void clear() {
    orphaned.clear();
  }

  public synchronized int size() {
    return orphaned.size();
  }
}

package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deleting an Ec2Instance: everything launched for it is terminated (or, with Retain, released), including
 * a launch that status never recorded, and a launch EC2 may not list yet is waited for; nothing may leak.
 * Looks again with a backoff that grows with the time since deletion began, so that thousands of instances
 * shutting down do not each ask EC2 every two seconds.
 */
final class InstanceRemoval {
  static final Duration FIRST_RECHECK = Duration.ofSeconds(2);
  static final Duration LONGEST_RECHECK = Duration.ofSeconds(30);

  private final InstanceSync sync;
  private final LaunchIntent launchIntent;
  private final Clock clock;

  InstanceRemoval(InstanceSync sync, LaunchIntent launchIntent, Clock clock) {
    this.sync = sync;
    this.launchIntent = launchIntent;
    this.clock = clock;
  }

  /**
   * One pass of the deletion.
   *
   * @param seen what the shared view holds for this resource
   * @param viewComplete whether that view comes from a complete poll
   * @return empty once nothing is left to wait for (the finalizer may go), else when to look again
   */
  Optional<Duration> remove(Ec2Instance resource, Ec2InstanceStatus book, OwnershipTags ownership,
      DeletionPolicy policy, Collection<ObservedInstance> seen, boolean viewComplete) {
    // A try under the current token may have launched an instance that neither status nor the view knows:
    // then EC2 is asked by ownership tags; otherwise the view (itself a tag-filtered describe) is enough.
    boolean unrecordedLaunchPossible = book.getCreateRequestedAt() != null || !viewComplete;
    List<ObservedInstance> launched = unrecordedLaunchPossible ? sync.launchedFor(ownership)
        : InstanceSync.ownedAmong(seen, ownership, true);
    List<String> ids = new ArrayList<>();
    if (book.getInstanceId() != null) {
      ids.add(book.getInstanceId());
    }
    launched.stream().filter(i -> !i.isGone()).map(ObservedInstance::instanceId).filter(i -> !ids.contains(i))
        .forEach(ids::add);
    Map<String, ObservedInstance> now = sync.describeAll(ids);
    boolean done = true;
    for (String instanceId : ids) {
      ObservedInstance current = now.get(instanceId);
      if (policy == DeletionPolicy.Retain) {
        if (current != null && !current.isGone()) {
          sync.release(resource, current);
        }
      } else {
        done &= sync.terminate(resource, instanceId, current);
      }
    }
    // A launch whose instance EC2 does not list yet (its answer lost, or just launched): wait for it, or it leaks.
    boolean launchUnresolved = book.getInstanceId() == null ? book.getClientToken() != null
        && launched.stream().noneMatch(i -> i.launchedUnder(book.getClientToken()))
        : !now.containsKey(book.getInstanceId());
    if (launchUnresolved && launchIntent.mayStillAppear(book)) {
      done = false;
    }
    return done ? Optional.empty() : Optional.of(recheckAfter(resource));
  }

  /** A quarter of the time since deletion began, between {@link #FIRST_RECHECK} and {@link #LONGEST_RECHECK}. */
  Duration recheckAfter(Ec2Instance resource) {
    Instant since;
    try {
      since = Instant.parse(resource.getMetadata().getDeletionTimestamp());
    } catch (NullPointerException | DateTimeParseException e) {
      return FIRST_RECHECK;
    }
    Duration quarter = Duration.between(since, clock.instant()).dividedBy(4);
    return quarter.compareTo(FIRST_RECHECK) < 0 ? FIRST_RECHECK
        : quarter.compareTo(LONGEST_RECHECK) > 0 ? LONGEST_RECHECK : quarter;
  }
}

package dev.fleet.ec2.observe;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One DescribeInstances (by our cluster tag, every page) per poll interval, shared by every inventory
 * of instances (Ec2Instance and SpotFleet): a poll within most of an interval of the last one is
 * answered from it.
 */
public final class SharedInstancePoll {
  private final Ec2Gateway ec2;
  private final String cluster;
  private final Duration reuse;
  private final Clock clock;
  private List<ObservedInstance> last;
  private Instant lastAt = Instant.EPOCH;

  private final java.util.function.BooleanSupplier leading;

  /** @param leading false while another replica holds the lease: then nothing is asked of EC2 */
  public SharedInstancePoll(Ec2Gateway ec2, String cluster, Duration interval, Clock clock,
      java.util.function.BooleanSupplier leading) {
    this.leading = leading;
    this.ec2 = ec2;
    this.cluster = cluster;
    this.reuse = interval.multipliedBy(9).dividedBy(10);
    this.clock = clock;
  }

  /** After a launch or termination: the next poll asks EC2 instead of reusing the last answer. */
  public synchronized void invalidate() {
    last = null;
  }

  /** Whether this replica may ask EC2 (it leads, or runs without leader election). */
  public boolean leading() {
    return leading.getAsBoolean();
  }

  /** @throws IllegalStateException when this replica does not lead (an empty answer would look like "none") */
  public synchronized List<ObservedInstance> get() {
    if (!leading.getAsBoolean()) {
      throw new IllegalStateException("not the leader: EC2 is not polled");
    }
    Instant now = clock.instant();
    if (last == null || !now.isBefore(lastAt.plus(reuse))) {
      last = ec2.describeInstancesByTag(OwnershipTags.CLUSTER, cluster);
      lastAt = now;
    }
    return last;
  }
}

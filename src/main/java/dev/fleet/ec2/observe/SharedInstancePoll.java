package dev.fleet.ec2.observe;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one DescribeInstances (by our cluster tag, every page) per poll interval, shared by every inventory
 * of instances (Ec2Instance and SpotFleet members) and by the orphan sweep.
 */
public final class SharedInstancePoll extends Ec2Poll<ObservedInstance> {
  /** However often launches ask for it, an extra poll comes no sooner than this after the last one began. */
  public static final Duration SOONEST_EXTRA_POLL = Duration.ofSeconds(2);

  /** @param leading false while another replica holds the lease: then nothing is asked of EC2 */
  public SharedInstancePoll(Ec2Gateway ec2, String cluster, Duration interval, Clock clock, BooleanSupplier leading) {
    this(ec2, cluster, interval, clock, leading, "ec2-instances");
  }

  /** @param name the poll's thread name (one poll per account and region in use) */
  public SharedInstancePoll(Ec2Gateway ec2, String cluster, Duration interval, Clock clock, BooleanSupplier leading,
      String name) {
    super(name, () -> ec2.describeInstancesByTag(OwnershipTags.CLUSTER, cluster), interval, SOONEST_EXTRA_POLL, clock,
        leading);
  }
}

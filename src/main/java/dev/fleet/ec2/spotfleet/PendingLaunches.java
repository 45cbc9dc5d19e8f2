package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.PendingLaunch;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import java.util.List;
import java.util.Optional;

/** The write-ahead record of one fleet launch (see {@link PendingLaunch}), to and from the plan's terms. */
final class PendingLaunches {
  private PendingLaunches() {}

  static PendingLaunch of(String clientToken, SpotFleetDelta.Launch launch) {
    PendingLaunch p = new PendingLaunch();
    p.setClientToken(clientToken);
    p.setSpec(launch.pool().spec());
    p.setPool(launch.pool().key());
    p.setPurpose(launch.purpose());
    p.setCount(launch.count());
    return p;
  }

  /** The recorded launch as a plan step, if its pool is among the fleet's pools (launch specifications are immutable). */
  static Optional<SpotFleetDelta.Launch> asLaunch(PendingLaunch pending, List<Pool> pools) {
    return pools.stream()
        .filter(p -> p.key().equals(pending.getPool()) && pending.getSpec() != null && p.spec() == pending.getSpec())
        .findFirst()
        .map(p -> new SpotFleetDelta.Launch(p, pending.getCount() == null ? 1 : pending.getCount(),
            pending.getPurpose()));
  }

  /** The launch's outcome is known (answered, or refused with nothing launched). */
  static void resolved(SpotFleetStatus book) {
    book.setPendingLaunch(null);
    book.setCreateRequestedAt(null);
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.VcpuLimitMessage;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.status.SyncOutcome;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;

/**
 * What kept one fleet pass from launching all it planned, and so how the pass ends: a pool without capacity
 * ({@code NoSpotCapacity}: other pools are tried), or a vCPU quota used up ({@code VcpuLimitExceeded}: its
 * whole bucket is left alone for a while, see {@link VcpuQuotaBlocks}, and other instance families are tried).
 */
final class LaunchTrouble {
  private final SpotFleetDelta delta;
  private final VcpuQuotaBlocks quotas;
  private final EventRecorder events;
  private String capacity;
  private String quota;

  LaunchTrouble(SpotFleetDelta delta, List<Pool> pools, VcpuQuotaBlocks quotas, EventRecorder events) {
    this.delta = delta;
    this.quotas = quotas;
    this.events = events;
    this.capacity = delta.problem();
    this.quota = delta.quotaBlocked() ? quotas.why(pools).orElse(delta.problem()) : null;
  }

  /** True when the launch's quota was found used up moments ago: asking EC2 again would only be refused. */
  boolean overQuota(SpotFleetDelta.Launch launch) {
    var blocking = quotas.blocking(launch.pool().instanceType(), launch.spot());
    blocking.ifPresent(why -> quota = why);
    return blocking.isPresent();
  }

  /** EC2 refused a launch for lack of capacity ({@link SpotFleetSync#CAPACITY_ERRORS}). */
  void refused(SpotFleet fleet, SpotFleetDelta.Launch launch, CloudException e) {
    if (!VcpuLimitMessage.CODE.equals(e.errorCode())) {
      capacity = e.errorCode() + " in pool " + launch.pool().key() + "; trying other pools";
      return;
    }
    quotas.refused(launch.pool().instanceType(), launch.spot(), e.getMessage());
    quota = e.getMessage();
    // one call per bucket per block: one event each, never a storm
    events.warning(fleet, e.errorCode(), quota + "; trying other instance families");
  }

  /** The pass's outcome, unless it ended otherwise ({@code orElse}: scaling, in sync, waiting). */
  SyncOutcome outcome(SyncOutcome orElse) {
    return quota != null ? new SyncOutcome(SyncOutcome.Kind.ERROR, VcpuLimitMessage.CODE, quota)
        : capacity != null ? new SyncOutcome(SyncOutcome.Kind.ERROR, "NoSpotCapacity", capacity) : orElse;
  }

  /**
   * When to look again: at the end of the first block when no pool may be used before, {@code soon} after
   * another problem, else as {@code control} says.
   */
  UpdateControl<SpotFleet> recheck(UpdateControl<SpotFleet> control, long soon) {
    if (delta.quotaBlocked()) {
      return control.rescheduleAfter(Math.max(soon, quotas.untilFirstEnds().toMillis()));
    }
    return quota != null || capacity != null ? control.rescheduleAfter(soon) : control;
  }
}

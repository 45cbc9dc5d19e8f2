package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.schedule.PowerSchedule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;

/**
 * A fleet's spec.schedule: inside its windows the fleet holds its target capacity, outside them none (its members
 * are terminated as by a scale-down to zero, and launched again at the next window's start).
 */
final class FleetSchedule {
  private static final KubernetesSerialization COPIES = new KubernetesSerialization();

  private FleetSchedule() {}

  /** What the schedule says now; Terminal for a time zone Java does not know. */
  static PowerSchedule.Decision now(SpotFleet fleet, Instant now) {
    return PowerSchedule.decide(fleet.getSpec().getSchedule(), null, now);
  }

  /**
   * The fleet as this pass acts on it: itself inside a window, else a copy asking for no capacity (the stored
   * spec is never changed) that keeps the same status object, so the pass's bookkeeping is the fleet's.
   */
  static SpotFleet forPass(SpotFleet fleet, PowerSchedule.Decision power) {
    if (power.state() == PowerState.running) {
      return fleet;
    }
    SpotFleet off = new SpotFleet();
    off.setMetadata(fleet.getMetadata());
    off.setSpec(COPIES.clone(fleet.getSpec()));
    off.getSpec().setTargetCapacity(0);
    off.getSpec().setOnDemandTargetCapacity(null);
    // off hours stop the capacity whatever a scale-down would keep: that is what the schedule is for
    off.getSpec().setExcessCapacityTerminationPolicy(SpotFleetSpec.ExcessCapacityTerminationPolicy.DEFAULT);
    off.setStatus(fleet.getStatus());
    return off;
  }

  /** Wakes the fleet again at the schedule's next edge, if that comes before what the pass asked for. */
  static UpdateControl<SpotFleet> wakeAtEdge(UpdateControl<SpotFleet> control, PowerSchedule.Decision power,
      Instant now) {
    var edge = power.recheckAfter(now);
    if (edge.isEmpty()) {
      return control;
    }
    long delay = control.getScheduleDelay().map(d -> Math.min(d, edge.get())).orElse(edge.get());
    return control.rescheduleAfter(delay);
  }
}

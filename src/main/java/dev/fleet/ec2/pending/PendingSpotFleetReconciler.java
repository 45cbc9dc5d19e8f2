package dev.fleet.ec2.pending;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** SpotFleet until its controller exists: reports that nothing is managed yet. */
public final class PendingSpotFleetReconciler implements Reconciler<SpotFleet> {
  private final PendingStatus pending;

  public PendingSpotFleetReconciler(Clock clock) {
    this.pending = new PendingStatus(clock);
  }

  @Override
  public UpdateControl<SpotFleet> reconcile(SpotFleet resource, Context<SpotFleet> context) {
    return pending.report(resource);
  }
}

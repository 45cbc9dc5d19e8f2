package dev.fleet.ec2.pending;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Ec2Instance until its controller exists: reports that nothing is managed yet. */
public final class PendingEc2InstanceReconciler implements Reconciler<Ec2Instance> {
  private final PendingStatus pending;

  public PendingEc2InstanceReconciler(Clock clock) {
    this.pending = new PendingStatus(clock);
  }

  @Override
  public UpdateControl<Ec2Instance> reconcile(Ec2Instance resource, Context<Ec2Instance> context) {
    return pending.report(resource);
  }
}

package dev.fleet.ec2.pending;

import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** SecurityGroup until its controller exists: reports that nothing is managed yet. */
public final class PendingSecurityGroupReconciler implements Reconciler<SecurityGroup> {
  private final PendingStatus pending;

  public PendingSecurityGroupReconciler(Clock clock) {
    this.pending = new PendingStatus(clock);
  }

  @Override
  public UpdateControl<SecurityGroup> reconcile(SecurityGroup resource, Context<SecurityGroup> context) {
    return pending.report(resource);
  }
}

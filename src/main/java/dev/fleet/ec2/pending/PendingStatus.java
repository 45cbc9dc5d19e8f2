package dev.fleet.ec2.pending;

import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.status.Conditions;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/**
 * Stands in for a kind whose controller has not been built yet: it acts on nothing in EC2, and says
 * so in the resource's status (Synced=False, reason ControllerNotImplemented) instead of leaving the
 * user to guess. Each kind's real reconciler replaces its Pending*Reconciler.
 */
final class PendingStatus {
  static final String REASON = "ControllerNotImplemented";

  private final Clock clock;

  PendingStatus(Clock clock) {
    this.clock = clock;
  }

  <T extends ResourceStatus, R extends CustomResource<?, T>> UpdateControl<R> report(R resource) {
    long generation = resource.getMetadata().getGeneration();
    T status = resource.getStatus();
    if (status.getObservedGeneration() != null && status.getObservedGeneration() == generation) {
      return UpdateControl.noUpdate();
    }
    String message = "this operator version records " + resource.getKind()
        + " resources but does not manage them in EC2 yet; nothing was created or changed";
    var now = clock.instant();
    var conditions = Conditions.set(status.getConditions(), Conditions.SYNCED, false, REASON, message, generation, now);
    status.setConditions(Conditions.set(conditions, Conditions.READY, false, REASON, message, generation, now));
    status.setObservedGeneration(generation);
    return UpdateControl.patchStatus(resource);
  }
}

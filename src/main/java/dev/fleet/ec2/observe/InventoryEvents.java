package dev.fleet.ec2.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One kind's event source for what EC2 reports: every inventory of that kind, one per (account, region) in
 * use, wakes the resources whose part of the view changed through it. Scopes come and go while the
 * controller runs; this stays, so nothing is registered with JOSDK on the way. (The same for AwsAccount
 * changes, which come from an informer outside JOSDK: see {@code ManagedReconciler#accountChanged}.)
 */
public final class InventoryEvents<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements Consumer<ResourceID> {

  public InventoryEvents(String name) {
    super(Void.class, name);
  }

  /** Reconciles {@code owner} soon; before the controller runs, nothing waits for it yet. */
  @Override
  public void accept(ResourceID owner) {
    if (isRunning() && getEventHandler() != null) {
      getEventHandler().handleEvent(new Event(owner));
    }
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}

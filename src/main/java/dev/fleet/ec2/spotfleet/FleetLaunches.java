package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.OwnedInventory;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a fleet pass launched, and the repeat of a launch whose answer never came. */
final class FleetLaunches {
  static final String IDEMPOTENCY_MISMATCH = "IdempotentParameterMismatch";

  private final SpotFleetSync sync;
  private final OwnedInventory<ObservedInstance, SpotFleet> inventory;
  private final VisibilityWindow visibility;

  FleetLaunches(SpotFleetSync sync, OwnedInventory<ObservedInstance, SpotFleet> inventory, VisibilityWindow visibility) {
    this.sync = sync;
    this.inventory = inventory;
    this.visibility = visibility;
  }

  /**
   * Repeats a launch whose answer never came, under its own token: EC2 answers with what it launched then
   * (or launches it now). False while EC2 says the token was used for other parameters and its instances may
   * still appear.
   */
  boolean repeatPending(SpotFleet fleet, SpotFleetStatus book, SpotFleetDesired desired,
      List<ObservedInstance> counted, ResourceID id) {
    var pending = book.getPendingLaunch();
    var launch = PendingLaunches.asLaunch(pending, desired.pools());
    if (launch.isPresent()) {
      try {
        addNew(book, launch.get(), sync.launch(fleet, desired, launch.get(), pending.getClientToken()), counted, id);
      } catch (CloudException e) {
        if (IDEMPOTENCY_MISMATCH.equals(e.errorCode()) && visibility.open(book.getCreateRequestedAt())) {
          return false;
        }
        if (!IDEMPOTENCY_MISMATCH.equals(e.errorCode()) && !SpotFleetSync.CAPACITY_ERRORS.contains(e.errorCode())) {
          throw e; // a throttled repeat says nothing about the first try: it stays pending
        }
      }
    }
    PendingLaunches.resolved(book);
    return true;
  }

  /**
   * What a launch answered that is not counted yet (a repeated token returns the earlier launch): counted,
   * recorded in the shared view, and in the book as unlisted until EC2 lists it.
   */
  List<ObservedInstance> addNew(SpotFleetStatus book, SpotFleetDelta.Launch launch, List<ObservedInstance> answer,
      List<ObservedInstance> counted, ResourceID id) {
    Set<String> countedIds = counted.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    List<ObservedInstance> launched = answer.stream().filter(i -> !countedIds.contains(i.instanceId())).toList();
    launched.forEach(i -> inventory.record(id, i));
    counted.addAll(launched);
    UnlistedLaunches.add(book, launch, launched, visibility.now());
    return launched;
  }
}

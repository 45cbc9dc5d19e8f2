package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deleting a fleet: every member EC2 lists under the fleet's tags is terminated (or released with Retain),
 * and the fleet stays until none is left. Members it launched moments ago may not be listed yet: those the
 * status still records as unlisted ({@link UnlistedLaunches}) are looked up by id, and a launch whose answer
 * never came is waited for (within the visibility grace) until EC2 lists an instance launched under its client
 * token, so that nothing it launched outlives the fleet.
 */
final class FleetDeletion {
  private final SpotFleetSync sync;
  private final VisibilityWindow visibility;

  FleetDeletion(SpotFleetSync sync, VisibilityWindow visibility) {
    this.sync = sync;
    this.visibility = visibility;
  }

  /** One deletion pass; true once nothing of the fleet is left (or may still appear). */
  boolean finished(SpotFleet fleet, SpotFleetStatus book, SpotFleetDesired desired) {
    List<ObservedInstance> everLaunched = sync.members(desired);
    List<ObservedInstance> members = new ArrayList<>(everLaunched.stream().filter(i -> !i.isGone()).toList());
    Set<String> listed = everLaunched.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    List<String> recent = UnlistedLaunches.ids(book, visibility).stream().filter(i -> !listed.contains(i)).toList();
    boolean waiting = false;
    if (!recent.isEmpty()) {
      List<ObservedInstance> found = sync.listed(recent);
      found.stream().filter(i -> desired.ownership().ownedBy(i.tags()) && !i.isGone()).forEach(members::add);
      waiting = found.size() < recent.size(); // launched, not listed yet
    }
    // a launch whose answer never came: resolved once EC2 lists an instance it made (by its client token)
    var pending = book.getPendingLaunch();
    waiting |= pending != null && visibility.open(book.getCreateRequestedAt())
        && everLaunched.stream().noneMatch(i -> i.launchedUnder(pending.getClientToken()));
    if (fleet.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
      members.forEach(i -> sync.release(fleet, i.instanceId()));
      return !waiting;
    }
    members.stream().filter(i -> !ObservedInstance.SHUTTING_DOWN.equals(i.state()))
        .forEach(i -> sync.terminate(fleet, i, "the fleet is deleted"));
    return members.isEmpty() && !waiting;
  }
}

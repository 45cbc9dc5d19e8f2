package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSpotFleetRequest;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.Observation;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spot fleet request made outside the operator ({@code aws ec2 request-spot-fleet}), named by the annotation
 * {@value #ADOPT_ANNOTATION}: read and compared under managementPolicy Observe, its members taken over under
 * Manage. EC2 keeps maintaining an active request's capacity, so its members are adopted only once it is
 * cancelled keeping its instances: two controllers of one fleet would launch and terminate against each other.
 */
final class FleetObservation {
  static final String ADOPT_ANNOTATION = "ec2.fleet.dev/adopt-fleet-request-id";
  static final String REQUEST_ACTIVE = "FleetRequestActive";

  /** One reading: the outcome to report, and the members to count (weighted as the spec weighs their types). */
  record Reading(SyncOutcome outcome, List<ObservedInstance> members) {}

  private final AdoptionPolicy adoption;
  private final EventRecorder events;
  private final Clock clock;

  FleetObservation(AdoptionPolicy adoption, EventRecorder events, Clock clock) {
    this.adoption = adoption;
    this.events = events;
    this.clock = clock;
  }

  /** managementPolicy Observe: the request and its members as EC2 lists them, what differs in InSync; no write. */
  Reading read(SpotFleet fleet, SpotFleetStatus book, SpotFleetSync sync) {
    String id = Observation.target(fleet, book, book.getSpotFleetRequestId(), ADOPT_ANNOTATION, adoption,
        "spot fleet request");
    book.setSpotFleetRequestId(id);
    Optional<ObservedSpotFleetRequest> request = sync.request(id);
    book.setSpotFleetRequestState(request.map(ObservedSpotFleetRequest::state).orElse(null));
    List<ObservedInstance> members = request.isPresent() ? weighed(fleet, sync.requestMembers(id)) : List.of();
    List<String> drift = request.map(r -> SpotFleetDelta.differences(fleet.getSpec(), r, members)).orElse(List.of());
    return new Reading(Observation.report(book, "spot fleet request " + id, request.isPresent(), drift,
        fleet.getMetadata().getGeneration(), clock.instant()), members);
  }

  /**
   * Manage of a fleet that names a request (observed until now, or annotated before its first launch) and has
   * not taken it over yet: its members become the fleet's, with adoption's checks. Returns why it must wait instead: the
   * request is still active.
   */
  Optional<SyncOutcome> adoptIfNamed(SpotFleet fleet, SpotFleetStatus book, SpotFleetSync sync,
      SpotFleetDesired desired) {
    var annotations = fleet.getMetadata().getAnnotations();
    String named = annotations == null ? null : annotations.get(ADOPT_ANNOTATION);
    // annotated from the start: only before the fleet's first launch, as an instance's adoption
    boolean pending = book.observing() || named != null && !named.isBlank() && book.getSpotFleetRequestId() == null
        && !FleetCensus.hasMembers(book);
    if (!pending) {
      return Optional.empty();
    }
    String id = book.getSpotFleetRequestId() != null ? book.getSpotFleetRequestId() : named.trim();
    adoption.check(fleet.getMetadata().getNamespace(), ADOPT_ANNOTATION, id); // before EC2 hears of it
    Optional<ObservedSpotFleetRequest> request = sync.request(id);
    book.setSpotFleetRequestState(request.map(ObservedSpotFleetRequest::state).orElse(null));
    if (request.isPresent() && request.get().active()) {
      return Optional.of(new SyncOutcome(SyncOutcome.Kind.WAITING, REQUEST_ACTIVE, "spot fleet request " + id + " is "
          + request.get().state() + ": EC2 maintains its capacity, and two controllers of one fleet would fight. Cancel"
          + " it keeping its instances (aws ec2 cancel-spot-fleet-requests --spot-fleet-request-ids " + id
          + " --no-terminate-instances); this fleet then adopts them"));
    }
    if (request.isEmpty()) {
      events.warning(fleet, "NothingAdopted", "spot fleet request " + id + " is not known to EC2 (cancelled long ago?):"
          + " none of its instances can be found to adopt; the fleet launches its own capacity");
    } else {
      sync.adopt(fleet, id, desired, sync.requestMembers(id));
    }
    book.setSpotFleetRequestId(id);
    book.setObserveOnly(null); // managed from here on
    return Optional.empty();
  }

  /**
   * The members as the spec weighs their types. Only in memory: an observed instance is never tagged, and
   * the status counts capacity units by the weight tag adopted and launched members carry.
   */
  private static List<ObservedInstance> weighed(SpotFleet fleet, List<ObservedInstance> members) {
    return members.stream().map(i -> i.withTags(Map.of(SpotFleetDesired.WEIGHT_TAG,
        Integer.toString(SpotFleetDesired.weightOf(fleet.getSpec(), i.instanceType()))))).toList();
  }
}

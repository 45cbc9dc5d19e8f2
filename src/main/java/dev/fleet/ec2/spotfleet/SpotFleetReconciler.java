package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.CapacityRebalance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ClientTokens;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.lifecycle.FailureVerdict;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.TerminalGate;
import dev.fleet.ec2.status.SyncOutcome;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** SpotFleet: observe (shared instance poll + interruption queue), plan (SpotFleetDelta), act, report. */
public final class SpotFleetReconciler implements Reconciler<SpotFleet>, Cleaner<SpotFleet> {
  static final long RECHECK_MS = 2_000;
  private static final String IDEMPOTENCY_MISMATCH = FleetLaunches.IDEMPOTENCY_MISMATCH;

  private final OwnedInventory<ObservedInstance, SpotFleet> inventory;
  private final InterruptionTracker tracker;
  private final SpotFleetSync sync;
  private final SpotPrices prices;
  private final FleetMetrics metrics;
  private final EventRecorder events;
  private final String cluster;
  private final Clock clock;
  private final FleetCensus census;
  private final VisibilityWindow visibility;
  private final FleetDeletion deletion;
  private final FleetLaunches launches;
  private final FleetReporter reporter;
  private final FleetGroupRefs groupRefs = new FleetGroupRefs();

  public SpotFleetReconciler(OwnedInventory<ObservedInstance, SpotFleet> inventory, InterruptionTracker tracker,
      SpotFleetSync sync, SpotPrices prices, FleetMetrics metrics, EventRecorder events, String cluster, Clock clock,
      ConditionReporter conditions, VisibilityWindow visibility) {
    this.visibility = visibility;
    this.deletion = new FleetDeletion(sync, visibility);
    this.launches = new FleetLaunches(sync, inventory, visibility);
    this.inventory = inventory;
    this.tracker = tracker;
    this.sync = sync;
    this.prices = prices;
    this.metrics = metrics;
    this.events = events;
    this.cluster = cluster;
    this.clock = clock;
    this.census = new FleetCensus(clock, metrics, events, visibility);
    this.reporter = new FleetReporter(conditions, metrics, cluster, clock);
  }

  @Override
  public List<EventSource<?, SpotFleet>> prepareEventSources(EventSourceContext<SpotFleet> context) {
    return List.of(inventory.eventSource(), tracker.eventSource(), groupRefs.eventSource(context));
  }

  @Override
  public UpdateControl<SpotFleet> reconcile(SpotFleet fleet, Context<SpotFleet> context) {
    SpotFleetStatus book = bookOf(fleet);
    long generation = fleet.getMetadata().getGeneration();
    if (Conditions.isTrueFor(book.getConditions(), Conditions.TERMINAL, generation)
        && !TerminalGate.liftedByAdministrator(book.getConditions())) {
      return UpdateControl.noUpdate();
    }
    var renamed = ClusterNameGuard.check(book, FleetCensus.hasMembers(book), cluster);
    if (renamed.isPresent()) {
      reporter.uncounted(fleet, book, renamed.get(), context); // no EC2 call: it would launch a second fleet
      return UpdateControl.noUpdate();
    }
    ResourceID id = ResourceID.fromResource(fleet);
    var spec = fleet.getSpec();
    var firstView = inventory.waitForFirstView(id);
    if (firstView.isPresent()) {
      return UpdateControl.<SpotFleet>noUpdate().rescheduleAfter(firstView.get().toMillis()); // it wakes the fleet
    }
    try {
      Function<String, BigDecimal> priceOf = prices.forTypes(spec.getLaunchSpecifications().stream()
          .map(LaunchSpecification::getInstanceType).toList());
      var refs = groupRefs.resolve(fleet);
      if (refs.waitingFor() != null) { // the group's informer wakes the fleet when that changes
        reporter.uncounted(fleet, book, new SyncOutcome(SyncOutcome.Kind.WAITING, SecurityGroupRefs.WAITING_REASON,
            refs.waitingFor()), context);
        return UpdateControl.noUpdate();
      }
      SpotFleetDesired desired = SpotFleetDesired.from(fleet, cluster, sync::subnetsOf, priceOf, refs.groupIds());
      // a member missing from a view that was never complete is no reason to launch: that would duplicate it
      inventory.requireLoaded("the fleet's instances are not known yet, so nothing is launched");
      var seen = inventory.all(id);
      List<ObservedInstance> live = census.live(book, seen, desired.ownership());
      tracker.restore(id, book.getWarnedInstances()); // warnings a previous process recorded, if it was restarted
      Map<String, InterruptionTracker.Warning> warnings = tracker.warnings(id);
      census.countWarnings(book, warnings.values()); // before reclaims: they move the watermark
      census.countReclaimed(fleet, book, live);
      boolean rebalanceReplaces = spec.getCapacityRebalance() != null
          && spec.getCapacityRebalance() != CapacityRebalance.none;
      List<ObservedInstance> counted = live.stream().filter(i -> {
        var w = warnings.get(i.instanceId());
        return w == null || w.rebalance() && !rebalanceReplaces;
      }).collect(Collectors.toCollection(ArrayList::new));
      List<ObservedInstance> warned = live.stream().filter(i -> !counted.contains(i))
          .collect(Collectors.toCollection(ArrayList::new));
      var count = new FleetReporter.Count(counted, warned, warnings, priceOf);

      if (book.getPendingLaunch() != null && !launches.repeatPending(fleet, book, desired, counted, id)) {
        reporter.uncounted(fleet, book, SyncOutcome.progressing("WaitingForEarlierLaunch", "a launch under client token "
            + book.getPendingLaunch().getClientToken() + " was made for other parameters; waiting for EC2 to list"
            + " its instances"), context);
        return UpdateControl.<SpotFleet>noUpdate().rescheduleAfter(RECHECK_MS);
      }
      SpotFleetDelta delta = SpotFleetDelta.plan(spec, desired.pools(), counted.stream()
          .map(i -> FleetCensus.member(i, priceOf)).toList(), Boolean.TRUE.equals(book.getFulfilledOnce()),
          tracker.unavailablePools(), tracker.troubledPools());
      String problem = delta.problem();
      boolean replacing = Boolean.TRUE.equals(book.getFulfilledOnce()) && book.getTargetCapacity() != null
          && book.getTargetCapacity() >= spec.getTargetCapacity();
      // Write-ahead: the pass's base token is in status before EC2 hears of a launch. A pass that died
      // mid-launch left it there: repeating its tokens makes EC2 return what it launched, not launch again.
      String uid = fleet.getMetadata().getUid();
      book.setClientToken(ClientTokens.isFor(book.getClientToken(), uid, generation) ? book.getClientToken()
          : ClientTokens.next(uid, generation));
      boolean earlierLaunchPending = false;
      CloudException refused = null; // an administrator's refusal: the rest of the pass still runs
      for (SpotFleetDelta.Launch launch : delta.launches()) {
        if (earlierLaunchPending) {
          break;
        }
        var refusal = sync.launchRefusal(fleet, launch.pool().spec());
        if (refusal.isPresent()) {
          refused = refusal.get();
          continue;
        }
        String token = ClientTokens.forLaunch(book.getClientToken(), launch.pool().key() + "|" + launch.purpose() + "|"
            + launch.count());
        book.setPendingLaunch(PendingLaunches.of(token, launch));
        book.setCreateRequestedAt(visibility.now());
        reporter.counted(fleet, book, count, SyncOutcome.progressing("Launching", "launching " + launch.count()
            + " instance(s) in " + launch.pool().key()), context);
        try {
          List<ObservedInstance> launched = launches.addNew(book, launch, sync.launch(fleet, desired, launch, token),
              counted, id);
          PendingLaunches.resolved(book);
          if (replacing || !warnings.isEmpty()) {
            book.setReplacements((book.getReplacements() == null ? 0 : book.getReplacements()) + launched.size());
            metrics.replaced(launched.size(), warnings.values().stream().map(InterruptionTracker.Warning::receivedAt)
                .min(Instant::compareTo).map(t -> Duration.between(t, clock.instant())).orElse(null));
          }
        } catch (CloudException e) {
          if (IDEMPOTENCY_MISMATCH.equals(e.errorCode())) {
            earlierLaunchPending = true; // launched under this token with another plan: wait to see it by tags
            continue;
          }
          if (!e.outcomeUnknown()) { // EC2 answered: nothing launched
            PendingLaunches.resolved(book);
            PendingLaunches.resolved(bookOf(fleet));
          }
          if (!SpotFleetSync.CAPACITY_ERRORS.contains(e.errorCode())) {
            throw e;
          }
          tracker.capacityError(launch.pool().key());
          problem = e.errorCode() + " in pool " + launch.pool().key() + "; trying other pools";
        }
      }
      book.setClientToken(null);
      Set<String> gone = new HashSet<>(delta.terminate());
      long nextRebalanceCheck = rebalanceTerminations(fleet, warnings, live, gone);
      Map<String, ObservedInstance> byId = live.stream().collect(Collectors.toMap(ObservedInstance::instanceId, i -> i));
      delta.terminate().stream().map(byId::get).filter(java.util.Objects::nonNull).forEach(i -> sync.terminate(fleet,
          i, "above the target capacity of " + spec.getTargetCapacity()));
      counted.removeIf(i -> gone.contains(i.instanceId()));
      warned.removeIf(i -> gone.contains(i.instanceId()));
      UnlistedLaunches.remove(book, gone); // terminated: if the view misses them now, they are gone, not unlisted
      tracker.retain(id, live.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet()));
      if (refused != null) {
        throw refused; // reported Terminal below, after the terminations this pass planned
      }

      SyncOutcome outcome = earlierLaunchPending ? SyncOutcome.progressing("WaitingForEarlierLaunch",
          "an interrupted pass launched instances that EC2 does not list yet")
          : problem != null ? new SyncOutcome(SyncOutcome.Kind.ERROR, "NoSpotCapacity", problem)
          : !delta.launches().isEmpty() || !delta.terminate().isEmpty()
              ? SyncOutcome.progressing("Scaling", delta.launches().size() + " launch(es), " + delta.terminate().size()
                  + " termination(s)")
              : SyncOutcome.inSync();
      var control = reporter.counted(fleet, book, count, outcome, context);
      if (problem != null) {
        return control.rescheduleAfter(RECHECK_MS * 5);
      }
      return nextRebalanceCheck > 0 ? control.rescheduleAfter(nextRebalanceCheck) : control;
    } catch (CloudException e) {
      if (FailureVerdict.isRefusal(e, context)) {
        if ("RunInstances".equals(e.action())) {
          PendingLaunches.resolved(bookOf(fleet)); // refused: nothing launched
        }
        // launch specifications are immutable: say how to get out, a spec edit would be refused
        String message = FailureVerdict.message(e) + TerminalGate.remedy(e.errorCode(), "; fix it in a new SpotFleet (delete"
            + " and recreate this one): launch specifications cannot change");
        events.warning(fleet, e.errorCode(), message);
        // the last status written, not this pass's starting counts
        reporter.uncounted(fleet, bookOf(fleet), new SyncOutcome(SyncOutcome.Kind.TERMINAL, e.errorCode(), message),
            context);
        return UpdateControl.noUpdate();
      }
      throw e;
    }
  }

  /**
   * capacityRebalance launchBeforeTerminate: an instance with a rebalance recommendation is terminated
   * terminationDelaySeconds after it (its replacement was launched at once). Returns the milliseconds
   * until the next one is due, or 0.
   */
  private long rebalanceTerminations(SpotFleet fleet, Map<String, InterruptionTracker.Warning> warnings,
      List<ObservedInstance> live, Set<String> gone) {
    if (fleet.getSpec().getCapacityRebalance() != CapacityRebalance.launchBeforeTerminate) {
      return 0;
    }
    Duration delay = Duration.ofSeconds(fleet.getSpec().getTerminationDelaySeconds() == null ? 120
        : fleet.getSpec().getTerminationDelaySeconds());
    Set<String> liveIds = live.stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
    liveIds.removeAll(gone);
    var due = RebalanceSchedule.due(warnings.values(), liveIds, delay, clock.instant());
    for (String id : due.terminateNow()) {
      live.stream().filter(i -> i.instanceId().equals(id)).findFirst().ifPresent(i -> sync.terminate(fleet, i,
          "rebalance recommendation " + delay.toSeconds() + " s ago; its replacement runs"));
      gone.add(id);
    }
    return due.nextCheck() == null ? 0 : due.nextCheck().toMillis();
  }

  @Override
  public DeleteControl cleanup(SpotFleet fleet, Context<SpotFleet> context) {
    SpotFleetStatus book = bookOf(fleet);
    if (ClusterNameGuard.holdsDeletion(fleet, book, FleetCensus.hasMembers(book), cluster, events)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(ClusterNameGuard.HELD_DELETION_RECHECK_MS);
    }
    if (!deletion.finished(fleet, book, SpotFleetDesired.from(fleet, cluster, ls -> List.of(), key -> null,
        List.of()))) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK_MS);
    }
    // nothing kept per fleet in memory outlives it: gauges, census, event bookkeeping, warnings
    reporter.forget(fleet);
    tracker.forget(ResourceID.fromResource(fleet));
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<SpotFleet> updateErrorStatus(SpotFleet fleet, Context<SpotFleet> context,
      Exception e) {
    SyncOutcome outcome = SyncOutcome.retrying(e);
    events.warning(fleet, outcome.reason(), outcome.message());
    reporter.uncounted(fleet, bookOf(fleet), outcome, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static SpotFleetStatus bookOf(SpotFleet fleet) {
    if (fleet.getStatus() == null) {
      fleet.setStatus(new SpotFleetStatus());
    }
    return fleet.getStatus();
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.CapacityRebalance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ClientTokens;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.Pricing;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.status.SyncOutcome;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SpotFleet's own steps on the shared lifecycle ({@link ManagedReconciler}): observe (shared instance poll +
 * interruption queue), plan (SpotFleetDelta), act (SpotFleetSync), report (SpotFleetStatusMapper).
 */
public final class SpotFleetReconciler extends ManagedReconciler<SpotFleet, SpotFleetStatus> {
  static final long RECHECK_MS = 2_000;
  private static final String IDEMPOTENCY_MISMATCH = FleetLaunches.IDEMPOTENCY_MISMATCH;

  private final InterruptionTracker tracker;
  private final FleetMetrics metrics;
  private final String cluster;
  private final Clock clock;
  private final Clock scheduleClock;
  private final FleetCensus census;
  private final VisibilityWindow visibility;
  private final FleetReporter reporter;
  private final FleetRefs refs = new FleetRefs();
  private final InventoryEvents<SpotFleet> inventoryEvents;
  private final Function<Ec2Scope, SpotFleetSync> syncIn;
  private final Pricing pricing;
  private final FleetObservation observation;

  /** What a pass uses in its fleet's scope: the view of EC2 there, and the calls that act there. */
  private record Kit(OwnedInventory<ObservedInstance, SpotFleet> inventory, SpotFleetSync sync, SpotPrices prices,
      FleetLaunches launches, FleetDeletion deletion, VcpuQuotaBlocks quotas) {}

  /**
   * @param syncIn the fleet calls over a scope's gateway and member inventory
   * @param pricing spot prices in a scope's region, on-demand prices, the cost gauges
   * @param scheduleClock what spec.schedule reads as now
   */
  public SpotFleetReconciler(LifecycleContext lifecycle, InventoryEvents<SpotFleet> inventoryEvents,
      InterruptionTracker tracker, Function<Ec2Scope, SpotFleetSync> syncIn, Pricing pricing,
      FleetMetrics metrics, Clock clock, VisibilityWindow visibility, AdoptionPolicy adoption, Clock scheduleClock) {
    super(lifecycle, new Kind<>(SpotFleet.class, SpotFleetStatus::new, r -> r.getSpec().getRegion(),
        r -> r.getSpec().getAccountRef(), r -> r.getSpec().getManagementPolicy()));
    this.inventoryEvents = inventoryEvents;
    this.syncIn = syncIn;
    this.pricing = pricing;
    this.visibility = visibility;
    this.tracker = tracker;
    this.metrics = metrics;
    this.cluster = lifecycle.cluster();
    this.clock = clock;
    this.scheduleClock = scheduleClock;
    this.census = new FleetCensus(clock, metrics, lifecycle.events(), visibility);
    this.reporter = new FleetReporter(lifecycle.conditions(), metrics, cluster, clock, pricing);
    this.observation = new FleetObservation(adoption, lifecycle.events(), clock);
  }

  private Kit kit(Ec2Scope scope) {
    return scope.kit(Kit.class, s -> {
      SpotFleetSync sync = syncIn.apply(s);
      return new Kit(s.fleetInstances(), sync, pricing.spotIn().apply(s), new FleetLaunches(sync, s.fleetInstances(),
          visibility), new FleetDeletion(sync, visibility), new VcpuQuotaBlocks(clock));
    });
  }

  @Override
  protected OwnedInventory<ObservedInstance, SpotFleet> inventory(Ec2Scope scope) {
    return scope.fleetInstances();
  }

  @Override
  public List<EventSource<?, SpotFleet>> prepareEventSources(EventSourceContext<SpotFleet> context) {
    List<EventSource<?, SpotFleet>> sources = new ArrayList<>(List.of(inventoryEvents, accountEvents(context),
        tracker.eventSource()));
    sources.addAll(refs.eventSources(context));
    return sources;
  }

  /** spec.schedule first: outside its windows the pass acts on a copy of the fleet asking for no capacity. */
  @Override
  protected UpdateControl<SpotFleet> sync(SpotFleet fleet, SpotFleetStatus book, Ec2Scope scope,
      Context<SpotFleet> context) {
    var power = FleetSchedule.now(fleet, scheduleClock.instant());
    book.setSchedule(power.status());
    return FleetSchedule.wakeAtEdge(pass(FleetSchedule.forPass(fleet, power), book, scope, context), power,
        scheduleClock.instant());
  }

  private UpdateControl<SpotFleet> pass(SpotFleet fleet, SpotFleetStatus book, Ec2Scope scope,
      Context<SpotFleet> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(fleet);
    var spec = fleet.getSpec();
    long generation = fleet.getMetadata().getGeneration();
    Function<String, BigDecimal> priceOf = k.prices().forTypes(spec.getLaunchSpecifications().stream()
        .map(LaunchSpecification::getInstanceType).toList());
    var resolved = refs.resolve(fleet, scope.key().region(), lifecycle.scopes().home().key().region(),
        book.getAccount());
    if (resolved.waiting() != null) { // the group's or key pair's informer wakes the fleet when that changes
      reporter.uncounted(fleet, book, resolved.waiting(), context);
      return UpdateControl.noUpdate();
    }
    SpotFleetDesired desired = SpotFleetDesired.from(fleet, cluster, k.sync()::subnetsOf, priceOf,
        resolved.groupIds(), resolved.keyNames()).withResolvedImages(book.getResolvedImageIds());
    var adopting = observation.adoptIfNamed(fleet, book, k.sync(), desired); // before counting: they are members
    if (adopting.isPresent()) {
      reporter.uncounted(fleet, book, adopting.get(), context);
      return UpdateControl.<SpotFleet>noUpdate().rescheduleAfter(k.inventory().interval().toMillis());
    }
    // a member missing from a view that was never complete is no reason to launch: that would duplicate it
    k.inventory().requireLoaded("the fleet's instances are not known yet, so nothing is launched");
    var seen = k.inventory().all(id);
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
    var count = new FleetReporter.Count(counted, warned, warnings, priceOf, scope.key().region());

    if (book.getPendingLaunch() != null && !k.launches().repeatPending(fleet, book, desired, counted, id)) {
      reporter.uncounted(fleet, book, SyncOutcome.progressing("WaitingForEarlierLaunch", "a launch under client token "
          + book.getPendingLaunch().getClientToken() + " was made for other parameters; waiting for EC2 to list"
          + " its instances"), context);
      return UpdateControl.<SpotFleet>noUpdate().rescheduleAfter(RECHECK_MS);
    }
    SpotFleetDelta delta = SpotFleetDelta.plan(spec, desired.pools(), counted.stream()
        .map(i -> FleetCensus.member(i, priceOf)).toList(), Boolean.TRUE.equals(book.getFulfilledOnce()),
        tracker.unavailablePools(), tracker.troubledPools(), k.quotas().blockedSpotPools(desired.pools()));
    var trouble = new LaunchTrouble(delta, desired.pools(), k.quotas(), lifecycle.events());
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
      if (trouble.overQuota(launch)) {
        continue;
      }
      var refusal = k.sync().launchRefusal(fleet, book, desired, launch.pool().spec()); // resolves its image
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
        List<ObservedInstance> launched = k.launches().addNew(book, launch,
            k.sync().launch(fleet, desired.withResolvedImages(book.getResolvedImageIds()), launch, token),
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
        trouble.refused(fleet, launch, e);
      }
    }
    book.setClientToken(null);
    Set<String> gone = new HashSet<>(delta.terminate());
    long nextRebalanceCheck = k.sync().terminateRebalanced(fleet, warnings.values(), live, gone, clock.instant());
    Map<String, ObservedInstance> byId = live.stream().collect(Collectors.toMap(ObservedInstance::instanceId, i -> i));
    delta.terminate().stream().map(byId::get).filter(java.util.Objects::nonNull).forEach(i -> k.sync().terminate(fleet,
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
        : trouble.outcome(!delta.launches().isEmpty() || !delta.terminate().isEmpty()
            ? SyncOutcome.progressing("Scaling", delta.launches().size() + " launch(es), " + delta.terminate().size()
                + " termination(s)")
            : SyncOutcome.inSync());
    var control = reporter.counted(fleet, book, count, outcome, context);
    return trouble.recheck(nextRebalanceCheck > 0 ? control.rescheduleAfter(nextRebalanceCheck) : control,
        RECHECK_MS * 5);
  }

  @Override
  protected Optional<Duration> remove(SpotFleet fleet, SpotFleetStatus book, Ec2Scope scope,
      Context<SpotFleet> context) {
    Kit k = kit(scope);
    if (!k.deletion().finished(fleet, book, SpotFleetDesired.from(fleet, cluster, ls -> List.of(), key -> null,
        List.of()))) {
      return Optional.of(Duration.ofMillis(RECHECK_MS));
    }
    return Optional.empty();
  }

  /** Nothing kept per fleet in memory outlives it: gauges, census, event bookkeeping, warnings. */
  @Override
  protected void forget(SpotFleet fleet) {
    reporter.forget(fleet);
    tracker.forget(ResourceID.fromResource(fleet));
  }

  @Override
  protected void refused(SpotFleetStatus book, CloudException e) {
    if ("RunInstances".equals(e.action())) {
      PendingLaunches.resolved(book); // refused: nothing launched
    }
  }

  /** Launch specifications are immutable: say how to get out, a spec edit would be refused. */
  @Override
  protected String specRemedy() {
    return "; fix it in a new SpotFleet (delete and recreate this one): launch specifications cannot change";
  }

  /** The last count stands (this pass's is unfinished), the conditions say why. */
  @Override
  protected UpdateControl<SpotFleet> report(SpotFleet fleet, SpotFleetStatus book, Ec2Scope scope,
      SyncOutcome outcome, Context<SpotFleet> context) {
    reporter.uncounted(fleet, book, outcome, context);
    return UpdateControl.noUpdate();
  }

  @Override
  protected boolean hasEc2Resources(SpotFleetStatus book) {
    return FleetCensus.hasMembers(book) && !book.observing();
  }

  /**
   * managementPolicy Observe: the spot fleet request named by the adopt annotation, read every poll interval with
   * its members, counted in status as the spec weighs them, what differs in {@code InSync}; nothing is written.
   */
  @Override
  protected UpdateControl<SpotFleet> observe(SpotFleet fleet, SpotFleetStatus book, Ec2Scope scope,
      Context<SpotFleet> context) {
    Kit k = kit(scope);
    var reading = observation.read(fleet, book, k.sync());
    Function<String, BigDecimal> priceOf = k.prices().forTypes(fleet.getSpec().getLaunchSpecifications().stream()
        .map(LaunchSpecification::getInstanceType).toList());
    reporter.counted(fleet, book, new FleetReporter.Count(reading.members(), List.of(), Map.of(), priceOf,
        scope.key().region()), reading.outcome(), context);
    return UpdateControl.<SpotFleet>noUpdate().rescheduleAfter(k.inventory().interval().toMillis());
  }

  @Override
  protected String adoptAnnotation() {
    return FleetObservation.ADOPT_ANNOTATION;
  }

  @Override
  protected String recordedId(SpotFleetStatus book) {
    return book.getSpotFleetRequestId();
  }
}

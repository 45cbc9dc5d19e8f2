package dev.fleet.ec2.instance;

import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.HourlyCost;
import dev.fleet.ec2.cost.Pricing;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.Observation;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.refs.KeyPairRefs;
import dev.fleet.ec2.schedule.PowerSchedule;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import dev.fleet.ec2.status.StatusWriter;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Ec2Instance's own steps on the shared lifecycle ({@link ManagedReconciler}): observe (shared inventory), diff
 * (InstanceDelta), act (InstanceSync), report (InstanceStatusMapper).
 */
public final class Ec2InstanceReconciler extends ManagedReconciler<Ec2Instance, Ec2InstanceStatus> {
  public static final String ADOPT_ANNOTATION = "ec2.fleet.dev/adopt-instance-id";
  public static final String REBOOT_ANNOTATION = "ec2.fleet.dev/reboot-requested-at";
  static final long TRANSITION_RECHECK_MS = 2_000;

  private final EventRecorder events;
  private final AccessRules access;
  private final Clock clock;
  private final Clock scheduleClock;
  private final VisibilityWindow visibility;
  private final InventoryEvents<Ec2Instance> inventoryEvents;
  private final InstanceRefs refs = new InstanceRefs();
  private final Pricing pricing;

  /** What a pass uses in its resource's scope: the view of EC2 there, the calls that act there, its prices. */
  private record Kit(OwnedInventory<ObservedInstance, Ec2Instance> inventory, InstanceSync sync,
      LaunchIntent launchIntent, InstanceRemoval removal, Ec2Scope scope) {}

  public Ec2InstanceReconciler(LifecycleContext lifecycle, InventoryEvents<Ec2Instance> inventoryEvents,
      AccessRules access, Clock clock, VisibilityWindow visibility, Pricing pricing) {
    this(lifecycle, inventoryEvents, access, clock, visibility, pricing, clock);
  }

  /** @param scheduleClock what spec.schedule reads as now */
  public Ec2InstanceReconciler(LifecycleContext lifecycle, InventoryEvents<Ec2Instance> inventoryEvents,
      AccessRules access, Clock clock, VisibilityWindow visibility, Pricing pricing, Clock scheduleClock) {
    super(lifecycle, new Kind<>(Ec2Instance.class, Ec2InstanceStatus::new, r -> r.getSpec().getRegion(),
        r -> r.getSpec().getAccountRef(), r -> r.getSpec().getManagementPolicy()));
    this.events = lifecycle.events();
    this.inventoryEvents = inventoryEvents;
    this.access = access;
    this.clock = clock;
    this.visibility = visibility;
    this.scheduleClock = scheduleClock;
    this.pricing = pricing;
  }

  private Kit kit(Ec2Scope scope) {
    return scope.kit(Kit.class, s -> {
      var images = new ImageResolver(s.parameters(), events, s.key().region());
      var sync = new InstanceSync(s.ec2(), images, events, access);
      var launchIntent = new LaunchIntent(sync, events, visibility);
      return new Kit(s.instances(), sync, launchIntent, new InstanceRemoval(sync, launchIntent, clock), s);
    });
  }

  @Override
  protected OwnedInventory<ObservedInstance, Ec2Instance> inventory(Ec2Scope scope) {
    return scope.instances();
  }

  @Override
  public List<EventSource<?, Ec2Instance>> prepareEventSources(EventSourceContext<Ec2Instance> context) {
    List<EventSource<?, Ec2Instance>> sources = new ArrayList<>(List.of(inventoryEvents, accountEvents(context)));
    sources.addAll(refs.eventSources(context));
    return sources;
  }

  @Override
  protected UpdateControl<Ec2Instance> sync(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
      Context<Ec2Instance> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(resource);
    String region = scope.key().region();
    String home = lifecycle.scopes().home().key().region();
    var groups = refs.groups(resource, region, home);
    if (!groups.isComplete()) {
      return reportSeen(k, resource, book, known(k, resource, book), new SyncOutcome(SyncOutcome.Kind.WAITING,
          SecurityGroupRefs.WAITING_REASON, groups.waitingFor()), context);
    }
    var key = refs.key(resource, region, home, book.getAccount());
    InstanceDesired desired = InstanceDesired.from(resource, lifecycle.cluster(), groups.groupIds(), key.keyName())
        .withPowerState(PowerSchedule.decide(resource.getSpec(), scheduleClock.instant()).state());
    ObservedInstance observed = locate(k, resource, book, id, desired);
    if (observed != null && !observed.isGone()) {
      observed = bringToSpec(k, resource, book, id, desired, observed);
    }
    if ((observed == null || observed.isGone()) && !key.isComplete()) { // only a launch needs the key
      return reportSeen(k, resource, book, known(k, resource, book), new SyncOutcome(SyncOutcome.Kind.WAITING,
          KeyPairRefs.WAITING_REASON, key.waitingFor()), context);
    }
    if (observed == null || observed.isGone()) {
      // never seen, or gone behind our back, perhaps while this pass acted on it (a poll that then reports
      // it gone would change nothing we have not recorded, and so wake nobody): replace it now
      return replace(k, resource, book, id, desired, observed, context);
    }
    book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTags().keySet())));
    k.sync().rebootIfRequested(resource, book, observed, annotation(resource, REBOOT_ANNOTATION));
    InstanceDelta remaining = InstanceDelta.between(desired, observed, book.getManagedTagKeys());
    SyncOutcome outcome = remaining.isEmpty() ? SyncOutcome.inSync()
        : SyncOutcome.progressing("Updating", "bringing " + remaining.describe() + " to the spec; instance is "
            + observed.state());
    return reportSeen(k, resource, book, observed, outcome, context);
  }

  /** Makes the calls that bring an existing instance to the spec; what EC2 then reports for it. */
  private ObservedInstance bringToSpec(Kit k, Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired, ObservedInstance observed) {
    InstanceDelta delta = InstanceDelta.between(desired, observed, book.getManagedTagKeys());
    if (delta.power() == InstanceDelta.Power.WAIT) {
      delta = delta.tagsOnly(); // tags can change in any state; the rest waits for a stable one
    }
    if (delta.isEmpty()) {
      return observed;
    }
    ObservedInstance after = k.sync().apply(resource, observed, delta);
    k.inventory().record(id, after);
    return after;
  }

  /** Launches the resource's first instance, or a replacement for one that is gone. */
  private UpdateControl<Ec2Instance> replace(Kit k, Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired, ObservedInstance gone, Context<Ec2Instance> context) {
    if (book.getInstanceId() != null) {
      // ours, gone behind our back: replace it, under a new client token (the old one names the old launch)
      events.warning(resource, "Recreated", "instance " + book.getInstanceId() + " is "
          + (gone == null ? "gone" : gone.state()) + " outside the operator; launching a replacement");
      book.setClientToken(null);
    }
    book.setLastRebootRequest(annotation(resource, REBOOT_ANNOTATION)); // a new instance needs no reboot
    ObservedInstance launched = k.launchIntent().launch(resource, book, desired, k.inventory().all(id),
        k.inventory().loaded(),
        () -> reportSeen(k, resource, book, null,
            SyncOutcome.progressing("Launching", "launching with client token " + book.getClientToken()), context));
    k.inventory().record(id, launched);
    return reportSeen(k, resource, book, launched, SyncOutcome.progressing("Launched",
        "launched instance " + launched.instanceId()), context);
  }

  /** Where the instance is: the one in status, an adopted one, or none yet. */
  private ObservedInstance locate(Kit k, Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired) {
    if (book.observing()) { // observed until now, managed from now on: adopted first, with adoption's checks
      ObservedInstance adopted = k.sync().adopt(resource, book.getInstanceId(), desired.ownership());
      book.setObserveOnly(null);
      k.inventory().record(id, adopted);
      return adopted;
    }
    if (book.getInstanceId() != null) {
      Optional<ObservedInstance> seen = k.inventory().get(id, book.getInstanceId());
      if (seen.isPresent() && !seen.get().isGone() && !seen.get().isTransitioning()) {
        book.setCreateRequestedAt(null); // EC2 lists it: absence from now on means gone
        return seen.get();
      }
      // not in the view, or between states: ask EC2 now (such describes of many resources go out as one)
      Optional<ObservedInstance> described = k.sync().describe(book.getInstanceId());
      if (described.isPresent()) {
        book.setCreateRequestedAt(null);
      }
      if (described.isEmpty() && k.launchIntent().mayStillAppear(book)) {
        // EC2 is eventually consistent: a new instance can be invisible for a while. Never launch
        // a second one on that evidence; EC2 keeps terminated instances visible for about an hour.
        throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances", "NotYetVisible", "instance "
            + book.getInstanceId() + " launched recently is not visible yet", null);
      }
      // not in our view: whatever status names must still be this resource's before anything acts on it
      described.ifPresent(i -> ClusterBoundary.requireOwned(desired.ownership(), "instance " + i.instanceId(),
          i.tags()));
      described.ifPresent(i -> k.inventory().record(id, i));
      return described.orElse(null);
    }
    String adopt = resource.getMetadata().getAnnotations() == null ? null
        : resource.getMetadata().getAnnotations().get(ADOPT_ANNOTATION);
    if (adopt != null && !adopt.isBlank()) {
      ObservedInstance adopted = k.sync().adopt(resource, adopt.trim(), desired.ownership());
      book.setInstanceId(adopted.instanceId());
      return adopted;
    }
    return null;
  }

  @Override
  protected Optional<Duration> remove(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
      Context<Ec2Instance> context) {
    Kit k = kit(scope);
    InstanceDesired desired = InstanceDesired.from(resource, lifecycle.cluster(), List.of());
    ResourceID id = ResourceID.fromResource(resource);
    return k.removal().remove(resource, book, desired.ownership(), desired.deletionPolicy(), k.inventory().all(id),
        k.inventory().loaded());
  }

  @Override
  protected void refused(Ec2InstanceStatus book, CloudException e) {
    super.refused(book, e);
    if (book.getInstanceId() == null) {
      book.setClientToken(null); // the launch was refused: nothing exists under this token
    }
  }

  @Override
  protected UpdateControl<Ec2Instance> report(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
      SyncOutcome outcome, Context<Ec2Instance> context) {
    Kit k = kit(scope);
    return reportSeen(k, resource, book, known(k, resource, book), outcome, context);
  }

  /** The instance as last seen, if status names one: no EC2 call. */
  private ObservedInstance known(Kit k, Ec2Instance resource, Ec2InstanceStatus book) {
    return book.getInstanceId() == null ? null
        : k.inventory().get(ResourceID.fromResource(resource), book.getInstanceId()).orElse(null);
  }

  @Override
  protected boolean hasEc2Resources(Ec2InstanceStatus book) {
    return book.getInstanceId() != null && !book.observing();
  }

  /**
   * managementPolicy Observe: the instance named by the adopt annotation (or recorded at an earlier pass),
   * described by id (such describes of many resources go out as one), mirrored into status with what differs
   * from the spec in {@code InSync}; nothing is written to EC2. Looked at again every poll interval.
   */
  @Override
  protected UpdateControl<Ec2Instance> observe(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
      Context<Ec2Instance> context) {
    Kit k = kit(scope);
    book.setInstanceId(Observation.target(resource, book, book.getInstanceId(), ADOPT_ANNOTATION, access.adoption(),
        "instance"));
    ObservedInstance seen = k.sync().describe(book.getInstanceId()).filter(i -> !i.isGone()).orElse(null);
    List<String> drift = List.of();
    if (seen != null) {
      var groups = refs.groups(resource, null, null);
      var desired = InstanceDesired.from(resource, lifecycle.cluster(),
          groups.isComplete() ? groups.groupIds() : List.of()).withPowerState(power(resource).state());
      var tags = resource.getSpec().getTags();
      drift = InstanceDelta.differences(desired, tags == null ? Map.of() : ReservedTagKeys.withoutReserved(tags), seen);
    }
    var outcome = Observation.report(book, "instance " + book.getInstanceId(), seen != null, drift,
        resource.getMetadata().getGeneration(), clock.instant());
    reportSeen(k, resource, book, seen, outcome, context);
    return UpdateControl.<Ec2Instance>noUpdate().rescheduleAfter(k.inventory().interval().toMillis());
  }


  @Override
  protected String adoptAnnotation() {
    return ADOPT_ANNOTATION;
  }

  @Override
  protected String recordedId(Ec2InstanceStatus book) {
    return book.getInstanceId();
  }

  private UpdateControl<Ec2Instance> reportSeen(Kit k, Ec2Instance resource, Ec2InstanceStatus book,
      ObservedInstance observed, SyncOutcome outcome, Context<Ec2Instance> context) {
    ClusterNameGuard.record(book, book.getInstanceId() != null || observed != null, lifecycle.cluster());
    book.setElasticIp(refs.elasticIpNamed(resource.getMetadata().getNamespace(),
        observed != null ? observed.instanceId() : book.getInstanceId()));
    var power = power(resource);
    book.setSchedule(power.status());
    HourlyCost.Estimate cost = pricing.ofInstance(k.scope(), observed, book.getInstanceId());
    var status = InstanceStatusMapper.map(book, resource.getMetadata().getGeneration(), observed, power.state(),
        outcome, cost, clock.instant());
    if (cost != null) {
      pricing.record(resource, cost);
    }
    lifecycle.conditions().changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    copyBook(status, book);
    boolean settling = outcome.kind() == SyncOutcome.Kind.PROGRESSING
        || observed != null && observed.isTransitioning();
    UpdateControl<Ec2Instance> control = UpdateControl.noUpdate();
    var edge = power.recheckAfter(scheduleClock.instant());
    if (settling) {
      return control.rescheduleAfter(Math.min(TRANSITION_RECHECK_MS, edge.orElse(Long.MAX_VALUE)));
    }
    return edge.isPresent() ? control.rescheduleAfter(edge.get()) : control;
  }

  private PowerSchedule.Decision power(Ec2Instance resource) {
    return PowerSchedule.decideForReport(resource.getSpec().getSchedule(), resource.getSpec().getState(),
        scheduleClock.instant());
  }

  /** Nothing kept per instance in memory outlives it: its cost gauge goes. */
  @Override
  protected void forget(Ec2Instance resource) {
    pricing.forget(resource);
  }

  private static void copyBook(Ec2InstanceStatus from, Ec2InstanceStatus to) {
    to.setConditions(from.getConditions());
    to.setState(from.getState());
  }

  private static String annotation(Ec2Instance resource, String key) {
    var a = resource.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }
}

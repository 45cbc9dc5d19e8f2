package dev.fleet.ec2.instance;

import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.cloud.CloudErrorKind;
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
import dev.fleet.ec2.status.StatusWriter;
import dev.fleet.ec2.status.TerminalGate;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Ec2Instance: observe (shared inventory), diff (InstanceDelta), act (InstanceSync), report (InstanceStatusMapper). */
public final class Ec2InstanceReconciler implements Reconciler<Ec2Instance>, Cleaner<Ec2Instance> {
  public static final String ADOPT_ANNOTATION = "ec2.fleet.dev/adopt-instance-id";
  public static final String REBOOT_ANNOTATION = "ec2.fleet.dev/reboot-requested-at";
  static final long TRANSITION_RECHECK_MS = 2_000;

  private final OwnedInventory<ObservedInstance, Ec2Instance> inventory;
  private final InstanceSync sync;
  private final EventRecorder events;
  private final String cluster;
  private final String region;
  private final Clock clock;
  private final ConditionReporter conditions;
  private final LaunchIntent launchIntent;
  private final InstanceRemoval removal;
  private InformerEventSource<SecurityGroup, Ec2Instance> securityGroups;

  public Ec2InstanceReconciler(OwnedInventory<ObservedInstance, Ec2Instance> inventory, InstanceSync sync, EventRecorder events, String cluster,
      String region, Clock clock, ConditionReporter conditions, VisibilityWindow visibility) {
    this.conditions = conditions;
    this.launchIntent = new LaunchIntent(sync, events, visibility);
    this.removal = new InstanceRemoval(sync, launchIntent, clock);
    this.inventory = inventory;
    this.sync = sync;
    this.events = events;
    this.cluster = cluster;
    this.region = region;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Ec2Instance>> prepareEventSources(EventSourceContext<Ec2Instance> context) {
    // A SecurityGroup becoming Ready wakes the instances that reference it.
    securityGroups = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(SecurityGroup.class, Ec2Instance.class)
        .withSecondaryToPrimaryMapper(sg -> context.getPrimaryCache()
            .list(sg.getMetadata().getNamespace())
            .filter(i -> SecurityGroupRefs.references(i.getSpec().getSecurityGroupRefs(), sg.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withNamespacesInheritedFromController()
        .build(), context);
    return List.of(inventory.eventSource(), securityGroups);
  }

  @Override
  public UpdateControl<Ec2Instance> reconcile(Ec2Instance resource, Context<Ec2Instance> context) {
    Ec2InstanceStatus book = bookOf(resource);
    long generation = resource.getMetadata().getGeneration();
    if (TerminalGate.blocks(resource, book.getConditions(), ADOPT_ANNOTATION, book.getInstanceId())) {
      return UpdateControl.noUpdate(); // EC2 refused this spec; a spec change or an adoption can help
    }
    var renamed = ClusterNameGuard.check(book, book.getInstanceId() != null, cluster);
    if (renamed.isPresent()) {
      return report(resource, book, null, renamed.get(), context); // no EC2 call: it would duplicate
    }
    ResourceID id = ResourceID.fromResource(resource);
    String wantedRegion = resource.getSpec().getRegion();
    if (wantedRegion != null && !wantedRegion.equals(region)) {
      return terminal(resource, book, null, new CloudException(CloudErrorKind.TERMINAL, "Configuration",
          "UnsupportedRegion", "this operator manages region " + region + "; run an operator for " + wantedRegion
          + " to manage instances there", null), context);
    }
    var firstView = inventory.waitForFirstView(id);
    if (firstView.isPresent()) {
      // no complete view yet (a start): it wakes this resource; asking EC2 per resource meanwhile would be a storm
      return UpdateControl.<Ec2Instance>noUpdate().rescheduleAfter(firstView.get().toMillis());
    }
    var refs = SecurityGroupRefs.resolve(resource.getSpec().getSecurityGroupRefs(), name ->
        securityGroups.get(new ResourceID(name, resource.getMetadata().getNamespace())));
    ObservedInstance known = book.getInstanceId() == null ? null : inventory.get(id, book.getInstanceId()).orElse(null);
    if (!refs.isComplete()) {
      return report(resource, book, known, new SyncOutcome(SyncOutcome.Kind.WAITING,
          SecurityGroupRefs.WAITING_REASON, refs.waitingFor()), context);
    }
    InstanceDesired desired = InstanceDesired.from(resource, cluster, refs.groupIds());
    try {
      ObservedInstance observed = locate(resource, book, id, desired);
      if (observed != null && !observed.isGone()) {
        observed = bringToSpec(resource, book, id, desired, observed);
      }
      if (observed == null || observed.isGone()) {
        // never seen, or gone behind our back, perhaps while this pass acted on it (a poll that then reports
        // it gone would change nothing we have not recorded, and so wake nobody): replace it now
        return replace(resource, book, id, desired, observed, context);
      }
      book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTags().keySet())));
      rebootIfRequested(resource, book, observed);
      InstanceDelta remaining = InstanceDelta.between(desired, observed, book.getManagedTagKeys());
      SyncOutcome outcome = remaining.isEmpty() ? SyncOutcome.inSync()
          : SyncOutcome.progressing("Updating", "bringing " + remaining.describe() + " to the spec; instance is "
              + observed.state());
      return report(resource, book, observed, outcome, context);
    } catch (CloudException e) {
      if (FailureVerdict.isRefusal(e, context)) {
        return terminal(resource, book, known, e, context);
      }
      throw e; // recoverable: JOSDK retries with capped exponential backoff, updateErrorStatus reports it
    }
  }

  /** Makes the calls that bring an existing instance to the spec; what EC2 then reports for it. */
  private ObservedInstance bringToSpec(Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired, ObservedInstance observed) {
    InstanceDelta delta = InstanceDelta.between(desired, observed, book.getManagedTagKeys());
    if (delta.power() == InstanceDelta.Power.WAIT) {
      delta = delta.tagsOnly(); // tags can change in any state; the rest waits for a stable one
    }
    if (delta.isEmpty()) {
      return observed;
    }
    ObservedInstance after = sync.apply(resource, observed, delta);
    inventory.record(id, after);
    return after;
  }

  /** Launches the resource's first instance, or a replacement for one that is gone. */
  private UpdateControl<Ec2Instance> replace(Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired, ObservedInstance gone, Context<Ec2Instance> context) {
    if (book.getInstanceId() != null) {
      // ours, gone behind our back: replace it, under a new client token (the old one names the old launch)
      events.warning(resource, "Recreated", "instance " + book.getInstanceId() + " is "
          + (gone == null ? "gone" : gone.state()) + " outside the operator; launching a replacement");
      book.setClientToken(null);
    }
    book.setLastRebootRequest(annotation(resource, REBOOT_ANNOTATION)); // a new instance needs no reboot
    ObservedInstance launched = launchIntent.launch(resource, book, desired, inventory.all(id), inventory.loaded(),
        () -> report(resource, book, null,
            SyncOutcome.progressing("Launching", "launching with client token " + book.getClientToken()), context));
    inventory.record(id, launched);
    return report(resource, book, launched, SyncOutcome.progressing("Launched",
        "launched instance " + launched.instanceId()), context);
  }

  /** Where the instance is: the one in status, an adopted one, or none yet. */
  private ObservedInstance locate(Ec2Instance resource, Ec2InstanceStatus book, ResourceID id,
      InstanceDesired desired) {
    if (book.getInstanceId() != null) {
      Optional<ObservedInstance> seen = inventory.get(id, book.getInstanceId());
      if (seen.isPresent() && !seen.get().isGone() && !seen.get().isTransitioning()) {
        book.setCreateRequestedAt(null); // EC2 lists it: absence from now on means gone
        return seen.get();
      }
      // not in the view, or between states: ask EC2 now (such describes of many resources go out as one)
      Optional<ObservedInstance> described = sync.describe(book.getInstanceId());
      if (described.isPresent()) {
        book.setCreateRequestedAt(null);
      }
      if (described.isEmpty() && launchIntent.mayStillAppear(book)) {
        // EC2 is eventually consistent: a new instance can be invisible for a while. Never launch
        // a second one on that evidence; EC2 keeps terminated instances visible for about an hour.
        throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances", "NotYetVisible", "instance "
            + book.getInstanceId() + " launched recently is not visible yet", null);
      }
      // not in our view: whatever status names must still be this resource's before anything acts on it
      described.ifPresent(i -> ClusterBoundary.requireOwned(desired.ownership(), "instance " + i.instanceId(), i.tags()));
      described.ifPresent(i -> inventory.record(id, i));
      return described.orElse(null);
    }
    String adopt = resource.getMetadata().getAnnotations() == null ? null
        : resource.getMetadata().getAnnotations().get(ADOPT_ANNOTATION);
    if (adopt != null && !adopt.isBlank()) {
      ObservedInstance adopted = sync.adopt(resource, adopt.trim(), desired.ownership());
      book.setInstanceId(adopted.instanceId());
      return adopted;
    }
    return null;
  }

  private void rebootIfRequested(Ec2Instance resource, Ec2InstanceStatus book, ObservedInstance observed) {
    String requested = annotation(resource, REBOOT_ANNOTATION);
    if (requested == null || requested.equals(book.getLastRebootRequest())) {
      return;
    }
    if (ObservedInstance.RUNNING.equals(observed.state())) {
      sync.reboot(resource, observed, requested);
    } else {
      events.normal(resource, "RebootSkipped", "reboot requested at " + requested + " skipped: instance is "
          + observed.state());
    }
    book.setLastRebootRequest(requested);
  }

  @Override
  public DeleteControl cleanup(Ec2Instance resource, Context<Ec2Instance> context) {
    Ec2InstanceStatus book = bookOf(resource);
    if (ClusterNameGuard.holdsDeletion(resource, book, book.getInstanceId() != null, cluster, events)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(ClusterNameGuard.HELD_DELETION_RECHECK_MS);
    }
    InstanceDesired desired = InstanceDesired.from(resource, cluster, List.of());
    ResourceID id = ResourceID.fromResource(resource);
    var recheck = removal.remove(resource, book, desired.ownership(), desired.deletionPolicy(), inventory.all(id),
        inventory.loaded());
    if (recheck.isEmpty()) {
      conditions.forget(resource);
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck.get().toMillis());
  }
  @Override
  public ErrorStatusUpdateControl<Ec2Instance> updateErrorStatus(Ec2Instance resource, Context<Ec2Instance> context,
      Exception e) {
    Ec2InstanceStatus book = bookOf(resource);
    SyncOutcome outcome = SyncOutcome.retrying(e);
    events.warning(resource, outcome.reason(), outcome.message());
    ObservedInstance known = book.getInstanceId() == null ? null
        : inventory.get(ResourceID.fromResource(resource), book.getInstanceId()).orElse(null);
    report(resource, book, known, outcome, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private UpdateControl<Ec2Instance> terminal(Ec2Instance resource, Ec2InstanceStatus book, ObservedInstance known,
      CloudException e, Context<Ec2Instance> context) {
    if (book.getInstanceId() == null) {
      book.setClientToken(null); // the launch was refused: nothing exists under this token
      book.setCreateRequestedAt(null);
    }
    String message = FailureVerdict.message(e);
    events.warning(resource, e.errorCode(), message + TerminalGate.remedy(e.errorCode(), "; fix the spec to retry"));
    report(resource, book, known, new SyncOutcome(SyncOutcome.Kind.TERMINAL, e.errorCode(), message), context);
    return UpdateControl.noUpdate();
  }

  private UpdateControl<Ec2Instance> report(Ec2Instance resource, Ec2InstanceStatus book, ObservedInstance observed,
      SyncOutcome outcome, Context<Ec2Instance> context) {
    ClusterNameGuard.record(book, book.getInstanceId() != null || observed != null, cluster);
    var status = InstanceStatusMapper.map(book, resource.getMetadata().getGeneration(), observed,
        InstanceDesired.from(resource, cluster, List.of()).powerState(), outcome, clock.instant());
    conditions.changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    copyBook(status, book);
    boolean settling = outcome.kind() == SyncOutcome.Kind.PROGRESSING
        || observed != null && observed.isTransitioning();
    UpdateControl<Ec2Instance> control = UpdateControl.noUpdate();
    return settling ? control.rescheduleAfter(TRANSITION_RECHECK_MS) : control;
  }

  private static void copyBook(Ec2InstanceStatus from, Ec2InstanceStatus to) {
    to.setConditions(from.getConditions());
    to.setState(from.getState());
  }

  private static Ec2InstanceStatus bookOf(Ec2Instance resource) {
    if (resource.getStatus() == null) {
      resource.setStatus(new Ec2InstanceStatus());
    }
    return resource.getStatus();
  }

  private static String annotation(Ec2Instance resource, String key) {
    var a = resource.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }
}

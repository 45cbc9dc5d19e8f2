package dev.fleet.ec2.securitygroup;

import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.lifecycle.FailureVerdict;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.StatusWriter;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** SecurityGroup: observe (shared inventory), diff (SecurityGroupDelta), act (SecurityGroupSync), report. */
public final class SecurityGroupReconciler implements Reconciler<SecurityGroup>, Cleaner<SecurityGroup> {
  public static final String ADOPT_ANNOTATION = "ec2.fleet.dev/adopt-group-id";
  static final long RECHECK_MS = 2_000;

  private final OwnedInventory<ObservedSecurityGroup, SecurityGroup> inventory;
  private final SecurityGroupSync sync;
  private final EventRecorder events;
  private final String cluster;
  private final String region;
  private final Clock clock;
  private final ConditionReporter conditions;
  private final VisibilityWindow visibility;
  private final Map<ResourceID, Integer> deleteAttempts = new ConcurrentHashMap<>();

  public SecurityGroupReconciler(OwnedInventory<ObservedSecurityGroup, SecurityGroup> inventory,
      SecurityGroupSync sync, EventRecorder events, String cluster, String region, Clock clock,
      ConditionReporter conditions, VisibilityWindow visibility) {
    this.conditions = conditions;
    this.visibility = visibility;
    this.inventory = inventory;
    this.sync = sync;
    this.events = events;
    this.cluster = cluster;
    this.region = region;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SecurityGroup>> prepareEventSources(EventSourceContext<SecurityGroup> context) {
    return List.of(inventory.eventSource());
  }

  @Override
  public UpdateControl<SecurityGroup> reconcile(SecurityGroup resource, Context<SecurityGroup> context) {
    SecurityGroupStatus book = bookOf(resource);
    if (TerminalGate.blocks(resource, book.getConditions(), ADOPT_ANNOTATION, book.getGroupId())) {
      return UpdateControl.noUpdate(); // EC2 refused this spec; a spec change or an adoption can help
    }
    var renamed = ClusterNameGuard.check(book, book.getGroupId() != null, cluster);
    if (renamed.isPresent()) {
      return report(resource, book, null, renamed.get(), context); // no EC2 call: it would duplicate
    }
    ResourceID id = ResourceID.fromResource(resource);
    ObservedSecurityGroup observed = null;
    try {
      String wanted = resource.getSpec().getRegion();
      if (wanted != null && !wanted.equals(region)) {
        throw new CloudException(CloudErrorKind.TERMINAL, "Configuration", "UnsupportedRegion",
            "this operator manages region " + region + "; run an operator for " + wanted + " to manage groups there",
            null);
      }
      var firstView = inventory.waitForFirstView(id);
      if (firstView.isPresent()) {
        // no complete view yet (a start): it wakes this resource; describing each group meanwhile is not needed
        return UpdateControl.<SecurityGroup>noUpdate().rescheduleAfter(firstView.get().toMillis());
      }
      observed = locate(resource, book, id); // first: a refused adoption asks EC2 nothing
      String vpc = resource.getSpec().getVpcId() != null ? resource.getSpec().getVpcId() : sync.defaultVpc();
      if (observed == null) {
        if (book.getGroupId() != null) {
          events.warning(resource, "Recreated", "security group " + book.getGroupId()
              + " was deleted outside the operator; creating it again");
        }
        boolean firstTry = book.getCreateRequestedAt() == null; // no earlier try may have created it
        if (firstTry) {
          // Write-ahead: a create whose answer is lost is looked for (and waited for) on delete.
          book.setCreateRequestedAt(visibility.now());
          report(resource, book, null, SyncOutcome.progressing("Creating", "creating the group"), context);
        }
        // Created before its rules are resolved, so groups that reference each other can both start.
        String created;
        try {
          created = sync.create(resource, SecurityGroupDesired.from(resource, cluster, vpc, name -> Optional.of("-")));
        } catch (CloudException e) {
          if (firstTry && !e.outcomeUnknown()) { // EC2 answered: nothing created, nothing to wait for on delete
            book.setCreateRequestedAt(null);
            bookOf(resource).setCreateRequestedAt(null);
          }
          throw e;
        }
        book.setGroupId(created);
        observed = sync.describe(created).orElse(null);
        if (observed == null) {
          return report(resource, book, null, SyncOutcome.progressing("Created", "created " + created
              + "; waiting for EC2 to list it"), context);
        }
        book.setCreateRequestedAt(null);
        inventory.record(id, observed);
        report(resource, book, observed, SyncOutcome.progressing("Created", "created " + observed.groupId()),
            context);
      }
      String self = observed.groupId();
      SecurityGroupDesired desired;
      try {
        desired = SecurityGroupDesired.from(resource, cluster, vpc, name -> groupIdOf(context, resource, name, self));
      } catch (SecurityGroupDesired.UnresolvedReference e) {
        return report(resource, book, observed, new SyncOutcome(SyncOutcome.Kind.WAITING,
            SecurityGroupRefs.WAITING_REASON, e.getMessage()), context).rescheduleAfter(RECHECK_MS);
      }
      SecurityGroupDelta delta = SecurityGroupDelta.between(desired, observed, book.getManagedTagKeys());
      if (!delta.isEmpty()) {
        observed = sync.apply(resource, observed, delta);
        inventory.record(id, observed);
      }
      book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTags().keySet())));
      boolean inSync = SecurityGroupDelta.between(desired, observed, book.getManagedTagKeys()).isEmpty();
      return report(resource, book, observed, inSync ? SyncOutcome.inSync()
          : SyncOutcome.progressing("Updating", "rules or tags not yet as declared"), context);
    } catch (CloudException e) {
      if (FailureVerdict.isRefusal(e, context)) {
        if (book.getGroupId() == null) {
          book.setCreateRequestedAt(null); // refused: nothing was created
        }
        String message = FailureVerdict.message(e);
        events.warning(resource, e.errorCode(), message + TerminalGate.remedy(e.errorCode(), "; fix the spec to retry"));
        return report(resource, book, observed, new SyncOutcome(SyncOutcome.Kind.TERMINAL, e.errorCode(),
            message), context);
      }
      throw e;
    }
  }

  private ObservedSecurityGroup locate(SecurityGroup resource, SecurityGroupStatus book, ResourceID id) {
    if (book.getGroupId() != null) {
      var meta = resource.getMetadata();
      var ownership = OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid());
      // not in our view: whatever status names must still be this resource's before anything acts on it
      var found = inventory.get(id, book.getGroupId()).or(() -> sync.describe(book.getGroupId()).map(g -> {
        ClusterBoundary.requireOwned(ownership, "security group " + g.groupId(), g.tags());
        return g;
      }));
      if (found.isEmpty() && visibility.open(book.getCreateRequestedAt())) {
        // just created: EC2 may not list it yet; creating it again on that evidence would fail or duplicate
        throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeSecurityGroups", "NotYetVisible", "group "
            + book.getGroupId() + " created moments ago is not listed by EC2 yet", null);
      }
      found.ifPresent(g -> book.setCreateRequestedAt(null));
      return found.orElse(null);
    }
    var annotations = resource.getMetadata().getAnnotations();
    String adopt = annotations == null ? null : annotations.get(ADOPT_ANNOTATION);
    if (adopt != null && !adopt.isBlank()) {
      var meta = resource.getMetadata();
      ObservedSecurityGroup adopted = sync.adopt(resource, adopt.trim(),
          OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()));
      book.setGroupId(adopted.groupId());
      return adopted;
    }
    return null;
  }

  /** A referenced group's id: our own for a self-reference, else from the other resource's status. */
  private static Optional<String> groupIdOf(Context<SecurityGroup> context, SecurityGroup resource, String name,
      String self) {
    if (name.equals(resource.getMetadata().getName())) {
      return Optional.of(self);
    }
    return context.getPrimaryCache().get(new ResourceID(name, resource.getMetadata().getNamespace()))
        .map(SecurityGroup::getStatus).map(SecurityGroupStatus::getGroupId);
  }

  @Override
  public DeleteControl cleanup(SecurityGroup resource, Context<SecurityGroup> context) {
    SecurityGroupStatus book = bookOf(resource);
    if (ClusterNameGuard.holdsDeletion(resource, book, book.getGroupId() != null, cluster, events)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(ClusterNameGuard.HELD_DELETION_RECHECK_MS);
    }
    ResourceID id = ResourceID.fromResource(resource);
    var meta = resource.getMetadata();
    // what status names, and whatever EC2 lists under this resource's tags (a create whose answer was lost)
    List<String> groupIds = new ArrayList<>();
    if (book.getGroupId() != null) {
      groupIds.add(book.getGroupId());
    }
    sync.owned(OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid())).stream()
        .map(ObservedSecurityGroup::groupId).filter(g -> !groupIds.contains(g)).forEach(groupIds::add);
    boolean listed = !groupIds.isEmpty() && sync.describe(groupIds.get(0)).isPresent();
    if (visibility.open(book.getCreateRequestedAt()) && !listed) {
      // created moments ago (or its answer lost): EC2 does not list it yet, and it must not outlive this resource
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK_MS);
    }
    String inUse = null;
    for (String groupId : groupIds) {
      if (resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
        sync.describe(groupId).ifPresent(g -> sync.release(resource, g));
      } else if (sync.delete(resource, groupId) == SecurityGroupSync.Deletion.IN_USE) {
        inUse = groupId;
      }
    }
    if (inUse == null) {
      deleteAttempts.remove(id);
      conditions.forget(resource);
      return DeleteControl.defaultDelete();
    }
    int attempt = deleteAttempts.merge(id, 1, Integer::sum);
    report(resource, book, null, new SyncOutcome(SyncOutcome.Kind.ERROR, "DependencyViolation", "group "
        + inUse + " is still in use by instances or other groups; deletion retried with backoff"), context);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(DeletionBackoff.delayMillis(attempt));
  }

  @Override
  public ErrorStatusUpdateControl<SecurityGroup> updateErrorStatus(SecurityGroup resource,
      Context<SecurityGroup> context, Exception e) {
    SyncOutcome outcome = SyncOutcome.retrying(e);
    events.warning(resource, outcome.reason(), outcome.message());
    SecurityGroupStatus book = bookOf(resource);
    ObservedSecurityGroup known = book.getGroupId() == null ? null   // as last seen: rule counts stay shown
        : inventory.get(ResourceID.fromResource(resource), book.getGroupId()).orElse(null);
    report(resource, book, known, outcome, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private UpdateControl<SecurityGroup> report(SecurityGroup resource, SecurityGroupStatus book,
      ObservedSecurityGroup observed, SyncOutcome outcome, Context<SecurityGroup> context) {
    ClusterNameGuard.record(book, book.getGroupId() != null, cluster);
    var status = SecurityGroupStatusMapper.map(book, resource.getMetadata().getGeneration(), observed, outcome,
        clock.instant());
    conditions.changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    book.setConditions(status.getConditions());
    book.setVpcId(status.getVpcId());
    UpdateControl<SecurityGroup> control = UpdateControl.noUpdate();
    return outcome.kind() == SyncOutcome.Kind.PROGRESSING ? control.rescheduleAfter(RECHECK_MS) : control;
  }

  private static SecurityGroupStatus bookOf(SecurityGroup resource) {
    if (resource.getStatus() == null) {
      resource.setStatus(new SecurityGroupStatus());
    }
    return resource.getStatus();
  }
}

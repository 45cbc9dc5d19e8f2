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
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.Observation;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import dev.fleet.ec2.status.StatusWriter;
import dev.fleet.ec2.status.SyncOutcome;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * SecurityGroup's own steps on the shared lifecycle ({@link ManagedReconciler}): observe (shared inventory), diff
 * (SecurityGroupDelta), act (SecurityGroupSync), report (SecurityGroupStatusMapper).
 */
public final class SecurityGroupReconciler extends ManagedReconciler<SecurityGroup, SecurityGroupStatus> {
  public static final String ADOPT_ANNOTATION = "ec2.fleet.dev/adopt-group-id";
  static final long RECHECK_MS = 2_000;

  private final EventRecorder events;
  private final AccessRules access;
  private final String cluster;
  private final Clock clock;
  private final VisibilityWindow visibility;
  private final InventoryEvents<SecurityGroup> inventoryEvents;
  private final Map<ResourceID, Integer> deleteAttempts = new ConcurrentHashMap<>();

  /** What a pass uses in its resource's scope: the view of EC2 there, and the calls that act there. */
  private record Kit(OwnedInventory<ObservedSecurityGroup, SecurityGroup> inventory, SecurityGroupSync sync) {}

  public SecurityGroupReconciler(LifecycleContext lifecycle, InventoryEvents<SecurityGroup> inventoryEvents,
      AccessRules access, Clock clock, VisibilityWindow visibility) {
    super(lifecycle, new Kind<>(SecurityGroup.class, SecurityGroupStatus::new, r -> r.getSpec().getRegion(),
        r -> r.getSpec().getAccountRef(), r -> r.getSpec().getManagementPolicy()));
    this.inventoryEvents = inventoryEvents;
    this.access = access;
    this.visibility = visibility;
    this.events = lifecycle.events();
    this.cluster = lifecycle.cluster();
    this.clock = clock;
  }

  private Kit kit(Ec2Scope scope) {
    return scope.kit(Kit.class, s -> new Kit(s.groups(), new SecurityGroupSync(s.ec2(), events, access)));
  }

  @Override
  protected OwnedInventory<ObservedSecurityGroup, SecurityGroup> inventory(Ec2Scope scope) {
    return scope.groups();
  }

  @Override
  public List<EventSource<?, SecurityGroup>> prepareEventSources(EventSourceContext<SecurityGroup> context) {
    return List.of(inventoryEvents, accountEvents(context));
  }

  @Override
  protected UpdateControl<SecurityGroup> sync(SecurityGroup resource, SecurityGroupStatus book, Ec2Scope scope,
      Context<SecurityGroup> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(resource);
    ObservedSecurityGroup observed = locate(k, resource, book, id); // first: a refused adoption asks EC2 nothing
    String vpc = resource.getSpec().getVpcId() != null ? resource.getSpec().getVpcId() : k.sync().defaultVpc();
    if (observed == null) {
      if (book.getGroupId() != null) {
        events.warning(resource, "Recreated", "security group " + book.getGroupId()
            + " was deleted outside the operator; creating it again");
      }
      boolean firstTry = book.getCreateRequestedAt() == null; // no earlier try may have created it
      if (firstTry) {
        // Write-ahead: a create whose answer is lost is looked for (and waited for) on delete.
        book.setCreateRequestedAt(visibility.now());
        reportSeen(resource, book, null, SyncOutcome.progressing("Creating", "creating the group"), context);
      }
      // Created before its rules are resolved, so groups that reference each other can both start.
      String created;
      try {
        created = k.sync().create(resource, SecurityGroupDesired.from(resource, cluster, vpc,
            name -> Optional.of("-")));
      } catch (CloudException e) {
        if (firstTry && !e.outcomeUnknown()) { // EC2 answered: nothing created, nothing to wait for on delete
          book.setCreateRequestedAt(null);
          bookOf(resource).setCreateRequestedAt(null);
        }
        throw e;
      }
      book.setGroupId(created);
      observed = k.sync().describe(created).orElse(null);
      if (observed == null) {
        return reportSeen(resource, book, null, SyncOutcome.progressing("Created", "created " + created
            + "; waiting for EC2 to list it"), context);
      }
      book.setCreateRequestedAt(null);
      k.inventory().record(id, observed);
      reportSeen(resource, book, observed, SyncOutcome.progressing("Created", "created " + observed.groupId()),
          context);
    }
    String self = observed.groupId();
    SecurityGroupDesired desired;
    try {
      desired = SecurityGroupDesired.from(resource, cluster, vpc,
          name -> groupIdOf(context, resource, name, self, scope));
    } catch (SecurityGroupDesired.UnresolvedReference e) {
      return reportSeen(resource, book, observed, new SyncOutcome(SyncOutcome.Kind.WAITING,
          SecurityGroupRefs.WAITING_REASON, e.getMessage()), context).rescheduleAfter(RECHECK_MS);
    }
    SecurityGroupDelta delta = SecurityGroupDelta.between(desired, observed, book.getManagedTagKeys());
    if (!delta.isEmpty()) {
      observed = k.sync().apply(resource, observed, delta);
      k.inventory().record(id, observed);
    }
    book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTags().keySet())));
    boolean inSync = SecurityGroupDelta.between(desired, observed, book.getManagedTagKeys()).isEmpty();
    return reportSeen(resource, book, observed, inSync ? SyncOutcome.inSync()
        : SyncOutcome.progressing("Updating", "rules or tags not yet as declared"), context);
  }

  private ObservedSecurityGroup locate(Kit k, SecurityGroup resource, SecurityGroupStatus book, ResourceID id) {
    if (book.observing()) { // observed until now, managed from now on: adopted first, with adoption's checks
      var meta = resource.getMetadata();
      ObservedSecurityGroup adopted = k.sync().adopt(resource, book.getGroupId(),
          OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()));
      book.setObserveOnly(null);
      k.inventory().record(id, adopted);
      return adopted;
    }
    if (book.getGroupId() != null) {
      var meta = resource.getMetadata();
      var ownership = OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid());
      // not in our view: whatever status names must still be this resource's before anything acts on it
      var found = k.inventory().get(id, book.getGroupId()).or(() -> k.sync().describe(book.getGroupId()).map(g -> {
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
      ObservedSecurityGroup adopted = k.sync().adopt(resource, adopt.trim(),
          OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()));
      book.setGroupId(adopted.groupId());
      return adopted;
    }
    return null;
  }

  /** A referenced group's id: our own for a self-reference, else from the other resource's status. */
  private Optional<String> groupIdOf(Context<SecurityGroup> context, SecurityGroup resource, String name,
      String self, Ec2Scope scope) {
    if (name.equals(resource.getMetadata().getName())) {
      return Optional.of(self);
    }
    return context.getPrimaryCache().get(new ResourceID(name, resource.getMetadata().getNamespace()))
        .filter(g -> scope.key().region().equals(SecurityGroupRefs.regionOf(g,
            lifecycle.scopes().home().key().region()))) // a group elsewhere cannot be referenced
        .map(SecurityGroup::getStatus).map(SecurityGroupStatus::getGroupId);
  }

  @Override
  protected Optional<Duration> remove(SecurityGroup resource, SecurityGroupStatus book, Ec2Scope scope,
      Context<SecurityGroup> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(resource);
    var meta = resource.getMetadata();
    // what status names, and whatever EC2 lists under this resource's tags (a create whose answer was lost)
    List<String> groupIds = new ArrayList<>();
    if (book.getGroupId() != null) {
      groupIds.add(book.getGroupId());
    }
    k.sync().owned(OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid())).stream()
        .map(ObservedSecurityGroup::groupId).filter(g -> !groupIds.contains(g)).forEach(groupIds::add);
    boolean listed = !groupIds.isEmpty() && k.sync().describe(groupIds.get(0)).isPresent();
    if (visibility.open(book.getCreateRequestedAt()) && !listed) {
      // created moments ago (or its answer lost): EC2 does not list it yet, and it must not outlive this resource
      return Optional.of(Duration.ofMillis(RECHECK_MS));
    }
    String inUse = null;
    for (String groupId : groupIds) {
      if (resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
        k.sync().describe(groupId).ifPresent(g -> k.sync().release(resource, g));
      } else if (k.sync().delete(resource, groupId) == SecurityGroupSync.Deletion.IN_USE) {
        inUse = groupId;
      }
    }
    if (inUse == null) {
      deleteAttempts.remove(id);
      return Optional.empty();
    }
    int attempt = deleteAttempts.merge(id, 1, Integer::sum);
    reportSeen(resource, book, null, new SyncOutcome(SyncOutcome.Kind.ERROR, "DependencyViolation", "group "
        + inUse + " is still in use by instances or other groups; deletion retried with backoff"), context);
    return Optional.of(Duration.ofMillis(DeletionBackoff.delayMillis(attempt)));
  }

  @Override
  protected UpdateControl<SecurityGroup> report(SecurityGroup resource, SecurityGroupStatus book, Ec2Scope scope,
      SyncOutcome outcome, Context<SecurityGroup> context) {
    Kit k = kit(scope);
    ObservedSecurityGroup known = book.getGroupId() == null ? null   // as last seen: rule counts stay shown
        : k.inventory().get(ResourceID.fromResource(resource), book.getGroupId()).orElse(null);
    return reportSeen(resource, book, known, outcome, context);
  }

  @Override
  protected boolean hasEc2Resources(SecurityGroupStatus book) {
    return book.getGroupId() != null && !book.observing();
  }

  /**
   * managementPolicy Observe: the group named by the adopt annotation (or recorded at an earlier pass), described
   * by id, mirrored into status with what differs from the spec in {@code InSync}; nothing is written to EC2.
   */
  @Override
  protected UpdateControl<SecurityGroup> observe(SecurityGroup resource, SecurityGroupStatus book, Ec2Scope scope,
      Context<SecurityGroup> context) {
    Kit k = kit(scope);
    book.setGroupId(Observation.target(resource, book, book.getGroupId(), ADOPT_ANNOTATION, access.adoption(),
        "group"));
    ObservedSecurityGroup seen = k.sync().describe(book.getGroupId()).orElse(null);
    List<String> drift = List.of();
    if (seen != null) {
      try {
        drift = SecurityGroupDelta.differences(SecurityGroupDesired.from(resource, cluster, seen.vpcId(),
            name -> groupIdOf(context, resource, name, seen.groupId(), scope)), seen);
      } catch (SecurityGroupDesired.UnresolvedReference e) {
        drift = List.of("not compared yet: " + e.getMessage());
      }
    }
    var outcome = Observation.report(book, "group " + book.getGroupId(), seen != null, drift,
        resource.getMetadata().getGeneration(), clock.instant());
    reportSeen(resource, book, seen, outcome, context);
    return UpdateControl.<SecurityGroup>noUpdate().rescheduleAfter(k.inventory().interval().toMillis());
  }


  @Override
  protected String adoptAnnotation() {
    return ADOPT_ANNOTATION;
  }

  @Override
  protected String recordedId(SecurityGroupStatus book) {
    return book.getGroupId();
  }

  private UpdateControl<SecurityGroup> reportSeen(SecurityGroup resource, SecurityGroupStatus book,
      ObservedSecurityGroup observed, SyncOutcome outcome, Context<SecurityGroup> context) {
    ClusterNameGuard.record(book, book.getGroupId() != null, cluster);
    var status = SecurityGroupStatusMapper.map(book, resource.getMetadata().getGeneration(), observed, outcome,
        clock.instant());
    lifecycle.conditions().changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    book.setConditions(status.getConditions());
    book.setVpcId(status.getVpcId());
    UpdateControl<SecurityGroup> control = UpdateControl.noUpdate();
    return outcome.kind() == SyncOutcome.Kind.PROGRESSING ? control.rescheduleAfter(RECHECK_MS) : control;
  }
}

package dev.fleet.ec2.elasticip;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.ElasticIpStatus;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.lifecycle.CreatedInEc2;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.refs.InstanceRefs;
import dev.fleet.ec2.refs.InstanceRefs.Target;
import dev.fleet.ec2.refs.ReferenceInformer;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.status.StatusWriter;
import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.tags.TagDelta;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * ElasticIp's own steps on the shared lifecycle ({@link ManagedReconciler}): observe (the scope's address poll,
 * the Ec2Instance it references), diff (AssociationDelta, tags), act (ElasticIpSync), report
 * (ElasticIpStatusMapper). The address is allocated first; it follows its instance once that runs.
 */
public final class ElasticIpReconciler extends ManagedReconciler<ElasticIp, ElasticIpStatus> {
  static final long RECHECK_MS = 2_000;
  static final String FOREIGN_REASON = "AssociatedOutside";

  private final InventoryEvents<ElasticIp> inventoryEvents;
  private final Clock clock;
  private final VisibilityWindow visibility;
  private final String cluster;
  private InformerEventSource<Ec2Instance, ElasticIp> instances;

  /** What a pass uses in its resource's scope: the views of EC2 there, and the calls that act there. */
  private record Kit(OwnedInventory<ObservedAddress, ElasticIp> inventory,
      OwnedInventory<ObservedInstance, Ec2Instance> instances, ElasticIpSync sync) {}

  public ElasticIpReconciler(LifecycleContext lifecycle, InventoryEvents<ElasticIp> inventoryEvents, Clock clock,
      VisibilityWindow visibility) {
    super(lifecycle, new Kind<>(ElasticIp.class, ElasticIpStatus::new, r -> r.getSpec().getRegion(),
        r -> r.getSpec().getAccountRef()));
    this.inventoryEvents = inventoryEvents;
    this.clock = clock;
    this.visibility = visibility;
    this.cluster = lifecycle.cluster();
  }

  private Kit kit(Ec2Scope scope) {
    return scope.kit(Kit.class, s -> new Kit(s.addresses(), s.instances(),
        new ElasticIpSync(s.ec2(), lifecycle.events(), cluster)));
  }

  @Override
  protected OwnedInventory<ObservedAddress, ElasticIp> inventory(Ec2Scope scope) {
    return scope.addresses();
  }

  /** Besides EC2 and accounts: the referenced Ec2Instance, so that one getting its instance or running wakes it. */
  @Override
  public List<EventSource<?, ElasticIp>> prepareEventSources(EventSourceContext<ElasticIp> context) {
    instances = ReferenceInformer.of("ec2-instances", Ec2Instance.class, ElasticIp.class,
        (e, name) -> InstanceRefs.references(e.getSpec().getInstanceRef(), name), context);
    return List.of(inventoryEvents, accountEvents(context), instances);
  }

  @Override
  protected UpdateControl<ElasticIp> sync(ElasticIp resource, ElasticIpStatus book, Ec2Scope scope,
      Context<ElasticIp> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(resource);
    ElasticIpDesired desired = ElasticIpDesired.from(resource, cluster);
    ObservedAddress address = CreatedInEc2.locate(k.inventory(), id, book.getAllocationId(), book, visibility,
        () -> k.sync().owned(desired.ownership()), "DescribeAddresses", "an address");
    if (address == null) {
      if (book.getAllocationId() != null) {
        lifecycle.events().warning(resource, "Recreated", "address " + book.getPublicIp() + " ("
            + book.getAllocationId() + ") was released outside the operator; allocating another (its IP differs)");
        book.setAssociationId(null);
      }
      address = allocate(k, resource, book, desired, context);
      k.inventory().record(id, address);
    }
    TagDelta tags = TagDelta.between(desired.allTags(), desired.userTags().keySet(), address.tags(),
        book.getManagedTagKeys());
    if (!tags.isEmpty()) {
      k.sync().applyTags(resource, address, tags);
    }
    book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTags().keySet())));

    Target target = target(resource, book, scope);
    AssociationDelta delta = AssociationDelta.between(target, address, book.getAssociationId(),
        publicIpOf(k, resource, target));
    ObservedAddress after = associate(k, resource, book, address, target, delta);
    if (after != address) {
      k.inventory().record(id, after);
    }
    return reportSeen(resource, book, after, target, outcome(target, after, delta), context);
  }

  private void disassociatedOutside(ElasticIp resource, ObservedAddress address) {
    lifecycle.events().warning(resource, "DisassociatedOutside", "address " + address.publicIp()
        + " was disassociated outside the operator; associating it again");
  }

  /** Takes the step; the address as it then is. Records the association it made as the operator's. */
  private ObservedAddress associate(Kit k, ElasticIp resource, ElasticIpStatus book, ObservedAddress address,
      Target target, AssociationDelta delta) {
    ObservedAddress now = address;
    switch (delta.step()) {
      case ASSOCIATE -> {
        if (book.getAssociationId() != null) { // ours until a pass ago: taken away outside
          disassociatedOutside(resource, address);
        }
        now = k.sync().associate(resource, address, target.instanceId(), "");
      }
      case REASSOCIATE -> {
        // the view of the instance may predate the association: only EC2's answer now proves another IP
        String ipNow = k.sync().publicIpNow(target.instanceId());
        if (ipNow != null && !ipNow.equals(address.publicIp())) {
          // the view of the address may predate a disassociation made outside: EC2's answer now says which
          boolean takenAway = k.sync().owned(ElasticIpDesired.from(resource, cluster).ownership()).stream()
              .filter(a -> a.allocationId().equals(address.allocationId())).noneMatch(ObservedAddress::associated);
          if (takenAway) {
            disassociatedOutside(resource, address);
          }
          now = k.sync().associate(resource, address, target.instanceId(), takenAway ? "" : " again: the running"
              + " instance reported another public IP");
        }
      }
      case MOVE -> {
        now = k.sync().disassociate(resource, address, "spec.instanceRef names another instance");
        if (target.running()) {
          now = k.sync().associate(resource, now, target.instanceId(), "");
        }
      }
      case DISASSOCIATE -> now = k.sync().disassociate(resource, address, "spec.instanceRef was removed");
      default -> { }
    }
    if (delta.madeByUs() || now != address) {
      book.setAssociationId(now.associationId());
    } else if (address.associated()) {
      book.setAssociationId(null); // associated outside the operator: not ours
    }
    if (now != address && now.associated()) {
      showAddressOnInstance(k, resource, now);
    }
    return now;
  }

  /**
   * The instance now has the address as its public IP: recorded over the instance view until the next poll, so
   * that neither its Ec2Instance's status nor this resource's next pass mistakes the old IP for drift.
   */
  private static void showAddressOnInstance(Kit k, ElasticIp resource, ObservedAddress address) {
    ResourceID owner = new ResourceID(resource.getSpec().getInstanceRef().getName(),
        resource.getMetadata().getNamespace());
    k.instances().get(owner, address.instanceId())
        .ifPresent(i -> k.instances().record(owner, i.withPublicIpAddress(address.publicIp())));
  }

  private static SyncOutcome outcome(Target target, ObservedAddress address, AssociationDelta delta) {
    if (delta.step() == AssociationDelta.Step.FOREIGN) {
      return new SyncOutcome(SyncOutcome.Kind.WAITING, FOREIGN_REASON, "address " + address.publicIp() + " is"
          + " associated with " + address.instanceId() + " outside the operator; it is left alone: disassociate it"
          + " to let the operator associate it");
    }
    if (target.waitingFor() != null) {
      return new SyncOutcome(SyncOutcome.Kind.WAITING, InstanceRefs.WAITING_REASON, target.waitingFor());
    }
    if (target.instanceId() != null && !target.instanceId().equals(address.instanceId())) {
      return new SyncOutcome(SyncOutcome.Kind.WAITING, InstanceRefs.WAITING_REASON, "instance " + target.instanceId()
          + " is not running: the address is associated once it runs");
    }
    return SyncOutcome.inSync();
  }

  private Target target(ElasticIp resource, ElasticIpStatus book, Ec2Scope scope) {
    return InstanceRefs.resolve(resource.getSpec().getInstanceRef(), name -> instances.get(new ResourceID(name,
        resource.getMetadata().getNamespace())), scope.key().region(), lifecycle.scopes().home().key().region(),
        book.getAccount());
  }

  /** The target instance's public IP as the instance view has it (no call), or null. */
  private static String publicIpOf(Kit k, ElasticIp resource, Target target) {
    if (target.instanceId() == null) {
      return null;
    }
    var owner = new ResourceID(resource.getSpec().getInstanceRef().getName(), resource.getMetadata().getNamespace());
    return k.instances().get(owner, target.instanceId()).map(ObservedInstance::publicIpAddress).orElse(null);
  }

  private ObservedAddress allocate(Kit k, ElasticIp resource, ElasticIpStatus book, ElasticIpDesired desired,
      Context<ElasticIp> context) {
    book.setCreateRequestedAt(visibility.now()); // write-ahead: AllocateAddress has no client token
    reportSeen(resource, book, null, Target.NONE, SyncOutcome.progressing("Allocating", "allocating an address"),
        context);
    ObservedAddress made = k.sync().allocate(resource, desired);
    book.setAllocationId(made.allocationId());
    book.setPublicIp(made.publicIp());
    return made;
  }

  @Override
  protected Optional<Duration> remove(ElasticIp resource, ElasticIpStatus book, Ec2Scope scope,
      Context<ElasticIp> context) {
    Kit k = kit(scope);
    ElasticIpDesired desired = ElasticIpDesired.from(resource, cluster);
    return CreatedInEc2.remove(k.sync().owned(desired.ownership()), book, visibility, desired.retain(),
        a -> k.sync().retain(resource, a), a -> k.sync().release(resource, a));
  }

  @Override
  protected UpdateControl<ElasticIp> report(ElasticIp resource, ElasticIpStatus book, Ec2Scope scope,
      SyncOutcome outcome, Context<ElasticIp> context) {
    ObservedAddress known = book.getAllocationId() == null ? null
        : kit(scope).inventory().get(ResourceID.fromResource(resource), book.getAllocationId()).orElse(null);
    return reportSeen(resource, book, known, target(resource, book, scope), outcome, context);
  }

  @Override
  protected boolean hasEc2Resources(ElasticIpStatus book) {
    return book.getAllocationId() != null || book.getCreateRequestedAt() != null;
  }

  @Override
  protected String recordedId(ElasticIpStatus book) {
    return book.getAllocationId();
  }

  private UpdateControl<ElasticIp> reportSeen(ElasticIp resource, ElasticIpStatus book, ObservedAddress observed,
      Target target, SyncOutcome outcome, Context<ElasticIp> context) {
    ClusterNameGuard.record(book, book.getAllocationId() != null, cluster);
    var status = ElasticIpStatusMapper.map(book, resource.getMetadata().getGeneration(), observed,
        target.instanceId(), resource.getSpec().getInstanceRef() != null, outcome, clock.instant());
    lifecycle.conditions().changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    book.setConditions(status.getConditions());
    book.setInstanceId(status.getInstanceId());
    UpdateControl<ElasticIp> control = UpdateControl.noUpdate();
    return outcome.kind() == SyncOutcome.Kind.PROGRESSING ? control.rescheduleAfter(RECHECK_MS) : control;
  }
}

package dev.fleet.ec2.instance;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.LaunchRequest;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.SpotRequestCancellation;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.tags.TagWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The only caller of {@link Ec2Gateway} for Ec2Instance: every EC2 action, each with its event. */
public final class InstanceSync {
  private final Ec2Gateway ec2;
  private final EventRecorder events;
  private final TagWriter tags;

  private final AccessRules access;
  private final ImageResolver images;

  /**
   * @param images reads what a resolve:ssm: imageId names, in the resource's scope
   * @param access what the administrator allows: adoption, instance profiles, this installation's cluster tag
   */
  public InstanceSync(Ec2Gateway ec2, ImageResolver images, EventRecorder events, AccessRules access) {
    this.access = access;
    this.ec2 = ec2;
    this.images = images;
    this.events = events;
    this.tags = new TagWriter(ec2, events);
  }

  public Optional<ObservedInstance> describe(String instanceId) {
    return ec2.describeInstancesById(List.of(instanceId)).stream().findFirst();
  }

  /**
   * Of the live instances launched earlier for this very resource (its status write lost, or its token), the
   * oldest is kept; any others (the emulator ignores client tokens) are terminated.
   *
   * @param live this resource's live instances, oldest first ({@link #owned} or {@link #ownedAmong})
   */
  public Optional<ObservedInstance> keepOldest(Ec2Instance resource, List<ObservedInstance> live) {
    for (ObservedInstance extra : live.subList(Math.min(1, live.size()), live.size())) {
      ec2.terminateInstance(extra.instanceId());
      events.warning(resource, "DuplicateTerminated", "terminated duplicate instance " + extra.instanceId()
          + " launched for this resource; keeping " + live.get(0).instanceId());
    }
    return live.stream().findFirst();
  }

  /** Every live instance this resource owns, oldest first, as EC2 lists it now. No side effects. */
  public List<ObservedInstance> owned(OwnershipTags ownership) {
    return launchedFor(ownership).stream().filter(i -> !i.isGone()).toList();
  }

  /** Every instance EC2 lists as this resource's, terminated ones included, oldest first. No side effects. */
  public List<ObservedInstance> launchedFor(OwnershipTags ownership) {
    return ownedAmong(ec2.describeInstancesByTag(OwnershipTags.OWNER_UID, ownership.ownerUid()), ownership, true);
  }

  /** Those of {@code seen} that this resource owns (live only, unless {@code gone}), oldest first. */
  public static List<ObservedInstance> ownedAmong(java.util.Collection<ObservedInstance> seen, OwnershipTags ownership,
      boolean gone) {
    return seen.stream().filter(i -> ownership.ownedBy(i.tags())).filter(i -> gone || !i.isGone())
        .sorted(Comparator.comparing(ObservedInstance::launchTime, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ObservedInstance::instanceId))
        .toList();
  }

  /** Refuses (Terminal) what the administrator does not allow this launch, before anything is written. */
  public void checkLaunchAllowed(InstanceDesired desired) {
    access.instanceProfiles().check(desired.iamInstanceProfile(), "spec.iamInstanceProfile");
  }

  /** The AMI id a resolve:ssm: imageId names now (GetParameter in the resource's scope), with an event. */
  public String resolveImage(Ec2Instance resource, String imageId) {
    return images.resolve(resource, imageId);
  }

  public ObservedInstance launch(Ec2Instance resource, LaunchRequest request) {
    ObservedInstance launched = ec2.runInstance(request);
    events.normal(resource, "Launched", "launched instance " + launched.instanceId() + " (" + request.instanceType()
        + ", " + request.imageId() + ")");
    return launched;
  }

  /**
   * Takes over an existing instance named by the user: only in a namespace the administrator allows (checked
   * before EC2 hears of it), and the instance must exist, be alive and belong to nobody else.
   */
  public ObservedInstance adopt(Ec2Instance resource, String instanceId, OwnershipTags ownership) {
    access.adoption().check(resource.getMetadata().getNamespace(), Ec2InstanceReconciler.ADOPT_ANNOTATION,
        instanceId);
    ObservedInstance found = describe(instanceId).orElseThrow(() -> new CloudException(CloudErrorKind.TERMINAL,
        "DescribeInstances", "InvalidInstanceID.NotFound", "instance " + instanceId + " to adopt does not exist", null));
    if (found.isGone()) {
      throw new CloudException(CloudErrorKind.TERMINAL, "DescribeInstances", "IncorrectInstanceState",
          "instance " + instanceId + " to adopt is " + found.state(), null);
    }
    if (OwnershipTags.hasAnyOwner(found.tags()) && !ownership.ownedBy(found.tags())
        || ClusterBoundary.foreign(access.cluster(), found.tags())) {
      throw new CloudException(CloudErrorKind.TERMINAL, "DescribeInstances", "AdoptionConflict", "instance "
          + instanceId + " already belongs to " + OwnershipTags.describeOwner(found.tags()), null);
    }
    ec2.createTags(instanceId, ownership.asMap());
    events.normal(resource, "Adopted", "adopted instance " + instanceId);
    return describe(instanceId).orElse(found);
  }

  /** Applies every change of one delta, in an order EC2 accepts, then reads the instance again. */
  public ObservedInstance apply(Ec2Instance resource, ObservedInstance observed, InstanceDelta delta) {
    String id = observed.instanceId();
    ClusterBoundary.requireNotForeign(access.cluster(), id, observed.tags());
    tags.apply(resource, id, delta.tags());
    if (delta.securityGroups() != null) {
      ec2.modifySecurityGroups(id, delta.securityGroups());
      events.normal(resource, "SecurityGroupsUpdated", "security groups now " + String.join(", ",
          delta.securityGroups().stream().sorted().toList()));
    }
    if (delta.power() == InstanceDelta.Power.STOP) {
      ec2.stopInstance(id);
      events.normal(resource, "Stopping", delta.typeChangePending()
          ? "stopping instance " + id + " to change its type" : "stopping instance " + id);
    }
    if (delta.instanceType() != null) {
      ec2.modifyInstanceType(id, delta.instanceType());
      events.normal(resource, "InstanceTypeChanged", "instance type " + observed.instanceType() + " -> "
          + delta.instanceType());
    }
    if (delta.power() == InstanceDelta.Power.START) {
      ec2.startInstance(id);
      events.normal(resource, "Starting", "starting instance " + id);
    }
    return describe(id).orElse(observed);
  }

  /** The reboot annotation's request, once per value: a running instance is rebooted, another one skipped. */
  public void rebootIfRequested(Ec2Instance resource, Ec2InstanceStatus book, ObservedInstance observed,
      String requested) {
    if (requested == null || requested.equals(book.getLastRebootRequest())) {
      return;
    }
    if (ObservedInstance.RUNNING.equals(observed.state())) {
      reboot(resource, observed, requested);
    } else {
      events.normal(resource, "RebootSkipped", "reboot requested at " + requested + " skipped: instance is "
          + observed.state());
    }
    book.setLastRebootRequest(requested);
  }

  public void reboot(Ec2Instance resource, ObservedInstance observed, String requestedAt) {
    String instanceId = observed.instanceId();
    ClusterBoundary.requireNotForeign(access.cluster(), instanceId, observed.tags());
    ec2.rebootInstance(instanceId);
    events.normal(resource, "Rebooted", "rebooted instance " + instanceId + " as requested at " + requestedAt);
  }

  /** The given instances as EC2 lists them now, by id, in one describe; ids EC2 does not list are absent. */
  public java.util.Map<String, ObservedInstance> describeAll(java.util.Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return java.util.Map.of();
    }
    return ec2.describeInstancesById(instanceIds).stream()
        .collect(java.util.stream.Collectors.toMap(ObservedInstance::instanceId, i -> i, (a, b) -> a));
  }

  /**
   * Terminates unless already on its way; true once EC2 reports it terminated or forgets it.
   *
   * @param current the instance as just described, or null when EC2 does not list it
   */
  public boolean terminate(Ec2Instance resource, String instanceId, ObservedInstance current) {
    if (current == null || ObservedInstance.TERMINATED.equals(current.state())) {
      return true;
    }
    if (notOwned(resource, current)) {
      return true;
    }
    if (!ObservedInstance.SHUTTING_DOWN.equals(current.state())) {
      SpotRequestCancellation.beforeTerminating(ec2, current)
          .ifPresent(warning -> events.warning(resource, "SpotRequestNotCancelled", warning));
      ec2.terminateInstance(instanceId);
      events.normal(resource, "Terminating", "terminating instance " + instanceId);
    }
    return false;
  }

  /** deletionPolicy Retain: the instance stays, without our ownership tags. */
  public void release(Ec2Instance resource, ObservedInstance instance) {
    String instanceId = instance.instanceId();
    if (notOwned(resource, instance)) {
      return; // not ours, or already released (the IAM policy would refuse to untag it again)
    }
    ec2.deleteTags(instanceId, OwnershipTags.KEYS);
    events.normal(resource, "Retained", "left instance " + instanceId + " running and removed the ownership tags");
  }

  /** On delete: what this resource does not own (another installation's or resource's, untagged) stays. */
  private boolean notOwned(Ec2Instance resource, ObservedInstance instance) {
    var meta = resource.getMetadata();
    return ClusterBoundary.leftAlone(OwnershipTags.of(access.cluster(), meta.getNamespace(), meta.getName(),
        meta.getUid()), events, resource, "instance " + instance.instanceId(), instance.tags());
  }
}

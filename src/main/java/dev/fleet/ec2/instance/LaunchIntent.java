package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.ClientTokens;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One crash-safe launch of an Ec2Instance. Its client token is recorded in status (with the time of the
 * request) before EC2 hears of it, and stays until the launch is resolved (its instance recorded, or refused),
 * even across spec edits: EC2 answers a repeat with the first launch, or IdempotentParameterMismatch when the
 * spec changed since, never with a second instance. An imageId that names a parameter is resolved once, before the
 * first write-ahead, and recorded with it (status.resolvedImageId): a repeat, and any later replacement, asks for
 * the same AMI whatever the parameter holds by then.
 */
final class LaunchIntent {
  static final String IDEMPOTENCY_MISMATCH = "IdempotentParameterMismatch";

  private final InstanceSync sync;
  private final EventRecorder events;
  private final VisibilityWindow visibility;

  LaunchIntent(InstanceSync sync, EventRecorder events, VisibilityWindow visibility) {
    this.sync = sync;
    this.events = events;
    this.visibility = visibility;
  }

  /** Within the visibility grace of its launch request or its launch: absent from describes is no evidence. */
  boolean mayStillAppear(Ec2InstanceStatus book) {
    return visibility.open(book.getCreateRequestedAt()) || visibility.open(book.getLaunchTime());
  }

  /**
   * Reuses an instance launched earlier for this resource, else launches one.
   *
   * <p>Where to look for an earlier launch: in the shared view ({@code seen}, no EC2 call) when no try under
   * the current token may have launched; EC2 is asked by ownership tags only when one may have (a crash or a
   * lost answer after the write-ahead record) or before the first complete view. Thousands of first launches
   * thus cost no tag-filtered describe each, whose time grows with everything the account holds.
   *
   * @param seen what the shared view holds for this resource
   * @param viewComplete whether that view comes from a complete poll (absence in it is evidence)
   * @param writeAhead writes the status as {@code book} holds it, before RunInstances is called
   */
  ObservedInstance launch(Ec2Instance resource, Ec2InstanceStatus book, InstanceDesired desired,
      Collection<ObservedInstance> seen, boolean viewComplete, Runnable writeAhead) {
    book.setInstanceId(null);
    sync.checkLaunchAllowed(desired);
    if (desired.withResolvedImage(book.getResolvedImageId()).imageUnresolved()) {
      book.setResolvedImageId(sync.resolveImage(resource, desired.imageId())); // written ahead with the token
    }
    desired = desired.withResolvedImage(book.getResolvedImageId());
    boolean earlierTry = book.getCreateRequestedAt() != null;
    List<ObservedInstance> live = earlierTry || !viewComplete ? sync.owned(desired.ownership())
        : InstanceSync.ownedAmong(seen, desired.ownership(), false);
    Optional<ObservedInstance> earlier = sync.keepOldest(resource, live);
    if (earlier.isPresent()) {
      events.normal(resource, "Found", "found instance " + earlier.get().instanceId()
          + " launched earlier for this resource; using it instead of launching another");
      book.setInstanceId(earlier.get().instanceId());
      book.setCreateRequestedAt(null);
      return earlier.get();
    }
    boolean firstTry = book.getCreateRequestedAt() == null; // no earlier try under this token may have launched
    if (book.getClientToken() == null || firstTry) {
      book.setClientToken(book.getClientToken() != null ? book.getClientToken()
          : ClientTokens.next(resource.getMetadata().getUid(), resource.getMetadata().getGeneration()));
      book.setCreateRequestedAt(visibility.now());
    }
    writeAhead.run();
    ObservedInstance launched;
    try {
      launched = sync.launch(resource, desired.launchRequest(book.getClientToken()));
    } catch (CloudException e) {
      if (IDEMPOTENCY_MISMATCH.equals(e.errorCode())) {
        throw earlierLaunchUnderOtherSpec(resource, book, e);
      }
      if (firstTry && !e.outcomeUnknown()) { // EC2 answered: nothing launched, nothing to wait for on delete
        change(resource, book, s -> s.setCreateRequestedAt(null));
      }
      throw e;
    }
    book.setInstanceId(launched.instanceId());
    Optional<ObservedInstance> listed = sync.describe(launched.instanceId());
    listed.ifPresent(i -> book.setCreateRequestedAt(null));
    return listed.orElse(launched);
  }

  /**
   * EC2 launched under this token already, for the spec as it was before an edit: that instance is this
   * resource's, found by its tags once EC2 lists it (then brought to the new spec). Only when it has not
   * appeared within the visibility grace (terminated meanwhile) does a new launch intent begin.
   */
  private CloudException earlierLaunchUnderOtherSpec(Ec2Instance resource, Ec2InstanceStatus book, CloudException e) {
    if (!visibility.open(book.getCreateRequestedAt())) {
      events.warning(resource, IDEMPOTENCY_MISMATCH, "the launch under client token " + book.getClientToken()
          + " has not appeared within the visibility grace; starting a new launch");
      change(resource, book, s -> {
        s.setClientToken(null);
        s.setCreateRequestedAt(null);
      });
    }
    return new CloudException(CloudErrorKind.RETRYABLE, "RunInstances", "EarlierLaunchNotVisible", "an instance"
        + " launched for this resource before its spec changed is not listed by EC2 yet; it is used once it is ("
        + e.getMessage() + ")", e);
  }

  /** A change that must survive a failed pass: the error status is written from the resource's own status. */
  private static void change(Ec2Instance resource, Ec2InstanceStatus book, Consumer<Ec2InstanceStatus> change) {
    change.accept(book);
    if (resource.getStatus() != null && resource.getStatus() != book) {
      change.accept(resource.getStatus());
    }
  }
}

package dev.fleet.ec2.account;

import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountStatus;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CallerIdentity;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.StatusWriter;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * AwsAccount: asks STS who the operator is with the account's credentials (GetCallerIdentity) and reports it:
 * {@code Ready=True} with the account id, or {@code Ready=False} with STS's error. Checked again every
 * {@link #RECHECK} (a role whose trust policy changed shows within that), sooner after a failure, with a
 * backoff: one call per account however many resources use it, never a storm.
 */
public final class AwsAccountReconciler implements Reconciler<AwsAccount>, Cleaner<AwsAccount> {
  static final Duration RECHECK = Duration.ofMinutes(10);
  static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  /** However many resources report failing credentials, an account is checked at most this often for them. */
  static final Duration SOONEST_RECHECK = Duration.ofSeconds(30);
  /** How often a deletion held while resources still use the account looks again. */
  static final Duration IN_USE_RECHECK = Duration.ofSeconds(10);

  private final Function<AccountAccess, CallerIdentity> identify;
  private final EventRecorder events;
  private final ToIntFunction<String> users;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();
  private final SimpleInboundEventSource<AwsAccount> rechecks = new SimpleInboundEventSource<>("account-rechecks");

  /**
   * @param identify GetCallerIdentity with the given access (its own clients, closed after the call)
   * @param users how many resources act in the named account now
   */
  public AwsAccountReconciler(Function<AccountAccess, CallerIdentity> identify,
      ToIntFunction<String> users, EventRecorder events, Clock clock) {
    this.users = users;
    this.identify = identify;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, AwsAccount>> prepareEventSources(EventSourceContext<AwsAccount> context) {
    return List.of(rechecks);
  }

  /**
   * A resource's EC2 call failed for its credentials: checks the account again now rather than at the next
   * scheduled check, unless it was checked less than {@link #SOONEST_RECHECK} ago.
   */
  public void credentialsFailed(String account) {
    Instant now = clock.instant();
    // decided and noted at once: failures reported together (an account's two polls) ask for one check, not two
    AtomicBoolean due = new AtomicBoolean();
    checkedAt.compute(account, (name, last) -> {
      if (last != null && !last.plus(SOONEST_RECHECK).isBefore(now)) {
        return last;
      }
      due.set(true);
      return now;
    });
    if (due.get()) {
      rechecks.propagateEvent(new ResourceID(account));
    }
  }

  @Override
  public UpdateControl<AwsAccount> reconcile(AwsAccount account, Context<AwsAccount> context) {
    checkedAt.put(account.getMetadata().getName(), clock.instant());
    long generation = account.getMetadata().getGeneration() == null ? 0 : account.getMetadata().getGeneration();
    AwsAccountStatus before = account.getStatus() == null ? new AwsAccountStatus() : account.getStatus();
    AwsAccountStatus status = new AwsAccountStatus();
    status.setObservedGeneration(generation);
    String name = account.getMetadata().getName();
    Duration next;
    try {
      CallerIdentity who = identify.apply(AccountResolver.access(account.getSpec()));
      status.setAccountId(who.accountId());
      status.setArn(who.arn());
      status.setConditions(Conditions.set(before.getConditions(), Conditions.READY, true, "Verified",
          "acting as " + who.arn() + " in account " + who.accountId(), generation, clock.instant()));
      failures.remove(name);
      next = RECHECK;
    } catch (CloudException e) {
      status.setAccountId(before.getAccountId()); // as last verified, for whoever investigates
      status.setConditions(Conditions.set(before.getConditions(), Conditions.READY, false, e.errorCode(),
          e.getMessage(), generation, clock.instant()));
      int attempt = failures.merge(name, 1, Integer::sum);
      next = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 5));
      next = next.compareTo(RECHECK) > 0 ? RECHECK : next;
    }
    boolean wasReady = Conditions.isTrueFor(before.getConditions(), Conditions.READY, generation);
    boolean ready = Conditions.isTrueFor(status.getConditions(), Conditions.READY, generation);
    if (ready != wasReady || !ready && !sameReason(before, status)) {
      String message = status.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType()))
          .map(c -> c.getReason() + ": " + c.getMessage()).findFirst().orElse("");
      if (ready) {
        events.normal(account, "ReadyChanged", "Ready=True (" + message + ")");
      } else {
        events.warning(account, "ReadyChanged", "Ready=False (" + message + "); resources using this account wait");
      }
    }
    StatusWriter.write(account, status, context);
    return UpdateControl.<AwsAccount>noUpdate().rescheduleAfter(next.toMillis());
  }

  /**
   * An account still in use is not let go: its resources could then neither be repaired nor deleted (their
   * EC2 resources would be left behind unseen). The deletion waits until the last of them is deleted.
   */
  @Override
  public DeleteControl cleanup(AwsAccount account, Context<AwsAccount> context) {
    String name = account.getMetadata().getName();
    int using = users.applyAsInt(name);
    if (using > 0) {
      events.warning(account, "InUse", "deletion waits: " + using + " resource(s) act in this account; delete them"
          + " first (their EC2 resources are removed through it)");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(IN_USE_RECHECK.toMillis());
    }
    failures.remove(name);
    checkedAt.remove(name);
    return DeleteControl.defaultDelete();
  }

  private static boolean sameReason(AwsAccountStatus a, AwsAccountStatus b) {
    return reason(a).equals(reason(b));
  }

  private static String reason(AwsAccountStatus s) {
    return s.getConditions() == null ? "" : s.getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType())).map(c -> String.valueOf(c.getReason())).findFirst()
        .orElse("");
  }
}

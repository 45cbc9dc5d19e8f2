package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.account.AccountChoice;
import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.ManagementPolicy;
import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.ScopeKey;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.status.TerminalGate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lifecycle every kind shares, driven here once, the way ACK's runtime drives per-kind hooks: the
 * Terminal gate, the (account, region) scope it acts in, the cluster-name guard, waiting for the first view
 * of EC2 after a start,
 * a refusal reported once as Terminal versus a recoverable error retried with backoff, and a deletion held
 * for a renamed cluster. A kind supplies only its own steps: {@link #sync} (observe, diff, act, report),
 * {@link #report} of an outcome decided here, and {@link #remove}.
 *
 * @param <R> the kind
 * @param <S> its status, which is also the book a pass keeps while it acts
 */
public abstract class ManagedReconciler<R extends CustomResource<?, S>, S extends ResourceStatus>
    implements Reconciler<R>, Cleaner<R> {
  protected final LifecycleContext lifecycle;
  private final Kind<R, S> kind;
  /** Wakes the resources that use an AwsAccount when it changes ({@link #accountChanged}). */
  private final InventoryEvents<R> accountWakes = new InventoryEvents<>("aws-accounts");
  private volatile IndexedResourceCache<R> primaries;

  protected ManagedReconciler(LifecycleContext lifecycle, Kind<R, S> kind) {
    this.lifecycle = lifecycle;
    this.kind = kind;
  }

  /**
   * What the lifecycle reads of a kind's own types: its class, a new status, and where in AWS a resource
   * asks to be (its spec's region and account reference, null for the operator's).
   */
  public record Kind<R, S>(Class<R> type, Supplier<S> newStatus, Function<R, String> region,
      Function<R, AccountRef> account, Function<R, ManagementPolicy> policy) {

    /** A kind that is always managed (it has no managementPolicy). */
    public Kind(Class<R> type, Supplier<S> newStatus, Function<R, String> region, Function<R, AccountRef> account) {
      this(type, newStatus, region, account, r -> ManagementPolicy.Manage);
    }
  }

  /** The kind's own pass, once the shared checks let it run; a refusing {@link CloudException} becomes Terminal. */
  protected abstract UpdateControl<R> sync(R resource, S book, Ec2Scope scope, Context<R> context);

  /** Writes {@code outcome} with what is known of the EC2 resources (as last seen in {@code scope}: no call). */
  protected abstract UpdateControl<R> report(R resource, S book, Ec2Scope scope, SyncOutcome outcome,
      Context<R> context);

  /** Removes or releases what the resource has in EC2; empty when done, else when to look again. */
  protected abstract Optional<Duration> remove(R resource, S book, Ec2Scope scope, Context<R> context);

  /** The kind's view of what EC2 reports in {@code scope}. */
  protected abstract OwnedInventory<?, R> inventory(Ec2Scope scope);

  /** Whether the resource has (or may have) EC2 resources under the recorded cluster name. */
  protected abstract boolean hasEc2Resources(S book);


  /** The annotation naming an EC2 resource to adopt, which lifts a Terminal condition; null if none. */
  protected String adoptAnnotation() {
    return null;
  }

  /** The id of the EC2 resource recorded in status, if the kind has one. */
  protected String recordedId(S book) {
    return null;
  }

  /** What the user can change to get out of a Terminal condition, as the end of its message. */
  protected String specRemedy() {
    return "; fix the spec to retry";
  }

  /**
   * EC2 refused the pass: forget bookkeeping of a create that therefore did not happen. By default, for a kind
   * with one EC2 resource: none recorded yet means the refused create made nothing, so no visibility window is
   * left open for it.
   */
  protected void refused(S book, CloudException e) {
    if (recordedId(book) == null) {
      book.setCreateRequestedAt(null);
    }
  }

  /**
   * managementPolicy Observe: read what the resource names and report it, drift included, changing nothing
   * in EC2. Only kinds with a managementPolicy are ever asked.
   */
  protected UpdateControl<R> observe(R resource, S book, Ec2Scope scope, Context<R> context) {
    throw new IllegalStateException(kind.type().getSimpleName() + " has no managementPolicy Observe");
  }

  /** The resource is gone: drop what is kept about it in memory. */
  protected void forget(R resource) {}

  @Override
  public final UpdateControl<R> reconcile(R resource, Context<R> context) {
    S book = bookOf(resource);
    if (TerminalGate.blocks(resource, book.getConditions(), adoptAnnotation(), recordedId(book))) {
      return UpdateControl.noUpdate(); // EC2 refused this spec; a spec change or an adoption can help
    }
    Ec2Scope scope = lifecycle.scopes().home(); // what a report reads until the resource's own scope is known
    var renamed = ClusterNameGuard.check(book, hasEc2Resources(book), lifecycle.cluster());
    if (renamed.isPresent()) {
      return report(resource, book, scope, renamed.get(), context); // no EC2 call: it would duplicate
    }
    try {
      AccountChoice account = chooseAccount(resource, book);
      if (account.refused() != null) {
        throw account.refused();
      }
      if (account.waiting() != null) { // the AwsAccount's informer wakes this resource when that changes
        return report(resource, book, scope, account.waiting(), context);
      }
      scope = scopeOf(resource, account);
      if (observes(resource)) {
        return observe(resource, book, scope, context); // by id, not from the view of what we own
      }
      var firstView = inventory(scope).waitForFirstView(ResourceID.fromResource(resource));
      if (firstView.isPresent()) {
        // no complete view yet (a start): it wakes this resource; asking EC2 per resource meanwhile would be a storm
        return UpdateControl.<R>noUpdate().rescheduleAfter(firstView.get().toMillis());
      }
      return sync(resource, book, scope, context);
    } catch (CloudException e) {
      if (!FailureVerdict.isRefusal(e, context)) {
        throw e; // recoverable: JOSDK retries with capped exponential backoff, updateErrorStatus reports it
      }
      refused(book, e);
      // the way out is part of the condition too: that is what kubectl describe and Argo CD show
      String message = FailureVerdict.message(e) + TerminalGate.remedy(e.errorCode(), specRemedy());
      lifecycle.events().warning(resource, e.errorCode(), message);
      report(resource, book, scope, new SyncOutcome(SyncOutcome.Kind.TERMINAL, e.errorCode(), message), context);
      return UpdateControl.noUpdate();
    }
  }

  @Override
  public final ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
    SyncOutcome outcome = SyncOutcome.retrying(e);
    lifecycle.events().warning(resource, outcome.reason(), outcome.message());
    S book = bookOf(resource);
    AccountChoice account = chooseAccount(resource, book);
    if (!account.account().isEmpty() && CloudException.in(e).filter(c -> Ec2ErrorTable.credentialProblem(
        c.errorCode())).isPresent()) {
      lifecycle.credentialsFailed().accept(account.account()); // the account says so too, soon, once
    }
    report(resource, book, account.usable() ? scopeOf(resource, account) : lifecycle.scopes().home(), outcome,
        context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @Override
  public final DeleteControl cleanup(R resource, Context<R> context) {
    S book = bookOf(resource);
    if (ClusterNameGuard.holdsDeletion(resource, book, hasEc2Resources(book), lifecycle.cluster(),
        lifecycle.events())) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(ClusterNameGuard.HELD_DELETION_RECHECK_MS);
    }
    AccountChoice account = chooseAccount(resource, book);
    if (!account.usable() && hasEc2Resources(book)) {
      // its EC2 resources are in an account the operator cannot reach now: removing the finalizer would leak them
      String why = account.refused() != null ? account.refused().getMessage() : account.waiting().message();
      lifecycle.events().warning(resource, AccountChoice.WAITING_REASON, "deletion waits: " + why);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(ClusterNameGuard.HELD_DELETION_RECHECK_MS);
    }
    // observed, never managed: deleting the resource leaves EC2 alone
    boolean touch = account.usable() && !observes(resource) && !book.observing();
    var recheck = touch ? remove(resource, book, scopeOf(resource, account), context) : Optional.<Duration>empty();
    if (recheck.isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(recheck.get().toMillis());
    }
    lifecycle.conditions().forget(resource);
    lifecycle.scopes().release(resource);
    forget(resource);
    return DeleteControl.defaultDelete();
  }

  /** The account the resource acts in, recorded in its status so that a namespace default changed later never moves it. */
  private AccountChoice chooseAccount(R resource, S book) {
    AccountChoice choice = lifecycle.accounts().choose(resource, kind.account().apply(resource), book.getAccount());
    if (!choice.account().isEmpty()) {
      book.setAccount(choice.account());
    }
    return choice;
  }

  /** Where the resource lives: its account, and the region its spec names or the operator's; counted as a user. */
  private Ec2Scope scopeOf(R resource, AccountChoice account) {
    String region = kind.region().apply(resource);
    return lifecycle.scopes().use(new ScopeKey(account.account(), region != null ? region
        : lifecycle.scopes().home().key().region(), account.access()), resource);
  }

  /** The event source {@link #accountChanged} wakes resources through; part of each kind's event sources. */
  protected final EventSource<?, R> accountEvents(EventSourceContext<R> context) {
    primaries = context.getPrimaryCache();
    return accountWakes;
  }

  /**
   * The AwsAccount {@code account} changed (became Ready, or stopped being, or changed which namespaces it
   * allows): wakes the resources that use it, by {@code spec.accountRef} or as recorded in status. Called by the
   * informer the {@link AccountChooser} reads, once it holds the change: an informer of JOSDK's own could wake a
   * resource before that one has it, and the pass would decide on the account as it was, then sleep.
   */
  public final void accountChanged(String account) {
    IndexedResourceCache<R> cache = primaries;
    if (cache != null) {
      cache.list().filter(r -> uses(r, account)).map(ResourceID::fromResource).forEach(accountWakes);
    }
  }

  private boolean uses(R resource, String account) {
    AccountRef ref = kind.account().apply(resource);
    return ref != null ? account.equals(ref.getName())
        : resource.getStatus() != null && account.equals(resource.getStatus().getAccount());
  }



  private boolean observes(R resource) {
    return kind.policy().apply(resource) == ManagementPolicy.Observe;
  }

  /** The status, created empty for a new resource: the pass fills it in as it acts. */
  protected final S bookOf(R resource) {
    if (resource.getStatus() == null) {
      resource.setStatus(kind.newStatus().get());
    }
    return resource.getStatus();
  }

  /** What every kind's lifecycle reads: this installation, where it acts in AWS, and how it reports. */
  public record LifecycleContext(String cluster, Ec2Scopes scopes, AccountChooser accounts, EventRecorder events,
      ConditionReporter conditions, Consumer<String> credentialsFailed) {

    /** Without anyone to tell of failing credentials (unit tests). */
    public LifecycleContext(String cluster, Ec2Scopes scopes, AccountChooser accounts, EventRecorder events,
        ConditionReporter conditions) {
      this(cluster, scopes, accounts, events, conditions, account -> { });
    }
  }

  /** Which account a resource acts in ({@link dev.fleet.ec2.account.AccountResolver#choose}). */
  @FunctionalInterface
  public interface AccountChooser {
    AccountChoice choose(HasMetadata resource, AccountRef ref, String recorded);

    /** Every resource acts with the operator's own credentials. */
    static AccountChooser ownOnly() {
      return (resource, ref, recorded) -> AccountChoice.own();
    }
  }
}

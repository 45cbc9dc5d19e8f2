package dev.fleet.ec2.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.SettableClock;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.account.AccountChoice;
import dev.fleet.ec2.events.RecordedEvents;
import dev.fleet.ec2.lifecycle.ManagedReconciler.AccountChooser;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.TestScopes;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lifecycle every kind shares, driven with a kind whose own steps only record what they were asked. */
class ManagedReconcilerTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final InMemoryEc2Gateway ireland = new InMemoryEc2Gateway();
  private final RecordedEvents events = new RecordedEvents();
  private final Ec2Scopes scopes = TestScopes.over(key -> key.region().equals("eu-west-1") ? ireland : ec2, "c1",
      "us-east-1", clock);
  private final java.util.concurrent.atomic.AtomicReference<AccountChoice> account =
      new java.util.concurrent.atomic.AtomicReference<>(AccountChoice.own());
  private final List<String> credentialsFailed = new ArrayList<>();
  private final RecordingKind kind = new RecordingKind(new ManagedReconciler.LifecycleContext("c1", scopes,
      (resource, ref, recorded) -> account.get(),
      events, new ConditionReporter(events, new SimpleMeterRegistry()), credentialsFailed::add));

  @BeforeEach
  void loadTheView() {
    TestScopes.pollOnce(scopes.home());
  }

  @Test
  void aPassRunsTheKindsStepsOnce() {
    kind.reconcile(resource(null), context());

    assertThat(kind.calls).containsExactly("sync us-east-1");
  }

  @Test
  void aRefusalIsReportedTerminalOnceWithAnEventAndItsCreateForgotten() {
    kind.failure = () -> new CloudException(CloudErrorKind.TERMINAL, "RunInstances", "InvalidAMIID.Malformed",
        "bad image", null);

    var control = kind.reconcile(resource(null), context());

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).as("no retry: the spec must change").isEmpty();
    assertThat(kind.calls).containsExactly("sync us-east-1", "refused", "report TERMINAL InvalidAMIID.Malformed");
    assertThat(events.written()).containsExactly(
        "Warning InvalidAMIID.Malformed: RunInstances failed: InvalidAMIID.Malformed: bad image; fix the spec to retry");
  }

  @Test
  void aRecoverableErrorIsLeftToTheBackoffAndThenReportedAsRetrying() {
    kind.failure = () -> new CloudException(CloudErrorKind.RETRYABLE, "RunInstances", "RequestLimitExceeded",
        "slow down", null);
    Ec2Instance resource = resource(null);

    assertThatThrownBy(() -> kind.reconcile(resource, context())).isInstanceOf(CloudException.class);
    assertThat(kind.calls).containsExactly("sync us-east-1");

    kind.updateErrorStatus(resource, context(), new CloudException(CloudErrorKind.RETRYABLE, "RunInstances",
        "RequestLimitExceeded", "slow down", null));
    assertThat(kind.calls).containsExactly("sync us-east-1", "report ERROR RequestLimitExceeded");
    assertThat(events.reasons()).containsExactly("RequestLimitExceeded");
  }

  @Test
  void failingCredentialsOfAnAccountAskForItsCheckAndNothingElseDoes() {
    var role = new dev.fleet.ec2.cloud.AccountAccess.AssumeRole("arn:aws:iam::222222222222:role/fleet", null, null,
        null);
    account.set(new AccountChoice("prod", role, null, null));
    kind.updateErrorStatus(resource(null), context(), new CloudException(CloudErrorKind.RETRYABLE, "RunInstances",
        "RequestLimitExceeded", "slow down", null));
    assertThat(credentialsFailed).isEmpty();

    kind.updateErrorStatus(resource(null), context(), new CloudException(
        dev.fleet.ec2.cloud.Ec2ErrorTable.kindOf("AuthFailure", 401), "RunInstances", "AuthFailure",
        "AWS was not able to validate the provided access credentials", null));
    assertThat(credentialsFailed).containsExactly("prod");

    account.set(AccountChoice.own());
    kind.updateErrorStatus(resource(null), context(), new CloudException(CloudErrorKind.RETRYABLE, "RunInstances",
        "AuthFailure", "the operator's own credentials: no AwsAccount to check", null));
    assertThat(credentialsFailed).containsExactly("prod");
  }

  @Test
  void aTerminalConditionForThisGenerationStopsThePassUntilTheSpecChanges() {
    Ec2Instance resource = resource(null);
    resource.getStatus().getConditions().add(new ConditionBuilder().withType(Conditions.TERMINAL).withStatus("True")
        .withReason("InvalidAMIID.Malformed").withObservedGeneration(1L).build());

    kind.reconcile(resource, context());
    assertThat(kind.calls).isEmpty();

    resource.getMetadata().setGeneration(2L);
    kind.reconcile(resource, context());
    assertThat(kind.calls).containsExactly("sync us-east-1");
  }

  @Test
  void anotherRegionGetsAScopeOfItsOwnWhichClosesWithItsLastUser() {
    Ec2Instance irish = resource("eu-west-1");
    var control = kind.reconcile(irish, context());
    assertThat(kind.calls).as("its scope was just opened: it waits for that region's first view").isEmpty();
    assertThat(control.getScheduleDelay()).contains(30_000L);
    assertThat(scopes.all()).extracting(s -> s.key().region()).containsExactly("us-east-1", "eu-west-1");

    TestScopes.pollOnce(scopes.all().get(1));
    kind.reconcile(irish, context());
    kind.reconcile(resource(null), context());
    assertThat(kind.calls).containsExactly("sync eu-west-1", "sync us-east-1");
    assertThat(ireland.calls()).as("that region's own polls").containsExactly("DescribeInstances",
        "DescribeSecurityGroups");

    kind.cleanup(irish, context());
    assertThat(scopes.all()).extracting(s -> s.key().region()).containsExactly("us-east-1");
  }

  @Test
  void aNamespaceTheAccountRefusesIsTerminalUntilTheAdministratorAllowsIt() {
    Ec2Instance resource = resource(null);
    account.set(new AccountChoice("prod", null, null, new CloudException(CloudErrorKind.TERMINAL, "Configuration",
        AccountChoice.NOT_ALLOWED, "AwsAccount prod does not allow namespace team-a", null)));
    kind.reconcile(resource, context());
    assertThat(kind.calls).containsExactly("refused", "report TERMINAL " + AccountChoice.NOT_ALLOWED);
    resource.getStatus().setConditions(dev.fleet.ec2.status.Conditions.set(List.of(), Conditions.TERMINAL, true,
        AccountChoice.NOT_ALLOWED, "refused", 1L, Instant.EPOCH));

    account.set(new AccountChoice("prod", new dev.fleet.ec2.cloud.AccountAccess.AssumeRole(
        "arn:aws:iam::222222222222:role/fleet", null, null, null), null, null));
    kind.reconcile(resource, context()); // opens the account's scope, and waits for its first view
    assertThat(scopes.all()).extracting(sc -> sc.key().toString()).containsExactly("us-east-1", "prod/us-east-1");
    TestScopes.pollOnce(scopes.all().get(1));
    kind.reconcile(resource, context());
    assertThat(kind.calls).as("an administrator's refusal does not stop the next pass")
        .endsWith("sync us-east-1");
    assertThat(resource.getStatus().getAccount()).isEqualTo("prod");
  }

  @Test
  void aResourceWaitingForItsAccountReportsWhyAndAsksEc2Nothing() {
    account.set(new AccountChoice("prod", null, new SyncOutcome(SyncOutcome.Kind.WAITING,
        AccountChoice.WAITING_REASON, "AwsAccount prod is not Ready"), null));
    ec2.calls().clear();

    kind.reconcile(resource(null), context());

    assertThat(kind.calls).containsExactly("report WAITING " + AccountChoice.WAITING_REASON);
    assertThat(ec2.calls()).isEmpty();
    assertThat(scopes.all()).hasSize(1);
  }

  @Test
  void beforeTheFirstViewThePassWaitsWithoutActing() {
    var unpolled = TestScopes.over(key -> ec2, "c1", "us-east-1", clock);
    var fresh = new RecordingKind(new ManagedReconciler.LifecycleContext("c1", unpolled, AccountChooser.ownOnly(), events,
        new ConditionReporter(events, new SimpleMeterRegistry())));

    var control = fresh.reconcile(resource(null), context());

    assertThat(fresh.calls).isEmpty();
    assertThat(control.getScheduleDelay()).contains(30_000L);
  }

  @Test
  void aRenamedClusterHoldsTheDeletionOfWhatItCreated() {
    Ec2Instance resource = resource(null);
    resource.getStatus().setClusterName("c0");
    resource.getStatus().setInstanceId("i-0123456789abcdef0");

    var control = kind.cleanup(resource, context());

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(kind.calls).isEmpty();
    assertThat(events.reasons()).containsExactly(ClusterNameGuard.REASON);
  }

  @Test
  void aDeletionEndsWhenTheKindHasRemovedEverything() {
    Ec2Instance resource = resource(null);
    kind.removal = Optional.of(Duration.ofSeconds(2));
    assertThat(kind.cleanup(resource, context()).isRemoveFinalizer()).isFalse();

    kind.removal = Optional.empty();
    assertThat(kind.cleanup(resource, context()).isRemoveFinalizer()).isTrue();
    assertThat(kind.calls).containsExactly("remove", "remove", "forget");
  }

  private static Ec2Instance resource(String region) {
    Ec2Instance resource = new Ec2Instance();
    resource.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("team-a").withUid("uid-1")
        .withGeneration(1L).build());
    var spec = new Ec2InstanceSpec();
    spec.setRegion(region);
    resource.setSpec(spec);
    resource.setStatus(new Ec2InstanceStatus());
    return resource;
  }

  /** A context that knows only that this is a first attempt: the kind under test writes nothing. */
  @SuppressWarnings("unchecked")
  private static Context<Ec2Instance> context() {
    return (Context<Ec2Instance>) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, (p, m, a) -> {
          if (m.getName().equals("getRetryInfo")) {
            return Optional.empty();
          }
          throw new UnsupportedOperationException(m.getName());
        });
  }

  private static final class RecordingKind extends ManagedReconciler<Ec2Instance, Ec2InstanceStatus> {
    final List<String> calls = new ArrayList<>();
    Supplier<CloudException> failure;
    Optional<Duration> removal = Optional.empty();

    RecordingKind(LifecycleContext lifecycle) {
      super(lifecycle, new Kind<>(Ec2Instance.class, Ec2InstanceStatus::new, r -> r.getSpec().getRegion(),
          r -> r.getSpec().getAccountRef()));
    }

    @Override
    protected OwnedInventory<ObservedInstance, Ec2Instance> inventory(Ec2Scope scope) {
      return scope.instances();
    }

    @Override
    protected UpdateControl<Ec2Instance> sync(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
        Context<Ec2Instance> context) {
      calls.add("sync " + scope.key().region());
      if (failure != null) {
        throw failure.get();
      }
      return UpdateControl.noUpdate();
    }

    @Override
    protected UpdateControl<Ec2Instance> report(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
        SyncOutcome outcome, Context<Ec2Instance> context) {
      calls.add("report " + outcome.kind() + " " + outcome.reason());
      return UpdateControl.noUpdate();
    }

    @Override
    protected Optional<Duration> remove(Ec2Instance resource, Ec2InstanceStatus book, Ec2Scope scope,
        Context<Ec2Instance> context) {
      calls.add("remove");
      return removal;
    }

    @Override
    protected void refused(Ec2InstanceStatus book, CloudException e) {
      calls.add("refused");
    }

    @Override
    protected void forget(Ec2Instance resource) {
      calls.add("forget");
    }

    @Override
    protected boolean hasEc2Resources(Ec2InstanceStatus book) {
      return book.getInstanceId() != null;
    }
  }
}

package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.SettableClock;
import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cost.TestPricing;
import dev.fleet.ec2.events.RecordedEvents;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.TestScopes;
import dev.fleet.ec2.status.ConditionReporter;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A start with thousands of resources: before the first complete view, reconciles wait quietly for it. */
class Ec2InstanceReconcilerFirstViewTest {
  private static final String ID = "i-0123456789abcdef0";

  /** Thrown by the fake context: the reconcile went on to read or write the resource's status. */
  static final class ContextUsed extends RuntimeException {
    ContextUsed(String method) {
      super(method);
    }
  }

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final RecordedEvents recorder = new RecordedEvents();
  private final Ec2Scopes scopes = TestScopes.over(key -> ec2, "c1", "us-east-1", clock);
  private final Ec2InstanceReconciler reconciler = new Ec2InstanceReconciler(
      new ManagedReconciler.LifecycleContext("c1", scopes, ManagedReconciler.AccountChooser.ownOnly(), recorder,
          new ConditionReporter(recorder, new SimpleMeterRegistry())),
      new InventoryEvents<>("ec2-instances"), AccessRules.strict("c1"), clock,
      new VisibilityWindow(Duration.ofMinutes(5), clock), TestPricing.pricing(clock));

  @Test
  void beforeTheFirstViewAReconcileAsksEc2NothingAndWritesNothing() {
    ec2.instances().put(ID, InstanceFixtures.observed("running", "t3.micro", Set.of(), Map.of()));

    var control = reconciler.reconcile(observedBefore(), untouchableContext());

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).as("a backstop should the first poll fail").contains(30_000L);
    assertThat(ec2.calls()).isEmpty();
    assertThat(recorder.written()).isEmpty();
  }

  @Test
  void whilePollingFailsAReconcileGoesOnAndAsksEc2() {
    ec2.failNext(new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstances", "RequestLimitExceeded",
        "throttled", null));
    TestScopes.pollOnce(scopes.home());
    assertThat(scopes.home().instances().failure()).isPresent();
    ec2.calls().clear();
    ec2.instances().put(ID, InstanceFixtures.observed("running", "t3.micro", Set.of(), Map.of()));

    assertThatThrownBy(() -> reconciler.reconcile(observedBefore(), untouchableContext()))
        .as("it reports (the status write reaches the context)").isInstanceOf(ContextUsed.class);
    assertThat(ec2.calls()).as("it looks the instance up by id, as before the first view was waited for")
        .startsWith("DescribeInstances");
  }

  /** A resource whose instance an earlier process launched and recorded in status. */
  private static Ec2Instance observedBefore() {
    Ec2Instance resource = InstanceFixtures.resource("t3.micro", Map.of());
    var status = new Ec2InstanceStatus();
    status.setInstanceId(ID);
    status.setClusterName("c1");
    resource.setStatus(status);
    return resource;
  }

  @SuppressWarnings("unchecked")
  private static Context<Ec2Instance> untouchableContext() {
    return (Context<Ec2Instance>) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, (p, m, a) -> {
          throw new ContextUsed(m.getName());
        });
  }
}

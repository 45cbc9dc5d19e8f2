package dev.fleet.ec2.e2e;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit support for end-to-end tests: resolves {@link E2eEnvironment} and a fresh {@link TestNamespace}
 * per test, and resets the EC2 emulator before each test class. Namespaces are not deleted (an API
 * server alone has no namespace controller to finish the deletion); each name is unique.
 */
public final class E2eExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private static final Duration CLEANUP_PATIENCE = Duration.ofSeconds(60);
  private static final List<Class<? extends HasMetadata>> KINDS = List.of(ElasticIp.class, Ec2Instance.class,
      SecurityGroup.class, SpotFleet.class, dev.fleet.ec2.api.v1alpha1.KeyPair.class);
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(E2eExtension.class);

  /** Resets the emulator before the class's own @BeforeAll runs (it may create queues or start an operator). */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try {
      E2eEnvironment.get().resetEmulator();
    } catch (org.opentest4j.TestAbortedException e) {
      context.getStore(STORE).put("reset-pending", Boolean.TRUE); // each test will report the skip itself
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    // The environment is acquired per test, so that a skip (no Docker for k3s) shows on every test.
    E2eEnvironment env = E2eEnvironment.get();
    ExtensionContext.Store classStore = context.getParent().orElseThrow().getStore(STORE);
    if (classStore.remove("reset-pending") != null) {
      env.resetEmulator();
    }
    String method = context.getRequiredTestMethod().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String name = ("e2e-" + method.substring(0, Math.min(40, method.length())) + "-"
        + UUID.randomUUID().toString().substring(0, 6));
    E2eEnvironment.get().client().namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    context.getStore(STORE).put("namespace", new TestNamespace(name));
  }

  /**
   * Leaves nothing behind, and fails the test when the operator did: the test's resources are deleted and
   * the operator gets a bounded time to finish; then EC2 itself (the emulator, not through any proxy) must hold
   * nothing owned by a resource of the test's namespace (resources retained on purpose carry no owner tag).
   * A resource whose finalizer is still there after that is a failure too; its finalizer is dropped only so
   * that later tests are not disturbed.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    TestNamespace ns = context.getStore(STORE).get("namespace", TestNamespace.class);
    if (ns == null) {
      return;
    }
    var client = E2eEnvironment.get().client();
    List<String> problems = new java.util.ArrayList<>(deleteAll(ns));
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata r : client.resources(kind).inNamespace(ns.name()).list().getItems()) {
        try {
          ConflictFreeEdit.edit(client.resources(kind).inNamespace(ns.name()).withName(r.getMetadata().getName()),
              latest -> {
                latest.getMetadata().setFinalizers(List.of());
                return latest;
              });
        } catch (KubernetesClientException e) {
          // already gone
        }
      }
    }
    try (DirectEc2 ec2 = new DirectEc2(E2eEnvironment.get())) {
      List<String> held = ec2.heldFor(ns.name());
      if (!held.isEmpty()) {
        problems.add("EC2 still holds, owned by resources of namespace " + ns.name() + ": " + String.join(", ", held));
        // terminated here so that later tests start clean; the failure stands
        for (String id : held.stream().map(h -> h.substring(0, h.indexOf(' '))).toList()) {
          try {
            if (id.startsWith("i-")) {
              ec2.sdk().terminateInstances(r -> r.instanceIds(id));
            } else if (id.startsWith("eipalloc-")) {
              ec2.sdk().releaseAddress(r -> r.allocationId(id));
            } else {
              ec2.sdk().deleteSecurityGroup(r -> r.groupId(id));
            }
          } catch (RuntimeException e) {
            // in use by an instance on its way out: the emulator is reset before the next class anyway
          }
        }
      }
    }
    if (!problems.isEmpty() && context.getExecutionException().isEmpty()) {
      throw new AssertionError("cleanup after " + context.getDisplayName() + ": " + String.join("; ", problems));
    }
  }

  /**
   * Deletes every resource of the test's namespace and waits (bounded) until the operator has finished; returns
   * what is still there. A test that stops its operator itself calls {@link #deleteAllAndAwait} before that.
   */
  private static List<String> deleteAll(TestNamespace ns) {
    var client = E2eEnvironment.get().client();
    for (Class<? extends HasMetadata> kind : KINDS) {
      client.resources(kind).inNamespace(ns.name()).withGracePeriod(0).delete();
    }
    List<String> left = new java.util.ArrayList<>();
    try {
      Awaitility.await("operator finishes deleting the test's resources").atMost(CLEANUP_PATIENCE)
          .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> KINDS.stream().allMatch(k -> client.resources(k).inNamespace(ns.name()).list().getItems()
              .isEmpty()));
    } catch (ConditionTimeoutException e) {
      KINDS.forEach(k -> client.resources(k).inNamespace(ns.name()).list().getItems().forEach(r ->
          left.add(r.getKind() + " " + r.getMetadata().getName() + " still has its finalizer after "
              + CLEANUP_PATIENCE.toSeconds() + " s")));
    }
    return left;
  }

  /** For a test that stops its own operator: deletes the test's resources while it still runs, and waits. */
  public static void deleteAllAndAwait(TestNamespace ns) {
    List<String> left = deleteAll(ns);
    if (!left.isEmpty()) {
      throw new AssertionError("deleting the test's resources: " + String.join("; ", left));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == E2eEnvironment.class || type == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    if (p.getParameter().getType() == E2eEnvironment.class) {
      return E2eEnvironment.get();
    }
    return e.getStore(STORE).get("namespace", TestNamespace.class);
  }
}

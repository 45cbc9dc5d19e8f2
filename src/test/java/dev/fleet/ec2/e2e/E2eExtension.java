package dev.fleet.ec2.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Locale;
import java.util.UUID;
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
public final class E2eExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(E2eExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(STORE).put("reset-pending", Boolean.TRUE);
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

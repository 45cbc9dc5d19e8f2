package dev.fleet.ec2.e2e;

import dev.fleet.ec2.OperatorRuntime;
import dev.fleet.ec2.cloud.Ec2Gateway;
import java.io.IOException;
import java.util.Map;

/** The operator, in this JVM, against the end-to-end environment; closed by the test class. */
public final class RunningOperator implements AutoCloseable {
  public static final String CLUSTER = "e2e";
  private final OperatorRuntime runtime;

  private RunningOperator(OperatorRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts with a 2 s poll interval so drift shows quickly. */
  public static RunningOperator start(E2eEnvironment env) throws IOException {
    return start(env, Map.of());
  }

  public static RunningOperator start(E2eEnvironment env, Map<String, String> overrides) throws IOException {
    return new RunningOperator(OperatorRuntime.start(env.operatorConfig(overrides), env.client()));
  }

  /** With instance schedules reading {@code scheduleClock}: the test moves it instead of waiting for hours. */
  public static RunningOperator start(E2eEnvironment env, Map<String, String> overrides, java.time.Clock scheduleClock)
      throws IOException {
    return new RunningOperator(OperatorRuntime.start(env.operatorConfig(overrides), env.client(), scheduleClock));
  }

  /** The operator's own (metered) gateway. */
  public Ec2Gateway ec2() {
    return runtime.ec2();
  }

  public int httpPort() {
    return runtime.httpPort();
  }

  /** What the operator's /metrics answers now (Prometheus text). */
  public String metrics() throws IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + httpPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() {
    runtime.close();
  }
}

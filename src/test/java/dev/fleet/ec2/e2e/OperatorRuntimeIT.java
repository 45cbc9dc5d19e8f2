package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.OperatorRuntime;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SecurityGroupSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator starts against the real API server and emulator and serves health, readiness and metrics. */
@ExtendWith(E2eExtension.class)
class OperatorRuntimeIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesHealthReadinessAndPrometheusMetrics(E2eEnvironment env, TestNamespace ns) throws Exception {
    try (var runtime = OperatorRuntime.start(env.operatorConfig(Map.of()), env.client())) {
      String base = "http://127.0.0.1:" + runtime.httpPort();
      assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
      Awaitility.await("ready").atMost(Duration.ofSeconds(30))
          .until(() -> get(base + "/readyz").statusCode() == 200);

      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      // the start-up EC2 check went through the metered gateway to the emulator
      assertThat(metrics.body())
          .contains("ec2fleet_ec2_call_seconds_count{action=\"DescribeVpcs\",outcome=\"ok\",scope=\"us-east-1\"} 1")
          .contains("jvm_memory_used_bytes");

      // controllers run: a SecurityGroup is created in EC2 and reported Ready
      var groups = env.client().resources(SecurityGroup.class).inNamespace(ns.name());
      var sg = new SecurityGroup();
      sg.setMetadata(new ObjectMetaBuilder().withName("web-sg").build());
      sg.setSpec(new SecurityGroupSpec());
      sg.getSpec().setDescription("web");
      groups.resource(sg).create();
      Awaitility.await("status written by the operator").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var status = groups.withName("web-sg").get().getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getGroupId()).startsWith("sg-");
        assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
            .contains("Ready=True", "Synced=True");
      });
      assertThat(get(base + "/metrics").body()).contains("controller=\"securitygroup\"");

      // and deletes it again while it runs (the test's cleanup checks EC2 holds nothing of it)
      groups.withName("web-sg").delete();
      Awaitility.await("group deleted").atMost(Duration.ofSeconds(30)).until(() -> groups.withName("web-sg").get() == null);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

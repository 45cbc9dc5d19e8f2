package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.OperatorRuntime;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
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
          .contains("ec2fleet_ec2_call_seconds_count{action=\"DescribeVpcs\",outcome=\"ok\"} 1")
          .contains("jvm_memory_used_bytes");

      // controllers run: a resource of a kind not managed yet says so in its status instead of staying silent
      var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
      var fleet = new SpotFleet();
      fleet.setMetadata(new ObjectMetaBuilder().withName("batch").build());
      fleet.setSpec(new SpotFleetSpec());
      fleet.getSpec().setTargetCapacity(1);
      var spec = new LaunchSpecification();
      spec.setImageId("ami-0ed094fb1304fd857");
      spec.setInstanceType("t3.micro");
      fleet.getSpec().setLaunchSpecifications(java.util.List.of(spec));
      fleets.resource(fleet).create();
      Awaitility.await("status written by the operator").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var status = fleets.withName("batch").get().getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + ":" + c.getReason())
            .containsExactly("Ready=False:ControllerNotImplemented", "Synced=False:ControllerNotImplemented");
      });
      assertThat(get(base + "/metrics").body()).contains("controller=\"spotfleet\"");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

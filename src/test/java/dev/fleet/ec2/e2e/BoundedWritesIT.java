package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the operator writes to the API server stays bounded: a reconcile that changes nothing writes no
 * status, and a resource failing again and again has one Event per reason, its count going up.
 */
@ExtendWith(E2eExtension.class)
class BoundedWritesIT {
  private static final int POLL_SECONDS = 2;
  private static final Pattern RECONCILES = Pattern.compile(
      "(?i)operator_sdk_reconciliations_started_total\\{[^}]*=\"ec2instance\"[^}]*} (\\S+)");
  /** The API server's own count of requests to the Ec2Instance status subresource (a no-op apply counts too). */
  private static final Pattern STATUS_REQUESTS = Pattern.compile(
      "(?m)^apiserver_request_total\\{(?=[^}]*resource=\"ec2instances\")(?=[^}]*subresource=\"status\")[^}]*} (\\S+)");

  @Test
  void aReconcileOfASteadyInstanceDoesNotRewriteItsStatus(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of("POLL_INTERVAL", POLL_SECONDS + "s"))) {
      instances.create(instance("web-1", "t3.micro", Map.of()));
      instances.awaitReady("web-1");
      // settled: no write for two poll intervals (the last pending-to-running report may still come)
      var last = new AtomicReference<String>("");
      Awaitility.await("status settled").during(Duration.ofSeconds(2L * POLL_SECONDS)).atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> last.getAndSet(resourceVersion(instances)).equals(last.get()));

      double before = reconciles(operator);
      double statusRequests = MetricsText.sum(env.client().raw("/metrics"), STATUS_REQUESTS);
      assertThat(statusRequests).as("status writes so far, as the API server counts them").isPositive();
      assertThat(before).as("reconciles counted, in %s", operator.metrics().lines()
          .filter(l -> l.startsWith("operator_sdk_reconciliations_started")).toList()).isPositive();
      // a label edit wakes the resource (metadata changes do), and its reconcile finds nothing to change
      String edited = ConflictFreeEdit.edit(instances.named("web-1"), i -> {
        var labels = new HashMap<String, String>(i.getMetadata().getLabels() == null ? Map.of()
            : i.getMetadata().getLabels());
        labels.put("touched", "yes");
        i.getMetadata().setLabels(labels);
        return i;
      }).getMetadata().getResourceVersion();
      Awaitility.await("the edit was reconciled").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> reconciles(operator) > before);

      // an apply of an unchanged status would not change the resourceVersion either: count the requests too
      Awaitility.await("no status write across poll intervals").during(Duration.ofSeconds(3L * POLL_SECONDS))
          .atMost(Duration.ofSeconds(3L * POLL_SECONDS + 10)).until(() -> resourceVersion(instances).equals(edited)
              && MetricsText.sum(env.client().raw("/metrics"), STATUS_REQUESTS) == statusRequests);
      assertThat(instances.get("web-1").getStatus().getConditions())
          .as("still reported as it was").anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
          });
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  @Test
  void aRepeatedFailureIsOneEventWhoseCountGoesUp(E2eEnvironment env, TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString()))) {
      // 12 refusals: four reconcile attempts' worth, each of which the SDK itself tries three times
      proxy.fail("RunInstances", 12, 503, "RequestLimitExceeded");
      instances.create(instance("web-1", "t3.micro", Map.of()));
      instances.await("web-1", "Synced=False RequestLimitExceeded",
          hasCondition("Synced", "False", "RequestLimitExceeded"));
      instances.awaitReady("web-1");

      List<Event> throttled = events(env, ns, "web-1").stream()
          .filter(e -> "RequestLimitExceeded".equals(e.getReason())).toList();
      assertThat(throttled).as("one Event for the reason, however often it happened").hasSize(1);
      assertThat(throttled.get(0).getCount()).as("its count: one per failed attempt").isBetween(2, 4);
      assertThat(throttled.get(0).getLastTimestamp()).isGreaterThan(throttled.get(0).getFirstTimestamp());
      assertThat(events(env, ns, "web-1")).as("no event twice (same type, reason and message)")
          .extracting(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).doesNotHaveDuplicates();
      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
    }
  }

  private static List<Event> events(E2eEnvironment env, TestNamespace ns, String name) {
    return env.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())
            && Ec2Instance.class.getSimpleName().equals(e.getInvolvedObject().getKind())).toList();
  }

  private static String resourceVersion(Ec2InstanceResources instances) {
    return instances.get("web-1").getMetadata().getResourceVersion();
  }

  private static double reconciles(RunningOperator operator) throws Exception {
    return MetricsText.sum(operator.metrics(), RECONCILES);
  }
}

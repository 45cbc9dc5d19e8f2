package dev.fleet.ec2.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes events on our resources, for every EC2 action and every error, so that
 * {@code kubectl describe} tells the story. A repeat of the same event on the same object patches the
 * Event already written (count and lastTimestamp) instead of creating another, and writes per object are
 * rate-limited (see {@link EventAggregator}). Failing to write an event never fails a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  public static final String COMPONENT = "ec2-fleet-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  /** Kubernetes' own convention for the events of cluster-scoped objects. */
  public static final String CLUSTER_SCOPED_EVENTS = "default";

  private final KubernetesClient client;
  private final Clock clock;
  private final EventAggregator aggregator = new EventAggregator();

  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  @Override
  public void forget(HasMetadata resource) {
    synchronized (aggregator) {
      aggregator.forget(resource.getMetadata().getUid());
    }
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    var key = new EventAggregator.Key(meta.getUid(), type, reason, text);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    EventAggregator.Decision decision;
    synchronized (aggregator) {
      decision = aggregator.observe(key, now);
    }
    switch (decision.action()) {
      case CREATE -> {
        log.info("{}/{}: {} {}: {}", meta.getNamespace(), meta.getName(), type, reason, message);
        create(resource, key, now, 1, now);
      }
      case PATCH -> {
        log.debug("{}/{}: {} {} (x{}): {}", meta.getNamespace(), meta.getName(), type, reason, decision.count(),
            message);
        patch(resource, key, decision, now);
      }
      case SKIP -> log.debug("{}/{}: {} {} (x{}, not written: rate-limited): {}", meta.getNamespace(), meta.getName(),
          type, reason, decision.count(), message);
    }
  }

  private void patch(HasMetadata resource, EventAggregator.Key key, EventAggregator.Decision decision, Instant now) {
    var meta = resource.getMetadata();
    String body = Serialization.asJson(Map.of("count", decision.count(), "lastTimestamp", now.toString()));
    try {
      client.v1().events().inNamespace(namespaceOf(meta)).withName(decision.eventName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) { // expired (the API server's event TTL): start again
        synchronized (aggregator) {
          aggregator.expired(key);
        }
        create(resource, key, now, decision.count(), decision.firstSeen());
      } else {
        log.warn("could not update event {} on {}/{}: {}", key.reason(), meta.getNamespace(), meta.getName(),
            e.getMessage());
      }
    }
  }

  /** Where an object's events go: its namespace, or, for a cluster-scoped one (an AwsAccount), "default". */
  static String namespaceOf(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return meta.getNamespace() == null ? CLUSTER_SCOPED_EVENTS : meta.getNamespace();
  }

  private void create(HasMetadata resource, EventAggregator.Key key, Instant now, int count, Instant firstSeen) {
    var meta = resource.getMetadata();
    var event = new EventBuilder()
        .withNewMetadata().withGenerateName(meta.getName() + ".").withNamespace(namespaceOf(meta)).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
            .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion()).build())
        .withType(key.type()).withReason(key.reason()).withMessage(key.message())
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(firstSeen.toString()).withLastTimestamp(now.toString()).withCount(count)
        .build();
    try {
      var created = client.v1().events().inNamespace(namespaceOf(meta)).resource(event).create();
      synchronized (aggregator) {
        aggregator.written(key, created.getMetadata().getName(), count, firstSeen, now);
      }
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} on {}/{}: {}", key.reason(), meta.getNamespace(), meta.getName(),
          e.getMessage());
    }
  }
}

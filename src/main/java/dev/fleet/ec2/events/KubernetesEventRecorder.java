package dev.fleet.ec2.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes events on our resources, for every EC2 action and every error, so that
 * {@code kubectl describe} tells the story. Failing to write an event never fails a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  public static final String COMPONENT = "ec2-fleet-operator";
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

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

  private void record(HasMetadata resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    log.info("{}/{}: {} {}: {}", meta.getNamespace(), meta.getName(), type, reason, message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata().withGenerateName(meta.getName() + ".").withNamespace(meta.getNamespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
            .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion()).build())
        .withType(type).withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} on {}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
    }
  }
}

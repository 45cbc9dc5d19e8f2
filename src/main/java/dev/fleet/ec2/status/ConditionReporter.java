package dev.fleet.ec2.status;

import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes condition changes visible: a Kubernetes event for each condition whose status changes, and
 * the gauge {@code ec2fleet_resources{kind, state}} (Ready, NotReady, Terminal) for dashboards and alerts.
 */
public final class ConditionReporter {
  private static final List<String> STATES = List.of("Ready", "NotReady", "Terminal");

  private final EventRecorder events;
  private final MeterRegistry registry;
  private final Map<String, Map<ResourceID, String>> census = new ConcurrentHashMap<>();

  public ConditionReporter(EventRecorder events, MeterRegistry registry) {
    this.events = events;
    this.registry = registry;
  }

  /**
   * Called with the conditions before and after a status write, and how the pass ended. The conditions that
   * changed make one event, named after the first of them ({@code ReadyChanged} when Ready changed): a launch
   * that makes an instance Ready and Synced at once is one event, not two. A condition born False is not
   * news, nor is a new resource's Ready=False while its first action is under way (that action has its own
   * event: Launched, Created); born Ready=False because it waits or failed is.
   */
  public void changed(HasMetadata resource, List<Condition> before, List<Condition> after, SyncOutcome outcome) {
    List<Condition> news = new ArrayList<>();
    for (Condition now : after) {
      Condition was = before == null ? null : before.stream().filter(c -> now.getType().equals(c.getType()))
          .findFirst().orElse(null);
      boolean born = was == null;
      if (born && "False".equals(now.getStatus())
          && (!Conditions.READY.equals(now.getType()) || outcome.kind() == SyncOutcome.Kind.PROGRESSING)) {
        continue;
      }
      if (born || !Objects.equals(was.getStatus(), now.getStatus())) {
        news.add(now);
      }
    }
    if (!news.isEmpty()) {
      String text = describe(news);
      if (news.stream().anyMatch(ConditionReporter::isBad)) {
        events.warning(resource, news.get(0).getType() + "Changed", text);
      } else {
        events.normal(resource, news.get(0).getType() + "Changed", text);
      }
    }
    census(resource.getKind()).put(ResourceID.fromResource(resource), state(after));
  }

  /** "Ready=True (Running): instance i-1 is running; Synced=True (Synced): EC2 matches the spec". */
  private static String describe(List<Condition> changed) {
    StringBuilder text = new StringBuilder();
    for (Condition c : changed) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(c.getType()).append('=').append(c.getStatus()).append(" (").append(c.getReason()).append(')');
      if (c.getMessage() != null && !c.getMessage().isEmpty()) {
        text.append(": ").append(c.getMessage());
      }
    }
    return text.toString();
  }

  /** Ready or Synced False, or Terminal True. */
  private static boolean isBad(Condition c) {
    return "True".equals(c.getStatus()) == Conditions.TERMINAL.equals(c.getType());
  }

  /**
   * The resource is gone (its finalizer's last pass): stop counting it, and drop its event bookkeeping, so
   * that nothing kept per resource outlives it.
   */
  public void forget(HasMetadata resource) {
    census(resource.getKind()).remove(ResourceID.fromResource(resource));
    events.forget(resource);
  }

  /** How many resources of {@code kind} are counted now. */
  int counted(String kind) {
    return census(kind).size();
  }

  private static String state(List<Condition> conditions) {
    if (conditions.stream().anyMatch(c -> Conditions.TERMINAL.equals(c.getType()) && "True".equals(c.getStatus()))) {
      return "Terminal";
    }
    return conditions.stream().anyMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()))
        ? "Ready" : "NotReady";
  }

  private Map<ResourceID, String> census(String kind) {
    return census.computeIfAbsent(kind, k -> {
      Map<ResourceID, String> byResource = new ConcurrentHashMap<>();
      for (String state : STATES) {
        Gauge.builder("ec2fleet.resources", byResource, m -> m.values().stream().filter(state::equals).count())
            .description("Managed resources by kind and state").tag("kind", k).tag("state", state).register(registry);
      }
      return byResource;
    });
  }
}

package dev.fleet.ec2.status;

import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

  /** Called with the conditions before and after a status write. */
  public void changed(HasMetadata resource, List<Condition> before, List<Condition> after) {
    for (Condition now : after) {
      Condition was = before == null ? null : before.stream().filter(c -> now.getType().equals(c.getType()))
          .findFirst().orElse(null);
      if (was == null && "False".equals(now.getStatus()) && !Conditions.READY.equals(now.getType())) {
        continue; // a condition born False (Terminal=False, ...) is not news
      }
      if (was == null || !Objects.equals(was.getStatus(), now.getStatus())) {
        String text = now.getType() + "=" + now.getStatus() + " (" + now.getReason() + ")"
            + (now.getMessage() == null || now.getMessage().isEmpty() ? "" : ": " + now.getMessage());
        if ("True".equals(now.getStatus()) == !Conditions.TERMINAL.equals(now.getType())) {
          events.normal(resource, now.getType() + "Changed", text);
        } else {
          events.warning(resource, now.getType() + "Changed", text);
        }
      }
    }
    census(resource.getKind()).put(ResourceID.fromResource(resource), state(after));
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

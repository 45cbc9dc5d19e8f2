package dev.fleet.ec2.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Ready / Synced / Terminal conditions every kind reports. Setting a condition keeps its
 * lastTransitionTime unless its status really changes, as Kubernetes conventions ask.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String SYNCED = "Synced";
  public static final String TERMINAL = "Terminal";

  private Conditions() {}

  /** A copy of {@code current} with condition {@code type} set; sorted by type for stable output. */
  public static List<Condition> set(List<Condition> current, String type, boolean status, String reason,
      String message, long generation, Instant now) {
    String value = status ? "True" : "False";
    Condition previous = current == null ? null
        : current.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = previous != null && value.equals(previous.getStatus())
        ? previous.getLastTransitionTime()
        : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next = new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
        .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(transition).build();
    List<Condition> result = new ArrayList<>();
    if (current != null) {
      current.stream().filter(c -> !type.equals(c.getType())).forEach(result::add);
    }
    result.add(next);
    result.sort(Comparator.comparing(Condition::getType));
    return result;
  }
}

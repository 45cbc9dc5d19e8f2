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

  /**
   * The three conditions after one pass. Ready is true only when the pass found EC2 in sync and
   * {@code readyReason} is given (the kind's own test of readiness); otherwise it carries the outcome.
   */
  public static List<Condition> report(List<Condition> previous, SyncOutcome outcome, String readyReason,
      String readyMessage, long generation, Instant now) {
    boolean inSync = outcome.kind() == SyncOutcome.Kind.IN_SYNC;
    var c = set(previous, SYNCED, inSync, outcome.reason(), outcome.message(), generation, now);
    c = inSync && readyReason != null
        ? set(c, READY, true, readyReason, readyMessage, generation, now)
        : set(c, READY, false, outcome.reason(), outcome.message(), generation, now);
    boolean terminal = outcome.kind() == SyncOutcome.Kind.TERMINAL;
    return set(c, TERMINAL, terminal, terminal ? outcome.reason() : "NoError", terminal ? outcome.message() : "",
        generation, now);
  }

  /** True when condition {@code type} is True for exactly this generation. */
  public static boolean isTrueFor(List<Condition> conditions, String type, long generation) {
    return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType())
        && "True".equals(c.getStatus()) && c.getObservedGeneration() != null && c.getObservedGeneration() == generation);
  }

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

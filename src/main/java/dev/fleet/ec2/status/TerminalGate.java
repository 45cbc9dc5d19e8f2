package dev.fleet.ec2.status;

import dev.fleet.ec2.access.AccessRules;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Whether a Terminal condition still stops a resource: until its spec changes (a new generation), or
 * until the user names an existing EC2 resource to adopt with an annotation (what the Terminal message
 * for a name collision suggests; annotations do not change the generation). A refusal that only the
 * operator's administrator can lift (its settings, not the spec) never blocks: it is checked again.
 */
public final class TerminalGate {
  private TerminalGate() {}

  public static boolean blocks(HasMetadata resource, List<Condition> conditions, String adoptAnnotation,
      String recordedId) {
    long generation = resource.getMetadata().getGeneration();
    if (!Conditions.isTrueFor(conditions, Conditions.TERMINAL, generation)
        || liftedByAdministrator(conditions)) {
      return false;
    }
    var annotations = resource.getMetadata().getAnnotations();
    String adopt = annotations == null || adoptAnnotation == null ? null : annotations.get(adoptAnnotation);
    boolean adoptionPending = adopt != null && !adopt.isBlank() && recordedId == null;
    return !adoptionPending;
  }

  /** True when the Terminal condition is one an administrator lifts (see {@link AccessRules}). */
  public static boolean liftedByAdministrator(List<Condition> conditions) {
    return conditions != null && conditions.stream().anyMatch(c -> Conditions.TERMINAL.equals(c.getType())
        && AccessRules.LIFTED_BY_ADMINISTRATOR.contains(c.getReason()));
  }

  /** What the user should do about a Terminal error: {@code specFix}, unless only an administrator can lift it. */
  public static String remedy(String errorCode, String specFix) {
    return AccessRules.LIFTED_BY_ADMINISTRATOR.contains(errorCode) ? "" : specFix;
  }
}

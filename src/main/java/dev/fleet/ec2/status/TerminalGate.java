package dev.fleet.ec2.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Whether a Terminal condition still stops a resource: until its spec changes (a new generation), or
 * until the user names an existing EC2 resource to adopt with an annotation (what the Terminal message
 * for a name collision suggests; annotations do not change the generation).
 */
public final class TerminalGate {
  private TerminalGate() {}

  public static boolean blocks(HasMetadata resource, List<Condition> conditions, String adoptAnnotation,
      String recordedId) {
    long generation = resource.getMetadata().getGeneration();
    if (!Conditions.isTrueFor(conditions, Conditions.TERMINAL, generation)) {
      return false;
    }
    var annotations = resource.getMetadata().getAnnotations();
    String adopt = annotations == null ? null : annotations.get(adoptAnnotation);
    boolean adoptionPending = adopt != null && !adopt.isBlank() && recordedId == null;
    return !adoptionPending;
  }
}

package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.access.AdoptionPolicy;
import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/**
 * What every kind's managementPolicy Observe shares: which EC2 resource to read (the one recorded, else the
 * adopt annotation's, with the administrator's opt-in), and how a reading is reported: {@code Synced} says
 * it was only observed, {@code InSync} says what differs from the spec.
 */
public final class Observation {
  /** Whether an observed resource matches its spec. */
  public static final String IN_SYNC = "InSync";

  private Observation() {}

  /**
   * The id to observe, recorded in {@code book} as observed only; throws Terminal when there is none or the
   * administrator does not allow it in the resource's namespace (adoption's setting).
   */
  public static String target(HasMetadata resource, ResourceStatus book, String recorded, String annotation,
      AdoptionPolicy policy, String what) {
    var annotations = resource.getMetadata().getAnnotations();
    String id = recorded != null ? recorded : annotations == null ? null : annotations.get(annotation);
    if (id == null || id.isBlank()) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Configuration", "NothingToObserve", "managementPolicy"
          + " Observe reads an existing " + what + ": name it with the annotation " + annotation, null);
    }
    policy.check(resource.getMetadata().getNamespace(), annotation, id.trim());
    book.setObserveOnly(true); // from here on status may name it: it is observed, never managed, until Manage
    return id.trim();
  }

  /**
   * Records one reading in {@code book}'s conditions and returns the pass's outcome.
   *
   * @param what "instance i-0abc", for the messages
   * @param found whether EC2 still has it (a gone one is reported, never replaced)
   * @param drift what differs from the spec, each as what EC2 has and what the spec says
   */
  public static SyncOutcome report(ResourceStatus book, String what, boolean found, List<String> drift,
      long generation, Instant now) {
    if (!found) {
      String message = "observed " + what + " is not in EC2 (or no longer runs); nothing is created in Observe";
      book.setConditions(Conditions.set(book.getConditions(), IN_SYNC, false, "NotFound", message, generation, now));
      return new SyncOutcome(SyncOutcome.Kind.ERROR, "NotFound", message);
    }
    book.setConditions(Conditions.set(book.getConditions(), IN_SYNC, drift.isEmpty(),
        drift.isEmpty() ? "InSync" : "Drifted", drift.isEmpty() ? "EC2 matches the spec"
            : "differs from the spec, not repaired (managementPolicy Observe): " + String.join("; ", drift),
        generation, now));
    return new SyncOutcome(SyncOutcome.Kind.IN_SYNC, "Observed", "observed " + what
        + ": read only, nothing is changed in EC2 (managementPolicy Observe)");
  }
}

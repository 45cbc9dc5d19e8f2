package dev.fleet.ec2.refs;

import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns references to SecurityGroup resources into EC2 group ids, from their status. A reference is
 * usable only once its group is Ready and has an id.
 */
public final class SecurityGroupRefs {
  public static final String WAITING_REASON = "WaitingForSecurityGroup";

  /** Either all ids, or why not yet. */
  public record Resolution(List<String> groupIds, String waitingFor) {
    public boolean isComplete() {
      return waitingFor == null;
    }
  }

  private SecurityGroupRefs() {}

  /** @param lookup finds a SecurityGroup by name in the referencing resource's namespace */
  public static Resolution resolve(List<LocalRef> refs, Function<String, Optional<SecurityGroup>> lookup) {
    return resolve(refs, lookup, null, null);
  }

  /**
   * The same, for a resource in {@code region}: a group in another region (its spec's, or {@code homeRegion})
   * cannot be attached there, and says so.
   */
  public static Resolution resolve(List<LocalRef> refs, Function<String, Optional<SecurityGroup>> lookup,
      String region, String homeRegion) {
    List<String> ids = new ArrayList<>();
    if (refs == null) {
      return new Resolution(ids, null);
    }
    for (LocalRef ref : refs) {
      Optional<SecurityGroup> sg = lookup.apply(ref.getName());
      if (sg.isEmpty()) {
        return new Resolution(List.of(), "SecurityGroup " + ref.getName() + " does not exist yet");
      }
      String groupRegion = regionOf(sg.get(), homeRegion);
      if (region != null && !region.equals(groupRegion)) {
        return new Resolution(List.of(), "SecurityGroup " + ref.getName() + " is in region " + groupRegion
            + ", not " + region + ": reference a group in the same region");
      }
      var status = sg.get().getStatus();
      boolean ready = status != null && status.getGroupId() != null && status.getConditions() != null
          && status.getConditions().stream().anyMatch(c -> Conditions.READY.equals(c.getType())
              && "True".equals(c.getStatus()));
      if (!ready) {
        return new Resolution(List.of(), "SecurityGroup " + ref.getName() + " is not Ready yet");
      }
      ids.add(status.getGroupId());
    }
    return new Resolution(ids, null);
  }

  /** The region a SecurityGroup lives in: its spec's, else the operator's ({@code homeRegion}). */
  public static String regionOf(SecurityGroup group, String homeRegion) {
    return group.getSpec().getRegion() != null ? group.getSpec().getRegion() : homeRegion;
  }

  /** True when {@code refs} names {@code name}. */
  public static boolean references(List<LocalRef> refs, String name) {
    return refs != null && refs.stream().anyMatch(r -> name.equals(r.getName()));
  }
}

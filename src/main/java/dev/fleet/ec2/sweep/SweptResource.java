package dev.fleet.ec2.sweep;

import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import java.util.Map;

/**
 * One EC2 resource as the sweep judges it: its id, whether it is an instance or a security group, its
 * tags, and whether it is already on its way out (an instance shutting down or terminated).
 */
public record SweptResource(String ec2Id, boolean instance, Map<String, String> tags, boolean gone) {
  public SweptResource {
    tags = Map.copyOf(tags);
  }

  public static SweptResource of(ObservedInstance i) {
    return new SweptResource(i.instanceId(), true, i.tags(), i.isGone());
  }

  public static SweptResource of(ObservedSecurityGroup g) {
    return new SweptResource(g.groupId(), false, g.tags(), false);
  }
}

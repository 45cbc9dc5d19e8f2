package dev.fleet.ec2.cloud;

import java.util.List;
import java.util.Map;

/** A security group as DescribeSecurityGroups reports it, rules flattened to one per source. */
public record ObservedSecurityGroup(String groupId, String groupName, String description, String vpcId,
    List<SgRule> ingress, List<SgRule> egress, Map<String, String> tags) {

  public ObservedSecurityGroup {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    tags = Map.copyOf(tags);
  }
}

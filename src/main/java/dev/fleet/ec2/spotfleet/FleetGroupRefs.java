package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SecurityGroups a fleet's launch specifications reference, from an informer's cache rather than an API
 * GET per reference per pass (at thousands of fleets, that was a steady load on the API server); a group
 * that changes (becomes Ready, gets its id) wakes the fleets that reference it.
 */
final class FleetGroupRefs {
  /** Group ids per launch specification, or why not yet. */
  record Resolved(List<List<String>> groupIds, String waitingFor) {}

  private InformerEventSource<SecurityGroup, SpotFleet> groups;

  InformerEventSource<SecurityGroup, SpotFleet> eventSource(EventSourceContext<SpotFleet> context) {
    groups = new InformerEventSource<>(InformerEventSourceConfiguration.from(SecurityGroup.class, SpotFleet.class)
        .withSecondaryToPrimaryMapper(sg -> context.getPrimaryCache().list(sg.getMetadata().getNamespace())
            .filter(f -> references(f, sg.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withNamespacesInheritedFromController()
        .build(), context);
    return groups;
  }

  static boolean references(SpotFleet fleet, String group) {
    return fleet.getSpec().getLaunchSpecifications().stream()
        .anyMatch(ls -> SecurityGroupRefs.references(ls.getSecurityGroupRefs(), group));
  }

  /** The group ids of every launch specification's references, all or none. */
  Resolved resolve(SpotFleet fleet) {
    String namespace = fleet.getMetadata().getNamespace();
    List<List<String>> ids = new ArrayList<>();
    for (LaunchSpecification ls : fleet.getSpec().getLaunchSpecifications()) {
      var refs = SecurityGroupRefs.resolve(ls.getSecurityGroupRefs(),
          name -> lookup(new ResourceID(name, namespace)));
      if (!refs.isComplete()) {
        return new Resolved(List.of(), refs.waitingFor());
      }
      ids.add(refs.groupIds());
    }
    return new Resolved(ids, null);
  }

  private Optional<SecurityGroup> lookup(ResourceID id) {
    return groups.get(id);
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.refs.KeyPairRefs;
import dev.fleet.ec2.refs.ReferenceInformer;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import dev.fleet.ec2.status.SyncOutcome;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The SecurityGroups and KeyPairs a fleet's launch specifications reference, from informers' caches rather than
 * an API GET per reference per pass (at thousands of fleets, that was a steady load on the API server); one that
 * changes (becomes Ready, gets its id) wakes the fleets that reference it.
 */
final class FleetRefs {
  /** Per launch specification its group ids and key name (null: none), or why not yet. */
  record Resolved(List<List<String>> groupIds, List<String> keyNames, SyncOutcome waiting) {}

  private InformerEventSource<SecurityGroup, SpotFleet> groups;
  private InformerEventSource<KeyPair, SpotFleet> keyPairs;

  List<EventSource<?, SpotFleet>> eventSources(EventSourceContext<SpotFleet> context) {
    groups = ReferenceInformer.of("security-groups", SecurityGroup.class, SpotFleet.class,
        (f, name) -> f.getSpec().getLaunchSpecifications().stream()
            .anyMatch(ls -> SecurityGroupRefs.references(ls.getSecurityGroupRefs(), name)), context);
    keyPairs = ReferenceInformer.of("key-pairs", KeyPair.class, SpotFleet.class,
        (f, name) -> f.getSpec().getLaunchSpecifications().stream()
            .anyMatch(ls -> KeyPairRefs.references(ls.getKeyPairRef(), name)), context);
    return List.of(groups, keyPairs);
  }

  /**
   * Every launch specification's references, all or none.
   *
   * @param region where the fleet launches; {@code account} the AwsAccount it acts in (null: the operator's)
   */
  Resolved resolve(SpotFleet fleet, String region, String homeRegion, String account) {
    String namespace = fleet.getMetadata().getNamespace();
    List<List<String>> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (LaunchSpecification ls : fleet.getSpec().getLaunchSpecifications()) {
      var refs = SecurityGroupRefs.resolve(ls.getSecurityGroupRefs(),
          name -> groups.get(new ResourceID(name, namespace)), region, homeRegion);
      if (!refs.isComplete()) {
        return new Resolved(List.of(), List.of(), new SyncOutcome(SyncOutcome.Kind.WAITING,
            SecurityGroupRefs.WAITING_REASON, refs.waitingFor()));
      }
      var key = KeyPairRefs.resolve(ls.getKeyName(), ls.getKeyPairRef(),
          name -> keyPairs.get(new ResourceID(name, namespace)), region, homeRegion, account);
      if (!key.isComplete()) {
        return new Resolved(List.of(), List.of(), new SyncOutcome(SyncOutcome.Kind.WAITING,
            KeyPairRefs.WAITING_REASON, key.waitingFor()));
      }
      ids.add(refs.groupIds());
      keys.add(key.keyName());
    }
    return new Resolved(ids, keys, null);
  }
}

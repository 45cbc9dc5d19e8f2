package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.refs.ElasticIpsOfInstances;
import dev.fleet.ec2.refs.KeyPairRefs;
import dev.fleet.ec2.refs.ReferenceInformer;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * The SecurityGroups and the KeyPair an instance references, and the ElasticIp that references it, from informers'
 * caches; one that changes (becomes Ready, gets its id, is associated) wakes the instances concerned.
 */
final class InstanceRefs {
  private InformerEventSource<SecurityGroup, Ec2Instance> groups;
  private InformerEventSource<KeyPair, Ec2Instance> keyPairs;
  private InformerEventSource<ElasticIp, Ec2Instance> elasticIps;

  List<EventSource<?, Ec2Instance>> eventSources(EventSourceContext<Ec2Instance> context) {
    groups = ReferenceInformer.of("security-groups", SecurityGroup.class, Ec2Instance.class,
        (i, name) -> SecurityGroupRefs.references(i.getSpec().getSecurityGroupRefs(), name), context);
    keyPairs = ReferenceInformer.of("key-pairs", KeyPair.class, Ec2Instance.class,
        (i, name) -> KeyPairRefs.references(i.getSpec().getKeyPairRef(), name), context);
    elasticIps = ElasticIpsOfInstances.informer(context); // an address associated or moved shows in status
    return List.of(groups, keyPairs, elasticIps);
  }

  /** The ElasticIp whose address is associated with {@code instanceId}, if any. */
  String elasticIpNamed(String namespace, String instanceId) {
    return ElasticIpsOfInstances.nameFor(elasticIps, namespace, instanceId);
  }

  /** The group ids of spec.securityGroupRefs, for an instance in {@code region} (null: not checked). */
  SecurityGroupRefs.Resolution groups(Ec2Instance resource, String region, String homeRegion) {
    String ns = resource.getMetadata().getNamespace();
    return SecurityGroupRefs.resolve(resource.getSpec().getSecurityGroupRefs(),
        name -> groups.get(new ResourceID(name, ns)), region, homeRegion);
  }

  /** The key name to launch with: spec.keyName, or what spec.keyPairRef resolves to in that region and account. */
  KeyPairRefs.Resolution key(Ec2Instance resource, String region, String homeRegion, String account) {
    String ns = resource.getMetadata().getNamespace();
    return KeyPairRefs.resolve(resource.getSpec().getKeyName(), resource.getSpec().getKeyPairRef(),
        name -> keyPairs.get(new ResourceID(name, ns)), region, homeRegion, account);
  }
}

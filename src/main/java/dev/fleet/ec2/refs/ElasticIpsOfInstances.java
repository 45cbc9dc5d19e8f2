package dev.fleet.ec2.refs;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;

/**
 * The other way round from {@link InstanceRefs}: which ElasticIp's address an Ec2Instance has, for its status. An
 * ElasticIp that changes (associated, moved) wakes the Ec2Instance its spec names.
 */
public final class ElasticIpsOfInstances {
  private ElasticIpsOfInstances() {}

  public static InformerEventSource<ElasticIp, Ec2Instance> informer(EventSourceContext<Ec2Instance> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(ElasticIp.class, Ec2Instance.class)
        .withName("elastic-ips")
        .withSecondaryToPrimaryMapper(e -> e.getSpec() == null || e.getSpec().getInstanceRef() == null ? Set.of()
            : Set.of(new ResourceID(e.getSpec().getInstanceRef().getName(), e.getMetadata().getNamespace())))
        .withNamespacesInheritedFromController()
        .build(), context);
  }

  /** The ElasticIp (in {@code namespace}) whose address the operator associated with {@code instanceId}, or null. */
  public static String nameFor(InformerEventSource<ElasticIp, Ec2Instance> elasticIps, String namespace,
      String instanceId) {
    if (elasticIps == null || instanceId == null) {
      return null;
    }
    return elasticIps.list(namespace, e -> e.getStatus() != null && e.getStatus().getAssociationId() != null
        && instanceId.equals(e.getStatus().getInstanceId())).map(e -> e.getMetadata().getName()).sorted()
        .findFirst().orElse(null);
  }
}

package dev.fleet.ec2.refs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * An informer of a referenced kind (SecurityGroup, KeyPair) for a referencing one: lookups come from its cache,
 * not an API GET per reference per pass, and a referenced resource that changes (becomes Ready, gets its id)
 * wakes every resource of its namespace that references it by name.
 */
public final class ReferenceInformer {
  private ReferenceInformer() {}

  /** @param references whether a referencing resource names a referenced one (by that one's name) */
  public static <S extends HasMetadata, P extends HasMetadata> InformerEventSource<S, P> of(String name,
      Class<S> referenced, Class<P> referencing, BiPredicate<P, String> references, EventSourceContext<P> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(referenced, referencing)
        .withName(name)
        .withSecondaryToPrimaryMapper(s -> context.getPrimaryCache().list(s.getMetadata().getNamespace())
            .filter(p -> references.test(p, s.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withNamespacesInheritedFromController()
        .build(), context);
  }
}

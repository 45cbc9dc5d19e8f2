package dev.fleet.ec2.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;

/**
 * Writes a resource's whole status with server-side apply under the controller's field manager, and
 * caches the result so the next reconcile sees it. Used both for the final status of a pass and for
 * write-ahead records made before a non-idempotent EC2 call.
 *
 * <p>A status equal to the one the API server holds is not written: every reconcile reports, and at
 * thousands of resources the unchanged writes (each a new resourceVersion, an etcd write and a watch
 * event to every client) would be most of the operator's API traffic. Equal means equal as JSON, so any
 * field that differs (observedGeneration, a new client token in a write-ahead record) is written; the
 * mappers keep an unchanged condition's lastTransitionTime, so a steady resource compares equal.
 */
public final class StatusWriter {

  private StatusWriter() {}

  @SuppressWarnings("unchecked")
  public static <S, T, R extends CustomResource<S, T>> R write(R resource, T status, Context<R> context) {
    // The reconciler works on a copy of the cached resource and edits its status as bookkeeping, so the
    // comparison is with the cache (the informer's view, or what the last write here returned), not with it.
    T current = context.getPrimaryCache().get(ResourceID.fromResource(resource)).map(CustomResource::getStatus)
        .orElse(null);
    if (sameStatus(current, status)) {
      resource.setStatus(status);
      return resource;
    }
    R fresh;
    try {
      fresh = (R) resource.getClass().getDeclaredConstructor().newInstance();
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
      throw new IllegalStateException("cannot instantiate " + resource.getClass(), e);
    }
    fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace()).build());
    fresh.setStatus(status);
    R written = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, fresh, context);
    resource.setStatus(status);
    // a second write in the same pass must not conflict with the first
    resource.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    return written;
  }

  /** True when both serialize to the same JSON (absent fields and nulls alike, as the API server stores them). */
  static boolean sameStatus(Object current, Object next) {
    if (current == null || next == null) {
      return current == next;
    }
    var mapper = Serialization.jsonMapper();
    return Objects.equals(mapper.valueToTree(current), mapper.valueToTree(next));
  }
}

package dev.fleet.ec2.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.lang.reflect.InvocationTargetException;

/**
 * Writes a resource's whole status with server-side apply under the controller's field manager, and
 * caches the result so the next reconcile sees it. Used both for the final status of a pass and for
 * write-ahead records made before a non-idempotent EC2 call.
 */
public final class StatusWriter {

  private StatusWriter() {}

  @SuppressWarnings("unchecked")
  public static <S, T, R extends CustomResource<S, T>> R write(R resource, T status, Context<R> context) {
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
}

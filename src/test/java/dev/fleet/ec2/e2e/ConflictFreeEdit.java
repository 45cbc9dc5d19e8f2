package dev.fleet.ec2.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;

/**
 * Test edits of resources the operator writes too. Fabric8's edit reads the resource and patches it with
 * the resourceVersion it read, so an operator write in between answers 409; the change is then applied
 * again to the latest version (changes in tests only set fields, so applying one twice is harmless).
 */
public final class ConflictFreeEdit {
  private static final int ATTEMPTS = 20;

  private ConflictFreeEdit() {}

  public static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    return retryOnConflict(() -> resource.edit(change));
  }

  public static <T extends HasMetadata> T editStatus(Resource<T> resource, UnaryOperator<T> change) {
    return retryOnConflict(() -> resource.editStatus(change));
  }

  private static <T> T retryOnConflict(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}

package dev.fleet.ec2;

import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer's store that keeps each resource without its {@code metadata.managedFields}. The operator
 * never reads them, and they are most of a cached custom resource: four server-side-apply managers per
 * Ec2Instance, each a tree of nested maps; at 5,000 resources the live heap went from 84 to 60 MiB without them.
 */
final class ManagedFieldsDroppingStore<R extends HasMetadata> implements ItemStore<R> {
  private final BasicItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  /**
   * JOSDK hands a controller's one store to each of its informers, one per watched namespace, and an
   * informer's relist drops whatever its list did not return, the other namespaces' resources included: so
   * only a controller with a single informer (all namespaces, or one) may have it.
   */
  static boolean fitsOneInformer(OperatorConfig config) {
    return config.watchesAllNamespaces() || config.watchNamespaces().size() == 1;
  }

  @Override
  public String getKey(R resource) {
    return store.getKey(resource);
  }

  @Override
  public R put(String key, R resource) {
    if (resource.getMetadata() != null) {
      resource.getMetadata().setManagedFields(null); // the informer's own copy, fresh from the API server
    }
    return store.put(key, resource);
  }

  @Override
  public R remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<R> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }
}

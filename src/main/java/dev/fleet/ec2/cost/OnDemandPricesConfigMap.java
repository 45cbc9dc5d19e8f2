package dev.fleet.ec2.cost;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConfigMap of on-demand prices ({@code --on-demand-prices-configmap}) in the operator's namespace: every key
 * holds lines of the shipped table's CSV. Read at start, read again whenever it changes; gone, its prices go.
 * Watched by name only, so the operator needs no access to other ConfigMaps.
 */
public final class OnDemandPricesConfigMap implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OnDemandPricesConfigMap.class);

  private final SharedIndexInformer<ConfigMap> informer;

  private OnDemandPricesConfigMap(SharedIndexInformer<ConfigMap> informer) {
    this.informer = informer;
  }

  /** Follows the ConfigMap into {@code prices}; returns once its current content (or absence) is known. */
  public static OnDemandPricesConfigMap follow(KubernetesClient kube, String namespace, String name,
      OnDemandPrices prices) {
    String where = namespace + "/" + name;
    ResourceEventHandler<ConfigMap> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap map) {
        load(map);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap map) {
        load(map);
      }

      @Override
      public void onDelete(ConfigMap map, boolean unknownFinalState) {
        prices.useConfigMap(where, OnDemandPrices.Table.EMPTY);
        log.warn("on-demand price ConfigMap {} deleted: using the shipped table", where);
      }

      private void load(ConfigMap map) {
        StringBuilder csv = new StringBuilder();
        new TreeMap<>(map.getData() == null ? java.util.Map.<String, String>of() : map.getData())
            .values().forEach(v -> csv.append(v).append('\n'));
        var table = OnDemandPrices.parse(csv.toString(),
            line -> log.warn("on-demand price ConfigMap {}: ignoring the line '{}' (expected region,type,usdPerHour)",
                where, line));
        prices.useConfigMap(where, table);
        log.info("on-demand price ConfigMap {}: {} prices", where, table.byRegionAndType().size());
      }
    };
    try {
      return new OnDemandPricesConfigMap(kube.configMaps().inNamespace(namespace).withName(name).inform(handler));
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot watch the on-demand price ConfigMap " + where
          + " (--on-demand-prices-configmap): " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}

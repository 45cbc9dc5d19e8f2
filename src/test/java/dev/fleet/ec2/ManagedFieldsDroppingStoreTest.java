package dev.fleet.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedFieldsDroppingStoreTest {
  private final ManagedFieldsDroppingStore<Ec2Instance> store = new ManagedFieldsDroppingStore<>();

  @Test
  void keepsEachResourceUnderTheInformersKeyWithoutItsManagedFields() {
    var r = new Ec2Instance();
    r.setMetadata(new ObjectMetaBuilder().withName("web-1").withNamespace("demo").withResourceVersion("7")
        .withAnnotations(Map.of("a", "b"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply").build())
        .build());

    store.put(store.getKey(r), r);

    assertThat(store.getKey(r)).isEqualTo(Cache.metaNamespaceKeyFunc(r));
    Ec2Instance kept = store.get("demo/web-1");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations()).containsEntry("a", "b");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void onlyAControllerWithOneInformerGetsIt() {
    assertThat(ManagedFieldsDroppingStore.fitsOneInformer(config(Map.of()))).isTrue();
    assertThat(ManagedFieldsDroppingStore.fitsOneInformer(config(Map.of("WATCH_NAMESPACES", "team-a")))).isTrue();
    assertThat(ManagedFieldsDroppingStore.fitsOneInformer(config(Map.of("WATCH_NAMESPACES", "team-a,team-b"))))
        .as("one informer per namespace, all sharing the store: a relist of one would drop the others").isFalse();
  }

  private static OperatorConfig config(Map<String, String> env) {
    var all = new java.util.HashMap<>(env);
    all.put("AWS_REGION", "us-east-1");
    return OperatorConfig.load(all, new String[0]);
  }
}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Making and watching Ec2Instance resources in one test namespace. */
public final class Ec2InstanceResources {
  /** An AMI the emulator knows (Amazon Linux 2023, x86_64). */
  public static final String AMI = "ami-0ed094fb1304fd857";
  static final Duration PATIENCE = Duration.ofSeconds(45);

  private final MixedOperation<Ec2Instance, KubernetesResourceList<Ec2Instance>, Resource<Ec2Instance>> api;
  private final String namespace;

  public Ec2InstanceResources(E2eEnvironment env, TestNamespace ns) {
    this.api = env.client().resources(Ec2Instance.class);
    this.namespace = ns.name();
  }

  public static Ec2Instance instance(String name, String type, Map<String, String> tags) {
    var i = new Ec2Instance();
    i.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new Ec2InstanceSpec();
    spec.setImageId(AMI);
    spec.setInstanceType(type);
    spec.setTags(tags);
    i.setSpec(spec);
    return i;
  }

  public Ec2Instance create(Ec2Instance i) {
    return api.inNamespace(namespace).resource(i).create();
  }

  public Ec2Instance get(String name) {
    return api.inNamespace(namespace).withName(name).get();
  }

  public Resource<Ec2Instance> named(String name) {
    return api.inNamespace(namespace).withName(name);
  }

  public Ec2Instance edit(String name, java.util.function.UnaryOperator<Ec2Instance> change) {
    return ConflictFreeEdit.edit(named(name), change);
  }

  /** Deletes the resources and waits until they are gone (their operator must still run: it removes the finalizer). */
  public void deleteAndAwaitGone(String... names) {
    for (String name : names) {
      named(name).delete();
    }
    org.awaitility.Awaitility.await("deleted: " + String.join(", ", names)).atMost(PATIENCE)
        .until(() -> java.util.Arrays.stream(names).allMatch(n -> get(n) == null));
  }

  public static Optional<Condition> condition(Ec2Instance i, String type) {
    return i.getStatus() == null || i.getStatus().getConditions() == null ? Optional.empty()
        : i.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Waits until the resource satisfies {@code check}, and returns it. */
  public Ec2Instance await(String name, String what, Predicate<Ec2Instance> check) {
    Awaitility.await(name + ": " + what).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          Ec2Instance i = get(name);
          return i != null && check.test(i);
        });
    return get(name);
  }

  /** Ready=True for the current generation. */
  public Ec2Instance awaitReady(String name) {
    Ec2Instance ready = await(name, "Ready", i -> condition(i, "Ready").filter(c -> "True".equals(c.getStatus())
        && i.getMetadata().getGeneration().equals(c.getObservedGeneration())).isPresent());
    assertThat(ready.getStatus().getInstanceId()).startsWith("i-");
    return ready;
  }

  public static Predicate<Ec2Instance> hasCondition(String type, String status, String reason) {
    return i -> condition(i, type).filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .isPresent();
  }
}

package dev.fleet.ec2.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.instance.InstanceStatusMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusWriterTest {
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

  /** Thrown by the fake context when the writer goes on to patch: the write was attempted. */
  static final class Patched extends RuntimeException {
    Patched(String method) {
      super(method);
    }
  }

  private static ObservedInstance running() {
    return new ObservedInstance("i-0123456789abcdef0", "ami-1", "t3.micro", ObservedInstance.RUNNING, "subnet-a",
        "vpc-a", "us-east-1a", "10.0.0.1", null, null, T0, null, null, Set.of(), Map.of(), null);
  }

  private static Ec2InstanceStatus pass(Ec2InstanceStatus book, long generation, Instant now) {
    return InstanceStatusMapper.map(book, generation, running(), PowerState.running, SyncOutcome.inSync(), null, now);
  }

  /** The resource as the API server (and so the cache) holds it: a JSON round trip of what was written. */
  private static Ec2Instance cached(Ec2InstanceStatus status) {
    var r = new Ec2Instance();
    r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("ns").withResourceVersion("7").build());
    r.setStatus(status);
    return Serialization.unmarshal(Serialization.asJson(r), Ec2Instance.class);
  }

  @SuppressWarnings("unchecked")
  private static Context<Ec2Instance> contextCaching(Ec2Instance cached) {
    IndexedResourceCache<Ec2Instance> cache = (IndexedResourceCache<Ec2Instance>) Proxy.newProxyInstance(
        getClass(IndexedResourceCache.class), new Class<?>[] {IndexedResourceCache.class}, (p, m, a) -> {
          if (m.getName().equals("get")) {
            return Optional.of(cached);
          }
          throw new Patched(m.getName());
        });
    return (Context<Ec2Instance>) Proxy.newProxyInstance(getClass(Context.class), new Class<?>[] {Context.class},
        (p, m, a) -> {
          if (m.getName().equals("getPrimaryCache")) {
            return cache;
          }
          throw new Patched(m.getName()); // anything else is the way to a patch
        });
  }

  private static ClassLoader getClass(Class<?> c) {
    return c.getClassLoader();
  }

  @Test
  void anUnchangedStatusIsNotWrittenEvenMinutesLater() {
    var first = pass(new Ec2InstanceStatus(), 3, T0);
    var again = pass(cached(first).getStatus(), 3, T0.plusSeconds(600));
    var resource = cached(first);

    assertThat(StatusWriter.sameStatus(cached(first).getStatus(), again))
        .as("an unchanged condition keeps its lastTransitionTime, so the status compares equal").isTrue();
    StatusWriter.write(resource, again, contextCaching(cached(first))); // throws Patched if it writes
    assertThat(resource.getStatus()).isSameAs(again);
    assertThat(resource.getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void aNewGenerationAloneIsWritten() {
    var first = pass(new Ec2InstanceStatus(), 3, T0);
    var nextGeneration = pass(cached(first).getStatus(), 4, T0.plusSeconds(5));

    assertThat(StatusWriter.sameStatus(cached(first).getStatus(), nextGeneration)).isFalse();
    assertThatThrownBy(() -> StatusWriter.write(cached(first), nextGeneration, contextCaching(cached(first))))
        .isInstanceOf(Patched.class);
  }

  @Test
  void aWriteAheadRecordIsWrittenThoughTheReconcilerAlreadyPutItInItsCopy() {
    var first = pass(new Ec2InstanceStatus(), 3, T0);
    var resource = cached(first);
    // the reconciler keeps its bookkeeping in the status of its own copy of the resource
    resource.getStatus().setClientToken("new-token");
    var writeAhead = pass(resource.getStatus(), 3, T0.plusSeconds(1));

    assertThat(StatusWriter.sameStatus(resource.getStatus(), writeAhead)).as("equal to the edited copy").isTrue();
    assertThatThrownBy(() -> StatusWriter.write(resource, writeAhead, contextCaching(cached(first))))
        .as("but not to what the API server holds").isInstanceOf(Patched.class);
  }

  @Test
  void aConditionThatFlipsIsWritten() {
    var first = pass(new Ec2InstanceStatus(), 3, T0);
    var failing = InstanceStatusMapper.map(cached(first).getStatus(), 3, running(), PowerState.running,
        new SyncOutcome(SyncOutcome.Kind.ERROR, "RequestLimitExceeded", "throttled"), null, T0.plusSeconds(9));
    assertThat(StatusWriter.sameStatus(cached(first).getStatus(), failing)).isFalse();
    assertThat(StatusWriter.sameStatus(null, failing)).isFalse();
  }
}

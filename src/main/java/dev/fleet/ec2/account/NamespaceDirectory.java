package dev.fleet.ec2.account;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespaces' labels and annotations (an AwsAccount's label selector, a namespace's default account), read
 * with a GET and kept for {@link #TTL}: thousands of resources in a namespace cost one read per TTL.
 */
public class NamespaceDirectory {
  static final Duration TTL = Duration.ofSeconds(30);

  /** What is read of a namespace; empty maps when it has none (or is gone). */
  public record Facts(Map<String, String> labels, Map<String, String> annotations) {}

  private record Entry(Facts facts, Instant readAt) {}

  private final KubernetesClient kube;
  private final Clock clock;
  private final Map<String, Entry> read = new ConcurrentHashMap<>();

  public NamespaceDirectory(KubernetesClient kube, Clock clock) {
    this.kube = kube;
    this.clock = clock;
  }

  public Facts of(String namespace) {
    Instant now = clock.instant();
    Entry e = read.get(namespace);
    if (e == null || e.readAt().plus(TTL).isBefore(now)) {
      e = new Entry(load(namespace), now);
      read.put(namespace, e);
    }
    return e.facts();
  }

  protected Facts load(String namespace) {
    Namespace ns = kube.namespaces().withName(namespace).get();
    if (ns == null || ns.getMetadata() == null) {
      return new Facts(Map.of(), Map.of());
    }
    return new Facts(orEmpty(ns.getMetadata().getLabels()), orEmpty(ns.getMetadata().getAnnotations()));
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}

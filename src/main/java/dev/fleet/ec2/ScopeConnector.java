package dev.fleet.ec2;

import dev.fleet.ec2.account.AccountResolver;
import dev.fleet.ec2.cloud.BatchingEc2Gateway;
import dev.fleet.ec2.cloud.CachingEc2Gateway;
import dev.fleet.ec2.cloud.QuotaExplainingEc2Gateway;
import dev.fleet.ec2.cloud.RateLimitedEc2Gateway;
import dev.fleet.ec2.cloud.VcpuQuotaReader;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.cloud.aws.AwsEc2Gateway;
import dev.fleet.ec2.cloud.aws.SqsInterruptionQueue;
import dev.fleet.ec2.config.OperatorConfig;
import dev.fleet.ec2.metrics.MeteredEc2Gateway;
import dev.fleet.ec2.scope.Ec2Connector;
import dev.fleet.ec2.scope.ScopeKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Opens the SDK clients and the gateway stack of each (account, region) scope. */
final class ScopeConnector implements Ec2Connector {
  private final OperatorConfig config;
  private final AwsClients home;
  private final Function<String, Optional<Map<String, String>>> secrets;
  private final MeterRegistry registry;

  /**
   * @param home the operator's own clients in its region, shared with the rest of the operator
   * @param secrets a Secret's data by name in the operator's namespace (an AwsAccount's static keys)
   */
  ScopeConnector(OperatorConfig config, AwsClients home, Function<String, Optional<Map<String, String>>> secrets,
      MeterRegistry registry) {
    this.config = config;
    this.home = home;
    this.secrets = secrets;
    this.registry = registry;
  }

  /**
   * One gateway per (account, region) in use, for all controllers. Top down: quota explainer (names the vCPU
   * quota a refused launch hit), cache (no call at all), batcher (one call for many ids), rate limit (EC2's
   * buckets are per account and region, so are ours; a batch costs one token), meter (so it counts the calls
   * that really reach EC2). The quota explainer reads vCPU use through the cache and Service Quotas through
   * the meter.
   */
  @Override
  public Ec2Connector.Connection connect(ScopeKey key) {
    AwsClients clients = key.equals(ScopeKey.own(config.region())) ? home
        : new AwsClients(config, key.region(), AccountResolver.keys(key.access(), secrets));
    var metered = new MeteredEc2Gateway(new AwsEc2Gateway(clients.ec2()), registry, key.toString());
    var batching = new BatchingEc2Gateway(new RateLimitedEc2Gateway(metered, config.ec2Limits(),
        MeteredEc2Gateway.waits(registry)), java.time.Duration.ofMillis(config.ec2BatchWindowMillis()),
        BatchingEc2Gateway.MAX_WINDOW);
    var cached = new CachingEc2Gateway(batching);
    var gateway = new QuotaExplainingEc2Gateway(cached, key.region(), new VcpuQuotaReader(cached,
        metered.meter(clients.serviceQuotas())));
    return new Ec2Connector.Connection(gateway, () -> {
      batching.close(); // sends waiting batches out before the client goes
      if (clients != home) {
        clients.close();
      }
    }, url -> new SqsInterruptionQueue(clients.sqs(), url), metered.meter(clients.parameters()));
  }

  /** A Secret's data, decoded, in the operator's own namespace (an AwsAccount's static keys). */
  static Optional<Map<String, String>> secret(KubernetesClient kube, String namespace, String name) {
    Secret secret = kube.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    Map<String, String> decoded = new java.util.HashMap<>();
    secret.getData().forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v),
        java.nio.charset.StandardCharsets.UTF_8).trim()));
    return Optional.of(decoded);
  }
}

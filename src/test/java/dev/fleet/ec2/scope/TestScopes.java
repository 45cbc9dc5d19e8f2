package dev.fleet.ec2.scope;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.InterruptionQueue;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.Polls;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/** Scopes for unit tests: each (account, region) served by a gateway the test gives; polls run only when asked. */
public final class TestScopes {
  private TestScopes() {}

  /** Not started: nothing polls until {@link #pollOnce}; a poll interval of 30 s. */
  public static Ec2Scopes over(Function<ScopeKey, Ec2Gateway> gateways, String cluster, String homeRegion,
      Clock clock) {
    return over(gateways, cluster, homeRegion, clock, account -> { });
  }

  /** The same, telling {@code credentialsFailed} of each account whose poll EC2 refuses for its credentials. */
  public static Ec2Scopes over(Function<ScopeKey, Ec2Gateway> gateways, String cluster, String homeRegion,
      Clock clock, Consumer<String> credentialsFailed) {
    return new Ec2Scopes(key -> new Ec2Connector.Connection(gateways.apply(key), () -> { }),
        settings(cluster, clock, credentialsFailed), ScopeKey.own(homeRegion));
  }

  /** As {@link #over}, each scope reaching queues through {@code queues} (scope, URL), telling {@code listener}. */
  public static Ec2Scopes over(Function<ScopeKey, Ec2Gateway> gateways,
      BiFunction<ScopeKey, String, InterruptionQueue> queues, String cluster, String homeRegion, Clock clock,
      Ec2Scopes.Listener listener) {
    return new Ec2Scopes(key -> new Ec2Connector.Connection(gateways.apply(key), () -> { },
        url -> queues.apply(key, url)), settings(cluster, clock, account -> { }), ScopeKey.own(homeRegion), listener);
  }

  private static Ec2Scopes.Settings settings(String cluster, Clock clock, Consumer<String> credentialsFailed) {
    return new Ec2Scopes.Settings(cluster, Duration.ofSeconds(30), clock, () -> true, new InventoryEvents<>("i"),
        new InventoryEvents<>("f"), new InventoryEvents<>("g"), new InventoryEvents<>("k"), new InventoryEvents<>("a"),
        credentialsFailed);
  }

  /** One poll of the scope's instances and one of its groups, on the calling thread. */
  public static void pollOnce(Ec2Scope scope) {
    Polls.pollOnce(scope.instancePoll());
    Polls.pollOnce(scope.groupPoll());
  }
}

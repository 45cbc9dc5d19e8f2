package dev.fleet.ec2.scope;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.Polls;
import java.time.Clock;
import java.time.Duration;
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
        new Ec2Scopes.Settings(cluster, Duration.ofSeconds(30), clock, () -> true, new InventoryEvents<>("i"),
            new InventoryEvents<>("f"), new InventoryEvents<>("g"), credentialsFailed), ScopeKey.own(homeRegion));
  }

  /** One poll of the scope's instances and one of its groups, on the calling thread. */
  public static void pollOnce(Ec2Scope scope) {
    Polls.pollOnce(scope.instancePoll());
    Polls.pollOnce(scope.groupPoll());
  }
}

package dev.fleet.ec2.scope;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.InterruptionQueue;
import dev.fleet.ec2.cloud.ParameterStore;
import java.util.function.Function;

/** Opens the EC2 gateway for one scope: the SDK clients for its account and region, batched, limited, metered. */
@FunctionalInterface
public interface Ec2Connector {
  Connection connect(ScopeKey key);

  /**
   * A scope's gateway, how to reach an interruption queue (by its URL) with the same credentials and region,
   * its Systems Manager parameters, and how to release what it holds (clients, batcher threads) when the scope goes.
   */
  record Connection(Ec2Gateway gateway, AutoCloseable resources, Function<String, InterruptionQueue> queues,
      ParameterStore parameters) {
    /** A scope that reads no parameter (tests). */
    public Connection(Ec2Gateway gateway, AutoCloseable resources, Function<String, InterruptionQueue> queues) {
      this(gateway, resources, queues, name -> {
        throw new UnsupportedOperationException("no parameter store here: " + name);
      });
    }

    /** A scope that reads no queue and no parameter (tests). */
    public Connection(Ec2Gateway gateway, AutoCloseable resources) {
      this(gateway, resources, url -> {
        throw new UnsupportedOperationException("no interruption queue here: " + url);
      });
    }
  }
}

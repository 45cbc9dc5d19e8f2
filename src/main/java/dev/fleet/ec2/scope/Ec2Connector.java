package dev.fleet.ec2.scope;

import dev.fleet.ec2.cloud.Ec2Gateway;

/** Opens the EC2 gateway for one scope: the SDK clients for its account and region, batched, limited, metered. */
@FunctionalInterface
public interface Ec2Connector {
  Connection connect(ScopeKey key);

  /** A scope's gateway, and how to release what it holds (clients, batcher threads) when the scope goes. */
  record Connection(Ec2Gateway gateway, AutoCloseable resources) {}
}

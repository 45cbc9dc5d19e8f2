package dev.fleet.ec2.scope;

import dev.fleet.ec2.observe.Ec2Poll;
import dev.fleet.ec2.observe.OwnedInventory;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An inventory of a kind few scopes use (key pairs, addresses): its poll starts the first time a resource of
 * the kind asks for it and pauses when the last such resource in the scope is gone, so a scope without any
 * never describes them.
 */
final class OnDemandInventory<R, P extends HasMetadata> {
  private final Ec2Poll<R> poll;
  private final OwnedInventory<R, P> inventory;
  private boolean started;
  private boolean wanted;

  OnDemandInventory(Ec2Poll<R> poll, OwnedInventory<R, P> inventory) {
    this.poll = poll;
    this.inventory = inventory;
  }

  /** The scope's polls start: this one too, if it was asked for already. */
  synchronized void start() {
    started = true;
    if (wanted) {
      inventory.start();
    }
  }

  /** The inventory, its poll started now if this is the first ask and the scope polls already. */
  synchronized OwnedInventory<R, P> get() {
    if (!wanted) {
      wanted = true;
      if (started) {
        inventory.start();
      }
    }
    return inventory;
  }

  /** Whether its poll runs now. */
  synchronized boolean polling() {
    return wanted && started;
  }

  /** No resource of the kind uses the scope any more: its poll pauses until one asks again. */
  synchronized void release() {
    if (wanted) {
      wanted = false;
      poll.pause();
    }
  }

  synchronized void refresh() {
    if (wanted) {
      inventory.refresh();
    }
  }

  void close() {
    poll.close();
  }
}

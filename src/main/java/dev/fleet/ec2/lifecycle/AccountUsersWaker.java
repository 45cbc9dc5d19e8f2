package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;

/**
 * Handed every change of an AwsAccount by the informer the account resolver reads, which calls it only once
 * its own store holds the change: wakes the resources of every kind that use the account, which then see it
 * as it is now.
 */
public final class AccountUsersWaker implements ResourceEventHandler<AwsAccount> {
  private final List<? extends ManagedReconciler<?, ?>> kinds;

  public AccountUsersWaker(List<? extends ManagedReconciler<?, ?>> kinds) {
    this.kinds = List.copyOf(kinds);
  }

  @Override
  public void onAdd(AwsAccount account) {
    changed(account);
  }

  @Override
  public void onUpdate(AwsAccount before, AwsAccount now) {
    changed(now);
  }

  @Override
  public void onDelete(AwsAccount account, boolean finalStateUnknown) {
    changed(account);
  }

  private void changed(AwsAccount account) {
    kinds.forEach(kind -> kind.accountChanged(account.getMetadata().getName()));
  }
}

package dev.fleet.ec2;

import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.spotfleet.InterruptionConsumers;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * An AwsAccount created, edited or deleted: the interruption queue readers of its open scopes follow its
 * {@code spec.interruptionQueues} (a reader whose queue is unchanged goes on untouched).
 */
final class AccountQueuesFollower implements ResourceEventHandler<AwsAccount> {
  private final InterruptionConsumers consumers;

  AccountQueuesFollower(InterruptionConsumers consumers) {
    this.consumers = consumers;
  }

  @Override
  public void onAdd(AwsAccount account) {
    consumers.followAccount(account.getMetadata().getName());
  }

  @Override
  public void onUpdate(AwsAccount before, AwsAccount now) {
    consumers.followAccount(now.getMetadata().getName());
  }

  @Override
  public void onDelete(AwsAccount account, boolean finalStateUnknown) {
    consumers.followAccount(account.getMetadata().getName());
  }
}

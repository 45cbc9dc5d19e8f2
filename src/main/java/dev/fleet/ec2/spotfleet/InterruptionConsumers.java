package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.ScopeKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interruption queue reader per open scope that has a queue (EventBridge delivers an account's events only
 * in their own region): started when the scope opens while this replica leads, with the scope's credentials,
 * region, fleet inventory and gateway; stopped before the scope's clients close. {@link #follow} brings the
 * readers in line with the configured queues again (leadership gained, an AwsAccount's queues edited).
 */
public final class InterruptionConsumers implements Ec2Scopes.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InterruptionConsumers.class);

  /** What every reader shares. {@code cluster}: only instances tagged for this installation are ours. */
  public record Shared(InterruptionTracker tracker, FleetMetrics metrics, Duration longPoll, String cluster) {}

  private record Reader(String url, InterruptionQueueConsumer consumer) {}

  private final Function<ScopeKey, Optional<String>> queueOf;
  private final BooleanSupplier leading;
  private final Shared shared;
  private final Map<ScopeKey, Ec2Scope> open = new HashMap<>();
  private final Map<ScopeKey, Reader> readers = new HashMap<>();
  private boolean closed;

  /**
   * @param queueOf the queue URL configured for a scope now (the operator's settings for its own account, the
   *     AwsAccount's spec for another), if any
   * @param leading whether this replica leads: only a leader reads queues (a message read is deleted)
   */
  public InterruptionConsumers(Function<ScopeKey, Optional<String>> queueOf, BooleanSupplier leading,
      Shared shared) {
    this.queueOf = queueOf;
    this.leading = leading;
    this.shared = shared;
  }

  @Override
  public synchronized void opened(Ec2Scope scope) {
    open.put(scope.key(), scope);
    follow(scope);
  }

  @Override
  public synchronized void closing(Ec2Scope scope) {
    open.remove(scope.key());
    stop(scope.key());
  }

  /** Every open scope's reader follows its configured queue now (this replica just started leading). */
  public synchronized void followAll() {
    open.values().forEach(this::follow);
  }

  /** The AwsAccount {@code account} was created, edited or deleted: its open scopes' readers follow its queues. */
  public synchronized void followAccount(String account) {
    open.values().stream().filter(s -> s.key().account().equals(account)).toList().forEach(this::follow);
  }

  /** The scopes whose queue is being read, with its URL (for tests and logs). */
  public synchronized Map<ScopeKey, String> reading() {
    Map<ScopeKey, String> urls = new HashMap<>();
    readers.forEach((key, reader) -> urls.put(key, reader.url()));
    return urls;
  }

  private void follow(Ec2Scope scope) {
    ScopeKey key = scope.key();
    String wanted = closed || !leading.getAsBoolean() ? null : queueOf.apply(key).orElse(null);
    Reader reader = readers.get(key);
    if (reader != null && reader.url().equals(wanted)) {
      return;
    }
    stop(key);
    if (wanted != null) {
      var consumer = new InterruptionQueueConsumer(scope.queue(wanted), scope.fleetInstances(), shared.tracker(),
          shared.metrics(), shared.longPoll(), key.toString(), id -> ours(scope, id));
      readers.put(key, new Reader(wanted, consumer));
      consumer.start();
      log.info("interruption queue of scope {}: reading {}", key, wanted);
    }
  }

  /** Asked of EC2 for an instance launched after the last poll; the queue hears of every instance in the account. */
  private Optional<ObservedInstance> ours(Ec2Scope scope, String instanceId) {
    return scope.ec2().describeInstancesById(List.of(instanceId)).stream()
        .filter(i -> shared.cluster().equals(i.tags().get(OwnershipTags.CLUSTER))) // not another installation's
        .findFirst();
  }

  private void stop(ScopeKey key) {
    Reader reader = readers.remove(key);
    if (reader != null) {
      reader.consumer().close();
      log.info("interruption queue of scope {}: no longer reading {}", key, reader.url());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    List.copyOf(readers.keySet()).forEach(this::stop);
  }
}

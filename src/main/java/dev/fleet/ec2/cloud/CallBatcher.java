package dev.fleet.ec2.cloud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Coalesces per-id calls of one EC2 action made by many threads at once into one call for many ids,
 * the way Karpenter's batcher does: ids asked for under the same key (the same tags, say) join an open
 * batch; the batch goes out once no id has joined for the idle window, once it is {@code maxWindow} old,
 * or once it holds {@code maxIds}. Every caller then gets the answer for its own ids.
 *
 * <p>No thread pool: the caller that opened a batch (its leader) waits out the window and makes the call
 * for everyone in it, so a caller never queues behind another batch's call, and a lone caller pays at
 * most the idle window. An interrupted leader, or {@link #close}, sends the batch out at once.
 *
 * <p>EC2 fails a multi-id call as a whole when it refuses one id (unknown, wrong state, not permitted).
 * So when a batch of several ids fails, each id is asked again alone and only the culprit's caller gets
 * the error; throttling and server errors concern the whole call and go to every caller as they are.
 */
final class CallBatcher<K, R> implements AutoCloseable {
  /** One EC2 call for these ids under {@code key}: its answer by id (an id without an answer: null). */
  interface MultiCall<K, R> {
    Map<String, R> call(K key, List<String> ids);
  }

  private final String action;
  private final MultiCall<K, R> multi;
  private final int maxIds;
  private final long idleNanos;
  private final long maxNanos;
  private final Object lock = new Object();
  private final Map<K, Batch> open = new HashMap<>();
  private boolean closed;

  CallBatcher(String action, MultiCall<K, R> multi, int maxIds, java.time.Duration idle, java.time.Duration max) {
    this.action = action;
    this.multi = multi;
    this.maxIds = maxIds;
    this.idleNanos = idle.toNanos();
    this.maxNanos = Math.max(max.toNanos(), idleNanos);
  }

  /** The answers for these ids (absent: EC2 gave none); throws the first failure among them. */
  Map<String, R> submit(K key, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<Batch> led = new ArrayList<>();
    Map<String, CompletableFuture<R>> mine = new LinkedHashMap<>();
    synchronized (lock) {
      if (!closed && idleNanos > 0) {
        long now = System.nanoTime();
        for (String id : new LinkedHashSet<>(ids)) {
          Batch b = open.get(key);
          if (b == null) {
            b = new Batch(key, now);
            open.put(key, b);
            led.add(b);
          }
          mine.put(id, b.add(id, now));
          if (b.waiters.size() >= maxIds) {
            open.remove(key);
            b.full = true;
            lock.notifyAll();
          }
        }
      }
    }
    if (mine.isEmpty()) {
      return direct(key, ids); // closed, or batching off: the caller's own call, still with per-id errors
    }
    for (Batch b : led) {
      lead(b);
    }
    return await(mine);
  }

  /** Sends every open batch out now; later calls go out alone. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  private Map<String, R> direct(K key, Collection<String> ids) {
    Map<String, CompletableFuture<R>> answers = new LinkedHashMap<>();
    new LinkedHashSet<>(ids).forEach(id -> answers.put(id, new CompletableFuture<>()));
    run(key, answers);
    return await(answers);
  }

  /** Waits until the batch is due, then makes its call. */
  private void lead(Batch b) {
    boolean interrupted = false;
    synchronized (lock) {
      while (!b.full && !closed) {
        long now = System.nanoTime();
        long due = Math.min(b.lastAt + idleNanos, b.openedAt + maxNanos);
        if (now - due >= 0) {
          break;
        }
        try {
          long wait = due - now;
          lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true; // the others in the batch are still owed their answer: send it now
          break;
        }
      }
      if (open.get(b.key) == b) {
        open.remove(b.key);
      }
    }
    run(b.key, b.waiters);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the call and completes every id's answer, whatever happens. */
  private void run(K key, Map<String, CompletableFuture<R>> answers) {
    List<String> ids = List.copyOf(answers.keySet());
    try {
      Map<String, R> got = multi.call(key, ids);
      ids.forEach(id -> answers.get(id).complete(got.get(id)));
    } catch (CloudException e) {
      if (ids.size() == 1 || concernsWholeCall(e)) {
        answers.values().forEach(a -> a.completeExceptionally(e));
      } else {
        for (String id : ids) {
          run(key, Map.of(id, answers.get(id)));
        }
      }
    } catch (RuntimeException | Error e) {
      answers.values().forEach(a -> a.completeExceptionally(e)); // not rethrown: the leader still owes other batches
    }
  }

  /** Failures that are not about any one id: every caller gets them, and asking id by id would make them worse. */
  static boolean concernsWholeCall(CloudException e) {
    return e.kind() == CloudErrorKind.THROTTLED || e.outcomeUnknown()
        || RateLimitedEc2Gateway.CLIENT_THROTTLED.equals(e.errorCode());
  }

  private Map<String, R> await(Map<String, CompletableFuture<R>> answers) {
    Map<String, R> result = new LinkedHashMap<>();
    answers.forEach((id, answer) -> {
      R r = Futures.await(answer, action);
      if (r != null) {
        result.put(id, r);
      }
    });
    return result;
  }

  /** The ids waiting for one call, in the order they came. */
  private final class Batch {
    final K key;
    final long openedAt;
    long lastAt;
    boolean full;
    final Map<String, CompletableFuture<R>> waiters = new LinkedHashMap<>();

    Batch(K key, long openedAt) {
      this.key = key;
      this.openedAt = openedAt;
      this.lastAt = openedAt;
    }

    CompletableFuture<R> add(String id, long now) {
      lastAt = now;
      return waiters.computeIfAbsent(id, i -> new CompletableFuture<>());
    }
  }
}

package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers kept for a while, loaded once per key at a time: threads asking for a key that is being loaded
 * wait for that load instead of making their own call, so an expired or failing key causes one call, not
 * one per thread. Failures are not kept; neither are answers {@code keep} rejects.
 */
final class TtlCache<K, V> {
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  private static final class Entry<V> {
    final CompletableFuture<V> answer = new CompletableFuture<>();
    volatile long loadedAt;
  }

  TtlCache(Duration ttl, LongSupplier nanoTime) {
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  V get(K key, String action, Supplier<V> load, Predicate<V> keep) {
    while (true) {
      Entry<V> seen = entries.get(key);
      if (seen != null && (!seen.answer.isDone() || fresh(seen))) {
        return Futures.await(seen.answer, action);
      }
      Entry<V> mine = new Entry<>();
      boolean won = seen == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, seen, mine);
      if (won) {
        return load(key, mine, load, keep);
      }
    }
  }

  private V load(K key, Entry<V> mine, Supplier<V> load, Predicate<V> keep) {
    try {
      V value = load.get();
      mine.loadedAt = nanoTime.getAsLong();
      if (!keep.test(value)) {
        entries.remove(key, mine);
      }
      mine.answer.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      entries.remove(key, mine);
      mine.answer.completeExceptionally(e);
      throw e;
    }
  }

  private boolean fresh(Entry<V> e) {
    return !e.answer.isCompletedExceptionally() && nanoTime.getAsLong() - e.loadedAt < ttlNanos;
  }
}

package dev.fleet.ec2.events;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides, as Kubernetes' own event recorder does, what one call of the recorder writes: a new Event, a patch
 * of the Event already written for the same object, type, reason and message (count + 1), or nothing.
 *
 * <p>Why: every failed retry and every EC2 action records an event; at thousands of resources, one new
 * Event per call is the operator's largest write load on the API server and buries the story in noise.
 * Repeats within {@link #window} patch the existing Event. A token bucket per object (burst
 * {@link #burst}, one token per {@link #refill}) bounds the writes of a resource that keeps failing; a
 * repeat that finds the bucket empty still counts, and the next patch carries the whole count.
 *
 * <p>Both maps are LRU-bounded to {@link #capacity} entries, so memory stays bounded however many objects
 * come and go; {@link #forget} drops an object at once when it is deleted. Pure and not thread-safe: the
 * recorder calls it under a lock.
 */
final class EventAggregator {
  static final int CAPACITY = 4_096;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final int BURST = 25;
  static final Duration REFILL = Duration.ofMinutes(5);

  /** What identifies "the same event": Kubernetes' aggregation key without the source (always this operator). */
  record Key(String uid, String type, String reason, String message) {}

  /** What to do for one call; {@code eventName} is the Event to patch for {@link Action#PATCH}. */
  record Decision(Action action, String eventName, int count, Instant firstSeen) {}

  enum Action { CREATE, PATCH, SKIP }

  private record Written(String eventName, int count, Instant firstSeen, Instant lastSeen) {}

  private record Bucket(double tokens, Instant at) {}

  private final int capacity;
  private final Duration window;
  private final int burst;
  private final Duration refill;
  private final Map<Key, Written> written;
  private final Map<String, Bucket> buckets;

  EventAggregator() {
    this(CAPACITY, WINDOW, BURST, REFILL);
  }

  EventAggregator(int capacity, Duration window, int burst, Duration refill) {
    this.capacity = capacity;
    this.window = window;
    this.burst = burst;
    this.refill = refill;
    this.written = lru();
    this.buckets = lru();
  }

  private <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The decision for one call at {@code now}; a PATCH or SKIP already counts this occurrence. */
  Decision observe(Key key, Instant now) {
    Written w = written.get(key);
    boolean repeat = w != null && w.eventName() != null && !now.isAfter(w.lastSeen().plus(window));
    if (!take(key.uid(), now)) {
      if (repeat) { // counted, written with the next patch that gets a token
        written.put(key, new Written(w.eventName(), w.count() + 1, w.firstSeen(), now));
      }
      return new Decision(Action.SKIP, null, repeat ? w.count() + 1 : 0, repeat ? w.firstSeen() : now);
    }
    if (!repeat) {
      return new Decision(Action.CREATE, null, 1, now);
    }
    written.put(key, new Written(w.eventName(), w.count() + 1, w.firstSeen(), now));
    return new Decision(Action.PATCH, w.eventName(), w.count() + 1, w.firstSeen());
  }

  /** The Event for {@code key} now exists under {@code eventName} with {@code count}. */
  void written(Key key, String eventName, int count, Instant firstSeen, Instant now) {
    written.put(key, new Written(eventName, count, firstSeen, now));
  }

  /** The Event for {@code key} is gone (expired): the next occurrence creates a new one. */
  void expired(Key key) {
    written.remove(key);
  }

  /** The object is deleted: nothing more is aggregated for it. */
  void forget(String uid) {
    written.keySet().removeIf(k -> k.uid().equals(uid));
    buckets.remove(uid);
  }

  int size() {
    return written.size();
  }

  private boolean take(String uid, Instant now) {
    Bucket b = buckets.get(uid);
    double tokens = b == null ? burst : Math.min(burst, b.tokens() + (double) Duration.between(b.at(), now).toMillis()
        / refill.toMillis());
    if (tokens < 1) {
      buckets.put(uid, new Bucket(tokens, now));
      return false;
    }
    buckets.put(uid, new Bucket(tokens - 1, now));
    return true;
  }
}

package dev.fleet.ec2.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One describe of everything of a kind that carries our cluster tag, on its own thread, once per poll
 * interval. Each complete answer is handed, as an immutable {@link Result}, to every subscriber. No lock is
 * held while EC2 answers, so nothing that reads a published answer ever waits for the next one: with
 * thousands of instances a poll takes seconds, and a reconcile must not.
 *
 * @param <T> the observed EC2 record
 */
public class Ec2Poll<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ec2Poll.class);

  /** One complete answer, and when the describe that produced it began. */
  public record Result<T>(List<T> items, Instant startedAt) {
    public Result {
      items = List.copyOf(items);
    }
  }

  private final String name;
  private final Supplier<List<T>> describe;
  private final Duration interval;
  private final Duration soonest;
  private final Clock clock;
  private final BooleanSupplier leading;
  private final List<Consumer<Result<T>>> subscribers = new CopyOnWriteArrayList<>();
  private final List<Consumer<RuntimeException>> failureSubscribers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread;
  private final AtomicBoolean extraQueued = new AtomicBoolean();
  private volatile Result<T> latest;
  private volatile Instant lastStart = Instant.EPOCH;
  private volatile String failure;
  private volatile boolean started;
  private java.util.concurrent.ScheduledFuture<?> schedule;
  private final java.util.concurrent.atomic.AtomicLong pauses = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param soonest the least time between the start of a poll and an extra one asked for by {@link #pollSoon()}
   * @param leading false while another replica holds the lease: then EC2 is asked nothing
   */
  public Ec2Poll(String name, Supplier<List<T>> describe, Duration interval, Duration soonest, Clock clock,
      BooleanSupplier leading) {
    this.name = name;
    this.describe = describe;
    this.interval = interval;
    this.soonest = soonest;
    this.clock = clock;
    this.leading = leading;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "poll-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Every complete answer from now on is handed to {@code subscriber}, on the poll's thread. */
  public void subscribe(Consumer<Result<T>> subscriber) {
    subscribers.add(subscriber);
  }

  /** Every failed poll from now on hands its error to {@code subscriber}, on the poll's thread. */
  public void onFailure(Consumer<RuntimeException> subscriber) {
    failureSubscribers.add(subscriber);
  }

  /** Starts polling at once, then once per interval (measured from the end of one poll to the next). */
  public synchronized void start() {
    if (!started) {
      started = true;
      schedule = thread.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops polling until {@link #start} again (nothing in this scope needs the view any more). The last answer
   * is forgotten, so that a restart is not mistaken for a complete view: readers wait for a fresh one.
   */
  public synchronized void pause() {
    if (started) {
      started = false;
      schedule.cancel(false);
      pauses.incrementAndGet(); // a poll in flight now publishes nothing
      latest = null;
      failure = null;
    }
  }

  /**
   * Asks for one extra poll soon (a replica that just began leading, a view not loaded yet, a launch that
   * should show): however many ask, at most one extra poll is queued, no sooner than {@code soonest} after
   * the last one began.
   */
  public void pollSoon() {
    if (!started || !extraQueued.compareAndSet(false, true)) {
      return;
    }
    long wait = Math.max(0, Duration.between(clock.instant(), lastStart.plus(soonest)).toMillis());
    try {
      thread.schedule(() -> {
        extraQueued.set(false);
        if (started) { // not paused meanwhile
          pollSafely();
        }
      }, wait, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      extraQueued.set(false); // closing
    }
  }

  /** The last complete answer, if any since this replica began leading. Never waits. */
  public Optional<Result<T>> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * The records of the last complete answer.
   *
   * @throws IllegalStateException when there is none (not leading, or EC2 unreachable since this replica
   *     began leading): an empty answer would look like "none"
   */
  public List<T> items() {
    return latest().map(Result::items).orElseThrow(() -> new IllegalStateException(
        "no complete view of " + name + " yet" + failure().map(f -> ": " + f).orElse("")));
  }

  /** The time between the end of one poll and the start of the next. */
  public Duration interval() {
    return interval;
  }

  /** Whether this replica may ask EC2 (it leads, or runs without leader election). */
  public boolean leading() {
    return leading.getAsBoolean();
  }

  /** Why the last poll failed, if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** One poll on the calling thread; package-private so that tests can drive it without the schedule. */
  void pollSafely() {
    if (!leading.getAsBoolean()) {
      latest = null; // a follower's view is nothing; a replica that leads again starts afresh
      return;
    }
    long epoch = pauses.get();
    Instant startedAt = clock.instant();
    lastStart = startedAt;
    Result<T> result;
    try {
      result = new Result<>(describe.get(), startedAt);
    } catch (RuntimeException e) {
      if (failure == null) {
        log.warn("{}: polling EC2 failed, keeping the last view: {}", name, e.getMessage());
      }
      failure = String.valueOf(e.getMessage());
      for (Consumer<RuntimeException> subscriber : failureSubscribers) {
        try {
          subscriber.accept(e);
        } catch (RuntimeException f) {
          log.warn("{}: a subscriber failed on a failed poll: {}", name, f.toString());
        }
      }
      return;
    }
    if (pauses.get() != epoch) {
      return; // paused while it ran: nobody needs it, and a restart must not take it for a fresh view
    }
    if (failure != null) {
      log.info("{}: EC2 answers again", name);
    }
    failure = null;
    latest = result;
    for (Consumer<Result<T>> subscriber : subscribers) {
      try {
        subscriber.accept(result);
      } catch (RuntimeException e) {
        log.warn("{}: a subscriber failed on a poll's answer: {}", name, e.toString());
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

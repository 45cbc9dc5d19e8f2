package dev.fleet.ec2.spotfleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.InterruptionQueue;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.observe.OwnedInventory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls the interruption queue (EventBridge messages via SQS) and hands what concerns a fleet's
 * instance to the {@link InterruptionTracker}, which wakes the fleet. Each message is deleted once
 * handled; unknown and malformed ones are counted and deleted, never left to block the queue.
 */
public final class InterruptionQueueConsumer implements AutoCloseable {
  // what it reads: the AWS-side template's EventBridge rules are generated from these (access.AwsTemplate)
  public static final String WARNING = "EC2 Spot Instance Interruption Warning";
  public static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
  public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
  /** The instance states whose change notification it acts on (it counts the others as handled and drops them). */
  public static final Set<String> LOSING = Set.of("stopping", "stopped", "shutting-down", "terminated");
  private static final Logger log = LoggerFactory.getLogger(InterruptionQueueConsumer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InterruptionQueue queue;
  private final OwnedInventory<ObservedInstance, SpotFleet> fleets;
  private final InterruptionTracker tracker;
  private final FleetMetrics metrics;
  private final Duration wait;
  /** The (account, region) the queue serves, as metrics show it. */
  private final String scope;
  private final java.util.function.Function<String, java.util.Optional<ObservedInstance>> describe;
  private final ExecutorService loop;
  private final ExecutorService handlers;
  private volatile boolean running = true;

  public InterruptionQueueConsumer(InterruptionQueue queue, OwnedInventory<ObservedInstance, SpotFleet> fleets,
      InterruptionTracker tracker, FleetMetrics metrics, Duration wait, String scope,
      java.util.function.Function<String, java.util.Optional<ObservedInstance>> describe) {
    this.describe = describe;
    this.scope = scope;
    this.queue = queue;
    this.fleets = fleets;
    this.tracker = tracker;
    this.metrics = metrics;
    this.wait = wait;
    this.loop = Executors.newSingleThreadExecutor(r -> daemon(r, "interruption-queue@" + scope));
    this.handlers = Executors.newFixedThreadPool(4, r -> daemon(r, "interruption-handler@" + scope));
  }

  public void start() {
    loop.submit(this::run);
  }

  private void run() {
    while (running) {
      try {
        List<InterruptionQueue.Message> batch = queue.receive(10, wait);
        if (!running) { // closed during the long poll: left to reappear for whoever reads the queue next
          return;
        }
        var done = batch.stream().map(m -> handlers.submit(() -> handleAndDelete(m))).toList();
        for (var f : done) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (running) {
          log.warn("interruption queue: {}; retrying in 5 s", e.getMessage());
          sleep(Duration.ofSeconds(5));
        }
      }
    }
  }

  private void handleAndDelete(InterruptionQueue.Message m) {
    metrics.message(handle(m.body()), scope);
    queue.delete(m.receiptHandle());
  }

  /** Acts on one message body; returns how it went, for the message counter. */
  String handle(String body) {
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (Exception e) {
      log.info("interruption queue: malformed message deleted");
      return "malformed";
    }
    String type = event.path("detail-type").asText("");
    String instanceId = event.path("detail").path("instance-id").asText("");
    if (!Set.of(WARNING, REBALANCE, STATE_CHANGE).contains(type) || instanceId.isEmpty()) {
      return type.isEmpty() ? "malformed" : "unknown";
    }
    var fleet = fleets.ownerOf(instanceId);
    java.util.Optional<ObservedInstance> instance = fleet.flatMap(f -> fleets.get(f, instanceId));
    if (fleet.isEmpty()) {
      // launched after the last poll? ask EC2 for its tags before calling the message unrelated
      instance = describe.apply(instanceId);
      fleet = instance.map(i -> i.tags().get(dev.fleet.ec2.cloud.OwnershipTags.FLEET)).filter(t -> t.contains("/"))
          .map(t -> new io.javaoperatorsdk.operator.processing.event.ResourceID(t.substring(t.indexOf('/') + 1),
              t.substring(0, t.indexOf('/'))));
      if (fleet.isEmpty()) {
        return "unrelated";
      }
    }
    String pool = instance.map(i -> i.tags().getOrDefault(SpotFleetDesired.POOL_TAG,
        i.instanceType() + "/" + i.availabilityZone())).orElse("unknown");
    switch (type) {
      case WARNING -> {
        metrics.interruption("warning");
        tracker.warned(fleet.get(), instanceId, pool, false);
      }
      case REBALANCE -> {
        metrics.interruption("rebalance");
        tracker.warned(fleet.get(), instanceId, pool, true);
      }
      default -> {
        if (LOSING.contains(event.path("detail").path("state").asText(""))) {
          tracker.changed(fleet.get());
        }
      }
    }
    return "handled";
  }

  /**
   * Stops polling: no receive starts after this. One under way may not end at once (the SDK's blocking
   * read ignores interrupts); its answer is left on the queue, and closing the scope's clients ends it.
   */
  @Override
  public void close() {
    running = false;
    loop.shutdownNow();
    handlers.shutdownNow();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

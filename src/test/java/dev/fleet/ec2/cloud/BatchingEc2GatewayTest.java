package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher's windows are an hour here, so a batch goes out only when it is full or the gateway is
 * closed: what goes into one call does not depend on how fast the threads run.
 */
class BatchingEc2GatewayTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private final RecordingEc2Gateway ec2 = new RecordingEc2Gateway();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  /** Each of {@code ids} asked for by its own thread; the outcome per id (null: success). */
  private Map<String, Throwable> concurrently(List<String> ids, Consumer<String> call) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    ids.forEach(id -> done.add(threads.submit(() -> call.accept(id))));
    Map<String, Throwable> outcome = new ConcurrentHashMap<>();
    for (int n = 0; n < ids.size(); n++) {
      try {
        done.get(n).get();
      } catch (java.util.concurrent.ExecutionException e) {
        outcome.put(ids.get(n), e.getCause());
      }
    }
    return outcome;
  }

  private static List<String> ids(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(n -> prefix + n).toList();
  }

  @Test
  void concurrentTerminatesGoOutAsOneCallWithEveryId() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 1000, 20);
    List<String> ids = ids("i-", 20);

    assertThat(concurrently(ids, batching::terminateInstance)).isEmpty();

    assertThat(ec2.calls("TerminateInstances")).singleElement()
        .satisfies(c -> assertThat(c.ids()).containsExactlyInAnyOrderElementsOf(ids));
  }

  @Test
  void oneRefusedIdFailsOnlyItsOwnCaller() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 1000, 5);
    ec2.refuse("i-2", "IncorrectInstanceState", CloudErrorKind.NOT_CAUGHT_UP);

    Map<String, Throwable> failed = concurrently(ids("i-", 5), batching::stopInstance);

    assertThat(failed).containsOnlyKeys("i-2");
    assertThat(failed.get("i-2")).isInstanceOfSatisfying(CloudException.class,
        e -> assertThat(e.errorCode()).isEqualTo("IncorrectInstanceState"));
    assertThat(ec2.calls("StopInstances")).as("the batch, then each id alone").hasSize(6)
        .filteredOn(c -> c.ids().size() == 1).extracting(c -> c.ids().get(0))
        .containsExactlyInAnyOrderElementsOf(ids("i-", 5));
  }

  @Test
  void throttlingOfTheBatchGoesToEveryCallerWithoutAskingIdByIds() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 1000, 4);
    ec2.failAll = new CloudException(CloudErrorKind.THROTTLED, "TerminateInstances", "RequestLimitExceeded", "slow", null);

    Map<String, Throwable> failed = concurrently(ids("i-", 4), batching::terminateInstance);

    assertThat(failed).hasSize(4).allSatisfy((id, e) -> assertThat(e).isSameAs(ec2.failAll));
    assertThat(ec2.calls("TerminateInstances")).hasSize(1);
  }

  @Test
  void tagsGoTogetherOnlyWhenTheyAreTheSame() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 1000, 2);

    concurrently(List.of("i-1", "i-2", "i-3", "i-4"),
        id -> batching.createTags(id, Map.of("team", id.compareTo("i-3") < 0 ? "a" : "b")));

    assertThat(ec2.calls).extracting(c -> c.action() + " " + c.ids().stream().sorted().toList())
        .containsExactlyInAnyOrder("CreateTags {team=a} [i-1, i-2]", "CreateTags {team=b} [i-3, i-4]");
  }

  @Test
  void describesSplitAtTheLimitAndEachCallerGetsOnlyItsOwnKnownIds() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, Duration.ofMillis(20), Duration.ofMillis(50));
    List<String> many = new ArrayList<>(ids("i-", 2500));
    many.add("i-gone-1");

    List<ObservedInstance> found = batching.describeInstancesById(many);

    assertThat(found).hasSize(2500).extracting(ObservedInstance::instanceId).doesNotContain("i-gone-1");
    assertThat(ec2.calls("DescribeInstances")).extracting(c -> c.ids().size()).containsExactly(1000, 1000, 501);
  }

  @Test
  void concurrentDescribersShareACallButSeeOnlyTheirOwnIds() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 3, 500);
    Map<String, List<String>> seen = new ConcurrentHashMap<>();

    concurrently(List.of("i-1", "i-2", "i-gone-3"), id -> seen.put(id,
        batching.describeInstancesById(List.of(id)).stream().map(ObservedInstance::instanceId).toList()));

    assertThat(seen).containsOnly(Map.entry("i-1", List.of("i-1")), Map.entry("i-2", List.of("i-2")),
        Map.entry("i-gone-3", List.of()));
    assertThat(ec2.calls("DescribeInstances")).hasSize(1);
  }

  @Test
  void anInterruptedCallerGivesUpAndCloseSendsTheWaitingBatchOut() throws Exception {
    var batching = new BatchingEc2Gateway(ec2, HOUR, HOUR, 1000, 500);
    Thread leader = new Thread(() -> batching.terminateInstance("i-1"));
    leader.start();
    Awaitility.await("the first caller waits out the window").until(() -> leader.getState() == Thread.State.TIMED_WAITING);
    var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    var stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
    Thread follower = new Thread(() -> {
      try {
        batching.terminateInstance("i-2");
      } catch (RuntimeException e) {
        failure.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    follower.start();
    Awaitility.await("the second caller waits for the batch").until(() -> follower.getState() == Thread.State.WAITING);
    follower.interrupt();
    follower.join();

    assertThat(failure.get()).isInstanceOfSatisfying(CloudException.class,
        e -> assertThat(e.outcomeUnknown()).as("its id may still go out").isTrue());
    assertThat(stillInterrupted).isTrue();
    assertThat(leader.isAlive()).as("the batch still waits for its window").isTrue();

    batching.close();

    leader.join();
    assertThat(ec2.calls("TerminateInstances")).singleElement()
        .satisfies(c -> assertThat(c.ids()).containsExactly("i-1", "i-2"));
    batching.terminateInstance("i-3"); // after close: alone, at once
    assertThat(ec2.calls("TerminateInstances")).hasSize(2);
  }

  @Test
  void aLoneCallerIsServedAfterTheIdleWindow() {
    var batching = new BatchingEc2Gateway(ec2, Duration.ofMillis(20), HOUR);

    batching.terminateInstance("i-1");

    assertThat(ec2.calls("TerminateInstances")).singleElement().satisfies(c -> assertThat(c.ids()).containsExactly("i-1"));
  }
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.InterruptionQueue;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.ScopeKey;
import dev.fleet.ec2.scope.TestScopes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One interruption queue reader per open scope with a queue, following scopes, leadership and account edits. */
class InterruptionConsumersTest {
  private static final ScopeKey HOME = ScopeKey.own("us-east-1");
  private static final ScopeKey TEAM_EU = new ScopeKey("team", "eu-west-1",
      new AccountAccess.AssumeRole("arn:aws:iam::222222222222:role/ec2-fleet", null, null, null));
  private static final String HOME_URL = "http://sqs/111111111111/home";

  private final Map<String, FakeQueue> queues = new ConcurrentHashMap<>();
  private final Map<ScopeKey, String> configured = new ConcurrentHashMap<>(Map.of(HOME, HOME_URL));
  private final AtomicBoolean leading = new AtomicBoolean(true);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InterruptionConsumers consumers = new InterruptionConsumers(
      key -> Optional.ofNullable(configured.get(key)), leading::get, new InterruptionConsumers.Shared(
          new InterruptionTracker(Clock.systemUTC(), Duration.ofMinutes(3)), new FleetMetrics(registry),
          Duration.ofMillis(20), "c1"));
  /** Which scope's clients each queue was opened with. */
  private final List<String> openedWith = new ArrayList<>();
  private final Ec2Scopes scopes = TestScopes.over(key -> new InMemoryEc2Gateway(), (key, url) -> {
    synchronized (openedWith) {
      openedWith.add(key + " " + url);
    }
    return queues.computeIfAbsent(url, u -> new FakeQueue());
  }, "c1", "us-east-1", Clock.systemUTC(), consumers);

  @AfterEach
  void close() {
    consumers.close();
    scopes.close();
  }

  @Test
  void aScopeWithAQueueIsReadWithItsOwnClientsFromItsOpeningToItsClosing() {
    String teamUrl = "http://sqs/222222222222/eu";
    configured.put(TEAM_EU, teamUrl);
    scopes.start();
    assertThat(consumers.reading()).containsOnly(Map.entry(HOME, HOME_URL));

    SpotFleet fleet = fleet("f");
    scopes.use(TEAM_EU, fleet);
    assertThat(consumers.reading()).containsOnly(Map.entry(HOME, HOME_URL), Map.entry(TEAM_EU, teamUrl));
    assertThat(openedWith).containsExactly("us-east-1 " + HOME_URL, "team/eu-west-1 " + teamUrl);
    awaitReceiving(teamUrl);

    queues.get(teamUrl).messages.add(new InterruptionQueue.Message("not json", "r1"));
    Awaitility.await("counted with its scope").atMost(Duration.ofSeconds(5)).until(() -> count("malformed",
        "team/eu-west-1") == 1);
    assertThat(queues.get(teamUrl).deleted).containsExactly("r1");

    scopes.release(fleet);
    assertThat(consumers.reading()).containsOnly(Map.entry(HOME, HOME_URL));
    assertNoMoreReceives(teamUrl);
  }

  @Test
  void aScopeWithoutAQueueIsNotReadAndNothingIsReadBeforeLeading() {
    leading.set(false);
    scopes.start();
    scopes.use(TEAM_EU, fleet("f"));
    assertThat(consumers.reading()).isEmpty();

    leading.set(true);
    consumers.followAll();
    assertThat(consumers.reading()).containsOnly(Map.entry(HOME, HOME_URL));
  }

  @Test
  void anAccountsQueuesEditedWhileItsScopeIsOpenAreFollowed() {
    scopes.start();
    scopes.use(TEAM_EU, fleet("f"));
    assertThat(consumers.reading()).doesNotContainKey(TEAM_EU);

    configured.put(TEAM_EU, "http://sqs/222222222222/first");
    consumers.followAccount("other");
    assertThat(consumers.reading()).as("another account's edit").doesNotContainKey(TEAM_EU);
    consumers.followAccount("team");
    assertThat(consumers.reading()).containsEntry(TEAM_EU, "http://sqs/222222222222/first");
    awaitReceiving("http://sqs/222222222222/first");

    configured.put(TEAM_EU, "http://sqs/222222222222/second");
    consumers.followAccount("team");
    assertThat(consumers.reading()).containsEntry(TEAM_EU, "http://sqs/222222222222/second")
        .containsEntry(HOME, HOME_URL);
    assertNoMoreReceives("http://sqs/222222222222/first");
    awaitReceiving("http://sqs/222222222222/second");

    configured.remove(TEAM_EU);
    consumers.followAccount("team");
    assertThat(consumers.reading()).containsOnly(Map.entry(HOME, HOME_URL));
    assertNoMoreReceives("http://sqs/222222222222/second");
  }

  @Test
  void closingStopsEveryReader() {
    scopes.start();
    awaitReceiving(HOME_URL);
    consumers.close();
    assertThat(consumers.reading()).isEmpty();
    consumers.followAll();
    assertThat(consumers.reading()).as("not restarted once closed").isEmpty();
    assertNoMoreReceives(HOME_URL);
  }

  private void awaitReceiving(String url) {
    Awaitility.await(url + " read").atMost(Duration.ofSeconds(5))
        .until(() -> queues.containsKey(url) && queues.get(url).receives.get() > 0);
  }

  /** A receive under way when the reader stopped may end; none starts after it. */
  private void assertNoMoreReceives(String url) {
    FakeQueue queue = queues.get(url);
    Awaitility.await(url + " quiet").atMost(Duration.ofSeconds(2)).until(() -> queue.inFlight.get() == 0);
    int after = queue.receives.get();
    Awaitility.await(url + " no longer read").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> queue.receives.get() == after);
  }

  private double count(String outcome, String scope) {
    var counter = registry.find("ec2fleet.interruption.messages").tag("outcome", outcome).tag("scope", scope)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private static SpotFleet fleet(String name) {
    SpotFleet fleet = new SpotFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").build());
    return fleet;
  }

  /** A queue that long-polls by waiting a little, and hands out what the test put on it. */
  private static final class FakeQueue implements InterruptionQueue {
    final ConcurrentLinkedQueue<Message> messages = new ConcurrentLinkedQueue<>();
    final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger receives = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();

    @Override
    public List<Message> receive(int max, Duration wait) {
      receives.incrementAndGet();
      inFlight.incrementAndGet();
      try {
        Message m = messages.poll();
        if (m == null) {
          Thread.sleep(wait.toMillis()); // as SQS's long poll: an empty answer after the wait
          return List.of();
        }
        return List.of(m);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public void delete(String receiptHandle) {
      deleted.add(receiptHandle);
    }
  }
}

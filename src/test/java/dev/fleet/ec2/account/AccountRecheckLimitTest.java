package dev.fleet.ec2.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.SettableClock;
import dev.fleet.ec2.events.RecordedEvents;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * However many calls report an account's credentials failing, and however close together (an account's two
 * polls fail within milliseconds), it is checked for them at most once per {@link AwsAccountReconciler#SOONEST_RECHECK}.
 */
class AccountRecheckLimitTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AwsAccountReconciler accounts = new AwsAccountReconciler(access -> null, name -> 0,
      new RecordedEvents(), clock);
  private final List<ResourceID> rechecks = new CopyOnWriteArrayList<>();

  @Test
  void failuresReportedTogetherAskForOneCheck() throws Exception {
    var source = (AbstractEventSource<?, ?>) accounts.prepareEventSources(null).get(0);
    source.setEventHandler((Event e) -> rechecks.add(e.getRelatedCustomResourceID()));
    source.start();

    var pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      pool.execute(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        accounts.credentialsFailed("team-b");
      });
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rechecks).containsExactly(new ResourceID("team-b"));

    clock.advance(AwsAccountReconciler.SOONEST_RECHECK);
    accounts.credentialsFailed("team-b");
    assertThat(rechecks).as("not before 30 s have passed").hasSize(1);
    clock.advance(Duration.ofMillis(1));
    accounts.credentialsFailed("team-b");
    accounts.credentialsFailed("team-c");
    assertThat(rechecks).containsExactly(new ResourceID("team-b"), new ResourceID("team-b"), new ResourceID("team-c"));
  }
}

package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.RateLimitedEc2Gateway.Bucket;
import dev.fleet.ec2.cloud.RateLimitedEc2Gateway.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Time is a fake clock here; "sleeping" either moves it on or only notes the wait. */
class RateLimitedEc2GatewayTest {
  private final RecordingEc2Gateway ec2 = new RecordingEc2Gateway();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> slept = new CopyOnWriteArrayList<>();
  private final Map<Bucket, Duration> waited = new ConcurrentHashMap<>();
  private final List<Bucket> refused = new CopyOnWriteArrayList<>();
  private final RateLimitedEc2Gateway.Waits waits = new RateLimitedEc2Gateway.Waits() {
    @Override
    public void waited(Bucket bucket, Duration d) {
      waited.merge(bucket, d, Duration::plus);
    }

    @Override
    public void refused(Bucket bucket) {
      refused.add(bucket);
    }
  };

  private RateLimitedEc2Gateway limited(Limits limits, boolean sleepingMovesTheClock) {
    return new RateLimitedEc2Gateway(ec2, limits, waits, Duration.ofSeconds(1), now::get, nanos -> {
      slept.add(nanos);
      if (sleepingMovesTheClock) {
        now.addAndGet(nanos);
      }
    });
  }

  @Test
  void aBurstGoesAtOnceThenCallsWaitForTheRefill() {
    var gateway = limited(new Limits(2, 2, 0, 0), true);

    gateway.describeInstancesById(List.of("i-1"));
    gateway.describeInstancesById(List.of("i-2"));
    assertThat(slept).isEmpty();
    gateway.describeInstancesById(List.of("i-3"));

    assertThat(slept).containsExactly(500_000_000L);
    assertThat(waited).containsExactly(Map.entry(Bucket.READ, Duration.ofMillis(500)));
    assertThat(ec2.calls("DescribeInstances")).hasSize(3);
  }

  @Test
  void aQuietSpellRefillsTheBucketUpToItsSize() {
    var gateway = limited(new Limits(0, 0, 1, 2), true);
    gateway.terminateInstance("i-1");
    gateway.terminateInstance("i-2");
    now.addAndGet(Duration.ofMinutes(1).toNanos());

    gateway.terminateInstance("i-3");
    gateway.terminateInstance("i-4");
    gateway.terminateInstance("i-5");

    assertThat(slept).as("two tokens after a minute, not sixty").containsExactly(1_000_000_000L);
  }

  @Test
  void aCallThatWouldWaitTooLongFailsRetryablyWithoutReachingEc2() {
    var gateway = limited(new Limits(0, 0, 1, 1), false); // callers queued at the same moment
    gateway.stopInstance("i-1");
    gateway.stopInstance("i-2"); // waits 1 s: the most allowed

    assertThatThrownBy(() -> gateway.stopInstance("i-3")).isInstanceOfSatisfying(CloudException.class, e -> {
      assertThat(e.errorCode()).isEqualTo(RateLimitedEc2Gateway.CLIENT_THROTTLED);
      assertThat(e.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
      assertThat(e.outcomeUnknown()).isFalse();
    });

    assertThat(slept).containsExactly(1_000_000_000L);
    assertThat(refused).containsExactly(Bucket.WRITE);
    assertThat(ec2.calls("StopInstances")).hasSize(2);
  }

  @Test
  void readsAndWritesHaveSeparateBucketsAndZeroMeansNoLimit() {
    var gateway = limited(new Limits(1, 1, 0, 0), false);
    gateway.describeInstancesById(List.of("i-1"));

    for (int n = 0; n < 100; n++) {
      gateway.terminateInstance("i-" + n);
    }

    assertThat(slept).as("writes are not limited").isEmpty();
    gateway.describeInstancesById(List.of("i-2"));
    assertThat(slept).as("the read bucket is empty").containsExactly(1_000_000_000L);
    assertThatThrownBy(() -> gateway.describeInstancesById(List.of("i-3"))).isInstanceOf(CloudException.class);
    assertThat(refused).containsExactly(Bucket.READ);
  }

  @Test
  void aBatchOfManyCallersCostsOneToken() throws Exception {
    var gateway = new BatchingEc2Gateway(limited(new Limits(0, 0, 1, 1), false), Duration.ofHours(1),
        Duration.ofHours(1), 1000, 10);
    var threads = java.util.concurrent.Executors.newFixedThreadPool(10);
    try {
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int n = 0; n < 10; n++) {
        String id = "i-" + n;
        done.add(threads.submit(() -> gateway.terminateInstance(id)));
      }
      for (var d : done) {
        d.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(slept).as("one token, taken from a full bucket").isEmpty();
    assertThat(ec2.calls("TerminateInstances")).singleElement().satisfies(c -> assertThat(c.ids()).hasSize(10));
  }
}

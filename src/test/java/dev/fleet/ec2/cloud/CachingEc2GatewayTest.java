package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CachingEc2GatewayTest {
  private static final Duration TTL = Duration.ofMinutes(5);
  private final RecordingEc2Gateway ec2 = new RecordingEc2Gateway();
  private final AtomicLong now = new AtomicLong();
  private final CachingEc2Gateway cached = new CachingEc2Gateway(ec2, TTL, now::get);

  @Test
  void answersAreKeptForTheTtlThenAskedForAgain() {
    assertThat(cached.findDefaultVpc()).map(Vpc::vpcId).contains("vpc-1");
    assertThat(cached.describeSubnet("subnet-a")).isPresent();
    now.addAndGet(TTL.minusSeconds(1).toNanos());
    cached.findDefaultVpc();
    cached.describeSubnet("subnet-a");
    assertThat(ec2.vpcCalls).hasValue(1);
    assertThat(ec2.subnetCalls).hasValue(1);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    cached.findDefaultVpc();
    cached.describeSubnet("subnet-a");
    cached.describeSubnet("subnet-b");

    assertThat(ec2.vpcCalls).hasValue(2);
    assertThat(ec2.subnetCalls).as("expired, and another key").hasValue(3);
  }

  @Test
  void aSubnetEc2DoesNotListYetAndFailuresAreNotKept() {
    assertThat(cached.describeSubnet("subnet-new-1")).isEmpty();
    assertThat(cached.describeSubnet("subnet-new-1")).isEmpty();
    assertThat(ec2.subnetCalls).as("a new subnet may show any moment").hasValue(2);

    ec2.failAll = new CloudException(CloudErrorKind.RETRYABLE, "DescribeVpcs", "InternalError", "boom", null);
    assertThatThrownBy(cached::findDefaultVpc).isSameAs(ec2.failAll);
    ec2.failAll = null;
    assertThat(cached.findDefaultVpc()).isPresent();
    assertThat(cached.findDefaultVpc()).isPresent();
    assertThat(ec2.vpcCalls).hasValue(2);
  }

  @Test
  void threadsAskingForAKeyBeingLoadedWaitForThatOneLoad() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ec2.during = () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    List<Thread> threads = new ArrayList<>();
    List<Optional<Vpc>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int n = 0; n < 5; n++) {
      threads.add(new Thread(() -> answers.add(cached.findDefaultVpc())));
    }
    threads.forEach(Thread::start);
    Awaitility.await("one thread loads, four wait for it").until(() ->
        threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(answers).hasSize(5).allSatisfy(a -> assertThat(a).map(Vpc::vpcId).contains("vpc-1"));
    assertThat(ec2.vpcCalls).hasValue(1);
  }
}

package dev.fleet.ec2.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import dev.fleet.ec2.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OwnedInventoryTest {
  private static final ResourceID WEB = new ResourceID("web", "team-a");
  private static final ResourceID DB = new ResourceID("db", "team-a");

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final AtomicReference<List<ObservedInstance>> ec2 = new AtomicReference<>(List.of());
  private volatile CountDownLatch describing;
  private volatile CountDownLatch release;
  private final Ec2Poll<ObservedInstance> slowPoll = new Ec2Poll<>("test", () -> {
    if (describing != null) {
      describing.countDown();
      await(release);
    }
    return ec2.get();
  }, Duration.ofHours(1), Duration.ZERO, clock, () -> true);
  private final List<ResourceID> woken = new CopyOnWriteArrayList<>();
  private final OwnedInventory<ObservedInstance, Ec2Instance> inventory = new OwnedInventory<>(slowPoll, i -> true,
      ObservedInstance::instanceId, ObservedInstance::tags, OwnershipTags.OWNER, clock, woken::add);

  @AfterEach
  void stop() {
    slowPoll.close();
  }

  @Test
  void readsAndRecordsNeverWaitForAPollInFlight() throws Exception {
    ec2.set(List.of(instance("i-1", "running", WEB)));
    slowPoll.pollSafely();
    describing = new CountDownLatch(1);
    release = new CountDownLatch(1);
    ec2.set(List.of(instance("i-1", "stopped", WEB)));
    CompletableFuture<Void> inFlight = CompletableFuture.runAsync(slowPoll::pollSafely);
    await(describing); // the poll is now inside its describe, and stays there until released
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThat(inventory.get(WEB, "i-1")).get().extracting(ObservedInstance::state).isEqualTo("running");
      inventory.record(DB, instance("i-2", "pending", DB));
      assertThat(inventory.all(DB)).extracting(ObservedInstance::instanceId).containsExactly("i-2");
      assertThat(inventory.ownerOf("i-2")).contains(DB);
    });
    assertThat(inFlight).isNotDone();
    release.countDown();
    inFlight.get();
    assertThat(inventory.get(WEB, "i-1")).get().extracting(ObservedInstance::state).isEqualTo("stopped");
  }

  @Test
  void aRecordOutlivesOlderPollsAndGivesWayToALaterOne() {
    slowPoll.pollSafely(); // began before the launch: cannot have seen it
    clock.advance(Duration.ofSeconds(1));
    inventory.record(WEB, instance("i-9", "pending", WEB));
    assertThat(inventory.get(WEB, "i-9")).get().extracting(ObservedInstance::state).isEqualTo("pending");

    ec2.set(List.of(instance("i-9", "running", WEB)));
    clock.advance(Duration.ofSeconds(1));
    slowPoll.pollSafely(); // began after it: EC2's answer replaces the record
    assertThat(inventory.get(WEB, "i-9")).get().extracting(ObservedInstance::state).isEqualTo("running");

    ec2.set(List.of());
    slowPoll.pollSafely(); // and a record, once replaced, never resurrects what EC2 no longer lists
    assertThat(inventory.all(WEB)).isEmpty();
  }

  @Test
  void aPollWakesOnlyOwnersWhoseInstancesChanged() {
    ec2.set(List.of(instance("i-1", "running", WEB), instance("i-2", "running", DB)));
    startAndAwaitFirstView();
    woken.clear();

    ec2.set(List.of(instance("i-1", "running", WEB), instance("i-2", "stopped", DB)));
    slowPoll.pollSafely();
    assertThat(woken).containsExactly(DB);

    woken.clear();
    inventory.record(WEB, instance("i-3", "pending", WEB));
    ec2.set(List.of(instance("i-1", "running", WEB), instance("i-2", "stopped", DB), instance("i-3", "pending", WEB)));
    clock.advance(Duration.ofSeconds(1));
    slowPoll.pollSafely();
    assertThat(woken).as("the poll confirms what was recorded: nothing new").isEmpty();

    ec2.set(List.of(instance("i-2", "stopped", DB), instance("i-3", "pending", WEB)));
    slowPoll.pollSafely();
    assertThat(woken).containsExactly(WEB);
  }

  @Test
  void theFirstViewWakesEveryOwnerThatWaitedForItEvenOneWithNothingInIt() {
    describing = new CountDownLatch(1);
    release = new CountDownLatch(1);
    ec2.set(List.of(instance("i-1", "running", WEB)));
    CountDownLatch published = new CountDownLatch(1);
    slowPoll.subscribe(r -> published.countDown()); // after the inventory's own subscriber
    inventory.start();
    await(describing); // start() returned; the first poll is still inside its describe

    assertThat(inventory.waitForFirstView(DB)).as("nothing to read yet: wait, at most a poll interval")
        .contains(Duration.ofHours(1));
    release.countDown();
    await(published);

    assertThat(woken).containsExactlyInAnyOrder(WEB, DB);
    assertThat(inventory.waitForFirstView(DB)).isEmpty();
  }

  @Test
  void aFailedFirstPollWakesTheOwnersThatWaitedSoThatTheyReportIt() {
    describing = new CountDownLatch(1);
    release = new CountDownLatch(1);
    ec2.set(null); // the describe throws, once released
    CountDownLatch failed = new CountDownLatch(1);
    slowPoll.onFailure(e -> failed.countDown()); // after the inventory's own subscriber
    inventory.start();
    await(describing);
    assertThat(inventory.waitForFirstView(WEB)).isPresent();

    release.countDown();
    await(failed);

    assertThat(woken).containsExactly(WEB);
    assertThat(inventory.waitForFirstView(WEB)).as("it goes on and reports EC2's error").isEmpty();
  }

  @Test
  void noOwnerWaitsWhilePollingFails() {
    ec2.set(null); // the describe throws
    slowPoll.pollSafely();
    assertThat(inventory.waitForFirstView(WEB)).as("the reconcile goes on and reports EC2's error").isEmpty();
  }

  @Test
  void noViewIsLoadedBeforeTheFirstCompletePollAndAFailureKeepsTheLastOne() {
    assertThat(inventory.loaded()).isFalse();
    ec2.set(List.of(instance("i-1", "running", WEB)));
    slowPoll.pollSafely();
    assertThat(inventory.loaded()).isTrue();
    ec2.set(null); // the describe throws
    slowPoll.pollSafely();
    assertThat(inventory.failure()).isPresent();
    assertThat(inventory.all(WEB)).extracting(ObservedInstance::instanceId).containsExactly("i-1");
  }

  @Test
  void instancesWithoutAnOwnerTagAreNotInTheView() {
    List<ObservedInstance> seen = new ArrayList<>();
    seen.add(instance("i-1", "running", WEB));
    seen.add(new ObservedInstance("i-x", "ami", "t3.micro", "running", null, null, null, null, null, null, null,
        null, null, Set.of(), Map.of(OwnershipTags.CLUSTER, "c1"), null));
    ec2.set(seen);
    slowPoll.pollSafely();
    assertThat(inventory.ownerOf("i-x")).isEmpty();
    assertThat(inventory.all(WEB)).hasSize(1);
  }

  /** Starts the inventory (its poll runs on the poll's thread) and returns once the first view is published. */
  private void startAndAwaitFirstView() {
    CountDownLatch published = new CountDownLatch(1);
    slowPoll.subscribe(r -> published.countDown()); // after the inventory's own subscriber
    inventory.start();
    await(published);
    assertThat(inventory.loaded()).isTrue();
  }

  private static ObservedInstance instance(String id, String state, ResourceID owner) {
    return new ObservedInstance(id, "ami-1", "t3.micro", state, null, null, null, null, null, null,
        Instant.EPOCH, null, null, Set.of(), Map.of(OwnershipTags.CLUSTER, "c1",
        OwnershipTags.OWNER, owner.getNamespace().orElseThrow() + "/" + owner.getName()), null);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

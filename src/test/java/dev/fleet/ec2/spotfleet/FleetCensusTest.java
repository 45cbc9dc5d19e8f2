package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What status must keep so that a pass (or a restarted operator) counts a fleet right without listing its members. */
class FleetCensusTest {
  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final VisibilityWindow GRACE = new VisibilityWindow(Duration.ofMinutes(5), CLOCK);
  private static final OwnershipTags OURS = OwnershipTags.of("c1", "ns", "batch", "uid-1");
  private static final Pool POOL = new Pool(0, "t3.small", "us-east-1a", "subnet-a", 2, null, null);

  private final List<String> warnings = new ArrayList<>();
  private final FleetCensus census = new FleetCensus(CLOCK, new FleetMetrics(new SimpleMeterRegistry()),
      new EventRecorder() {
        @Override
        public void normal(HasMetadata resource, String reason, String message) {}

        @Override
        public void warning(HasMetadata resource, String reason, String message) {
          warnings.add(reason + ": " + message);
        }
      }, GRACE);

  private static ObservedInstance seen(String id, String state) {
    Map<String, String> tags = new HashMap<>(OURS.asMap());
    tags.put(SpotFleetDesired.POOL_TAG, POOL.key());
    tags.put(SpotFleetDesired.WEIGHT_TAG, "2");
    return new ObservedInstance(id, "ami-1", "t3.small", state, "subnet-a", "vpc-a", "us-east-1a", null, null, null,
        NOW.minusSeconds(30), "spot", null, Set.of(), tags, null);
  }

  /** An instance of {@code type} with no tags, as one made outside the operator is listed. */
  static ObservedInstance observed(String id, String type) {
    return new ObservedInstance(id, "ami-1", type, ObservedInstance.RUNNING, "subnet-a", "vpc-a", "us-east-1a", null,
        null, null, NOW, "spot", null, Set.of(), Map.of(), null);
  }

  private static SpotFleetStatus launched(String at, String... ids) {
    var book = new SpotFleetStatus();
    UnlistedLaunches.add(book, new SpotFleetDelta.Launch(POOL, ids.length, SpotFleetDelta.SPOT),
        java.util.Arrays.stream(ids).map(id -> seen(id, ObservedInstance.PENDING)).toList(), at);
    return book;
  }

  private static SpotFleet fleet() {
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("batch").withNamespace("ns").withUid("uid-1").build());
    return f;
  }

  @Test
  void aLaunchEc2DoesNotListYetCountsUntilEc2ListsItPastPending() {
    var book = launched(NOW.minusSeconds(20).toString(), "i-1", "i-2", "i-3");
    // i-1 is listed running, i-2 only as RunInstances answered it (pending), i-3 not at all
    var live = census.live(book, List.of(seen("i-1", ObservedInstance.RUNNING), seen("i-2", ObservedInstance.PENDING)),
        OURS);

    assertThat(live).extracting(ObservedInstance::instanceId).containsExactlyInAnyOrder("i-1", "i-2", "i-3");
    var synthetic = live.stream().filter(i -> i.instanceId().equals("i-3")).findFirst().orElseThrow();
    assertThat(FleetCensus.poolOf(synthetic)).isEqualTo(POOL.key());
    assertThat(SpotFleetStatusMapper.weight(synthetic)).isEqualTo(2);
    assertThat(book.getUnlistedLaunches()).singleElement().satisfies(u ->
        assertThat(u.getInstanceIds()).as("only what EC2 has not listed past pending").containsExactly("i-2", "i-3"));
  }

  @Test
  void theRecordIsDroppedOnceEverythingIsListedOrTheGraceHasPassed() {
    var listed = launched(NOW.minusSeconds(20).toString(), "i-1");
    census.live(listed, List.of(seen("i-1", ObservedInstance.TERMINATED)), OURS);
    assertThat(listed.getUnlistedLaunches()).isNull();

    var old = launched(NOW.minus(Duration.ofMinutes(6)).toString(), "i-9");
    assertThat(census.live(old, List.of(), OURS)).as("absent after the grace: gone").isEmpty();
    assertThat(old.getUnlistedLaunches()).isNull();
  }

  @Test
  void anInstanceThisOperatorTerminatedIsNotCountedAgainWhenTheViewMissesIt() {
    var book = launched(NOW.minusSeconds(20).toString(), "i-1", "i-2");
    UnlistedLaunches.remove(book, Set.of("i-1"));
    assertThat(census.live(book, List.of(), OURS)).extracting(ObservedInstance::instanceId).containsExactly("i-2");

    UnlistedLaunches.remove(book, Set.of("i-2"));
    assertThat(book.getUnlistedLaunches()).isNull();
  }

  private static SpotFleetStatus counted(int instances, FleetInstance... warned) {
    var book = new SpotFleetStatus();
    var pool = new FleetPoolStatus();
    pool.setInstances(instances);
    book.setPools(List.of(pool));
    book.setWarnedInstances(warned.length == 0 ? null : List.of(warned));
    return book;
  }

  private static FleetInstance warned(String id, String kind) {
    var f = new FleetInstance();
    f.setInstanceId(id);
    f.setWarning(kind);
    return f;
  }

  @Test
  void reclaimsAreWhatTheLastStatusCountedLessWhatIsLiveNow() {
    var book = counted(3);
    census.countReclaimed(fleet(), book, List.of(seen("i-1", ObservedInstance.RUNNING)));
    assertThat(book.getInterruptions()).isEqualTo(2);
    assertThat(warnings).containsExactly("CapacityLost: 2 instance(s) stopped, terminated or gone outside the fleet");

    var steady = counted(1);
    census.countReclaimed(fleet(), steady, List.of(seen("i-1", ObservedInstance.RUNNING)));
    assertThat(steady.getInterruptions()).isNull();
  }

  @Test
  void anInterruptedMembersEndIsNoSecondInterruptionButARebalancedOnesIs() {
    // counted: 2; named: i-w (interruption, now gone), i-r (rebalance, now gone), i-s (interruption, still live)
    var book = counted(2, warned("i-w", "interruption"), warned("i-r", "rebalance"), warned("i-s", "interruption"));
    census.countReclaimed(fleet(), book, List.of(seen("i-1", ObservedInstance.RUNNING),
        seen("i-2", ObservedInstance.RUNNING), seen("i-s", ObservedInstance.RUNNING)));
    assertThat(book.getInterruptions()).isEqualTo(1);
  }

  @Test
  void aFleetWithOnlyAnUnlistedLaunchStillHasMembers() {
    assertThat(FleetCensus.hasMembers(new SpotFleetStatus())).isFalse();
    assertThat(FleetCensus.hasMembers(launched(NOW.toString(), "i-1"))).isTrue();
    assertThat(FleetCensus.hasMembers(counted(1))).isTrue();
    assertThat(FleetCensus.hasMembers(counted(0))).isFalse();
  }
}

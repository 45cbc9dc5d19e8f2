package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.image.InMemoryParameters;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceRemovalTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:10:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final EventRecorder QUIET = new EventRecorder() {
    @Override
    public void normal(HasMetadata resource, String reason, String message) { }

    @Override
    public void warning(HasMetadata resource, String reason, String message) { }
  };

  private final InMemoryEc2Gateway ec2 = new InMemoryEc2Gateway();
  private final InstanceSync sync = new InstanceSync(ec2, InMemoryParameters.emptyResolver(QUIET), QUIET,
      AccessRules.strict("c1"));
  private final InstanceRemoval removal = new InstanceRemoval(sync,
      new LaunchIntent(sync, QUIET, new VisibilityWindow(Duration.ofMinutes(5), CLOCK)), CLOCK);

  @Test
  void rechecksBackOffWithTheTimeSinceDeletionBegan() {
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    resource.getMetadata().setDeletionTimestamp(NOW.minusSeconds(1).toString());
    assertThat(removal.recheckAfter(resource)).isEqualTo(InstanceRemoval.FIRST_RECHECK);
    resource.getMetadata().setDeletionTimestamp(NOW.minusSeconds(40).toString());
    assertThat(removal.recheckAfter(resource)).isEqualTo(Duration.ofSeconds(10));
    resource.getMetadata().setDeletionTimestamp(NOW.minusSeconds(3600).toString());
    assertThat(removal.recheckAfter(resource)).isEqualTo(InstanceRemoval.LONGEST_RECHECK);
  }

  @Test
  void onePassDescribesEverythingOnceAndTerminatesWhatTheViewShows() {
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    resource.getMetadata().setDeletionTimestamp(NOW.toString());
    var desired = InstanceDesired.from(resource, "c1", List.of());
    ObservedInstance recorded = sync.launch(resource, desired.launchRequest("tok-1"));
    ObservedInstance unrecorded = sync.launch(resource, desired.launchRequest("tok-2"));
    var book = new Ec2InstanceStatus();
    book.setInstanceId(recorded.instanceId());
    ec2.calls().clear();

    var recheck = removal.remove(resource, book, desired.ownership(), DeletionPolicy.Delete,
        List.of(recorded, unrecorded), true);

    assertThat(recheck).as("shutting down: look again").isPresent();
    assertThat(ec2.calls()).as("one describe for both, no tag-filtered one").containsOnlyOnce("DescribeInstances");
    assertThat(ec2.instances().get(recorded.instanceId()).isGone()).isTrue();
    assertThat(ec2.instances().get(unrecorded.instanceId()).isGone()).isTrue();
  }
}

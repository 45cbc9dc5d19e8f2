package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceStatus;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.events.RecordedEvents;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.image.InMemoryParameters;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where a launch looks for an earlier one: the shared view, and EC2 by tags only when a try may have launched. */
class LaunchIntentTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  /** Counts the tag-filtered describes, whose cost grows with everything the account holds. */
  static final class CountingEc2 extends InMemoryEc2Gateway {
    final AtomicInteger byTag = new AtomicInteger();

    @Override
    public List<ObservedInstance> describeInstancesByTag(String key, String value) {
      byTag.incrementAndGet();
      return super.describeInstancesByTag(key, value);
    }
  }

  private final CountingEc2 ec2 = new CountingEc2();
  private final RecordedEvents events = new RecordedEvents();
  private final InstanceSync sync = new InstanceSync(ec2, InMemoryParameters.emptyResolver(events), events,
      AccessRules.strict("c1"));
  private final LaunchIntent intent = new LaunchIntent(sync, events, new VisibilityWindow(Duration.ofMinutes(5), CLOCK));
  private final Ec2Instance resource = InstanceFixtures.resource("t3.micro", Map.of());
  private final InstanceDesired desired = InstanceDesired.from(resource, "c1", List.of());

  @Test
  void aFirstLaunchWithACompleteViewAsksEc2NothingByTag() {
    var book = new Ec2InstanceStatus();
    ObservedInstance launched = intent.launch(resource, book, desired, List.of(), true, () -> { });
    assertThat(ec2.byTag).hasValue(0);
    assertThat(ec2.calls()).contains("RunInstances");
    assertThat(book.getInstanceId()).isEqualTo(launched.instanceId());
  }

  @Test
  void anEarlierTryUnderTheTokenIsLookedForInEc2ByTagAndReused() {
    var book = new Ec2InstanceStatus();
    var first = intent.launch(resource, book, desired, List.of(), true, () -> { });
    var retry = new Ec2InstanceStatus(); // the status write of the first launch was lost; its write-ahead was not
    retry.setClientToken(book.getClientToken());
    retry.setCreateRequestedAt(CLOCK.instant().toString());
    int runs = runs();
    ObservedInstance found = intent.launch(resource, retry, desired, List.of(), true, () -> { });
    assertThat(ec2.byTag).hasValue(1);
    assertThat(runs()).as("no second launch").isEqualTo(runs);
    assertThat(found.instanceId()).isEqualTo(first.instanceId());
    assertThat(events.reasons()).contains("Found");
  }

  @Test
  void beforeTheFirstCompleteViewEc2IsAskedByTag() {
    intent.launch(resource, new Ec2InstanceStatus(), desired, List.of(), false, () -> { });
    assertThat(ec2.byTag).hasValue(1);
  }

  @Test
  void anInstanceOfThisResourceInTheViewIsUsedAndAnyDuplicateTerminated() {
    var a = sync.launch(resource, desired.launchRequest("tok-a"));
    var b = sync.launch(resource, desired.launchRequest("tok-b"));
    int runs = runs();
    ObservedInstance used = intent.launch(resource, new Ec2InstanceStatus(), desired, List.of(b, a), true, () -> { });
    assertThat(ec2.byTag).hasValue(0);
    assertThat(runs()).isEqualTo(runs);
    assertThat(List.of(a.instanceId(), b.instanceId())).contains(used.instanceId());
    assertThat(ec2.calls()).contains("TerminateInstances");
    assertThat(events.reasons()).contains("Found", "DuplicateTerminated");
  }

  @Test
  void aParameterIsResolvedOnceWrittenAheadWithTheTokenAndAReplacementLaunchesTheSameAmi() {
    var parameters = new InMemoryParameters().put("/team/web/ami", "ami-0841e304792db6a16");
    var withSsm = new LaunchIntent(new InstanceSync(ec2, new ImageResolver(parameters, events, "us-east-1"), events,
        AccessRules.strict("c1")), events, new VisibilityWindow(Duration.ofMinutes(5), CLOCK));
    var named = InstanceFixtures.resource("t3.micro", Map.of());
    named.getSpec().setImageId("resolve:ssm:/team/web/ami");
    var book = new Ec2InstanceStatus();
    List<String> writtenAhead = new java.util.ArrayList<>();
    var first = withSsm.launch(named, book, InstanceDesired.from(named, "c1", List.of()), List.of(), true,
        () -> writtenAhead.add(book.getResolvedImageId() + " " + book.getClientToken()));
    assertThat(writtenAhead).singleElement().asString().startsWith("ami-0841e304792db6a16 ");
    assertThat(ec2.instances().get(first.instanceId()).imageId()).isEqualTo("ami-0841e304792db6a16");
    assertThat(events.reasons()).containsSubsequence("ImageResolved", "Launched");

    parameters.put("/team/web/ami", "ami-0aaaaaaaaaaaaaaaa"); // the parameter moves on
    ec2.terminateInstance(first.instanceId()); // and the instance is gone: the reconciler replaces it
    book.setClientToken(null);
    var replacement = withSsm.launch(named, book, InstanceDesired.from(named, "c1", List.of()), List.of(), true,
        () -> { });
    assertThat(replacement.instanceId()).isNotEqualTo(first.instanceId());
    assertThat(ec2.instances().get(replacement.instanceId()).imageId()).as("the recorded AMI, not the newer one")
        .isEqualTo("ami-0841e304792db6a16");
    assertThat(parameters.asked()).as("resolved once per resource").containsExactly("/team/web/ami");
  }

  @Test
  void aParameterThatDoesNotExistLaunchesNothingAndWritesNothingAhead() {
    // the fixture's sync has no parameters at all
    var withSsm = new LaunchIntent(sync, events, new VisibilityWindow(Duration.ofMinutes(5), CLOCK));
    var named = InstanceFixtures.resource("t3.micro", Map.of());
    named.getSpec().setImageId("resolve:ssm:/team/web/ami");
    var book = new Ec2InstanceStatus();
    List<String> writtenAhead = new java.util.ArrayList<>();
    assertThatThrownBy(() -> withSsm.launch(named, book, InstanceDesired.from(named, "c1", List.of()), List.of(),
        true, () -> writtenAhead.add("written")))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.errorCode()).isEqualTo("ParameterNotFound"));
    assertThat(ec2.calls()).doesNotContain("RunInstances");
    assertThat(writtenAhead).isEmpty();
    assertThat(book.getClientToken()).isNull();
    assertThat(book.getCreateRequestedAt()).as("no launch may be on its way").isNull();
    assertThat(book.getResolvedImageId()).isNull();
  }

  private int runs() {
    return (int) ec2.calls().stream().filter("RunInstances"::equals).count();
  }

}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.SettableClock;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.RunSchedule;
import dev.fleet.ec2.api.v1alpha1.RunWindow;
import dev.fleet.ec2.api.v1alpha1.RunWindow.Day;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spec.schedule end to end: an instance runs inside its weekday window and is stopped at its end and started at the
 * next one's start, with status naming the next transition; spec.state wins. The test moves the clock schedules
 * read and nudges the resource (an annotation) instead of waiting for the hours to pass.
 */
@ExtendWith(E2eExtension.class)
class ScheduleIT {

  @Test
  void anInstanceRunsInItsWindowsAndStopsOutsideThem(E2eEnvironment env, TestNamespace ns) throws Exception {
    var clock = new SettableClock(ZonedDateTime.parse("2026-12-07T10:00:00+09:00[Asia/Seoul]").toInstant()); // Mon
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env, Map.of(), clock); var ec2 = new DirectEc2(env)) {
      var office = Ec2InstanceResources.instance("office", "t3.micro", Map.of());
      office.getSpec().setSchedule(weekdays());
      office.getSpec().setState(null);
      instances.create(office);
      Ec2Instance running = instances.await("office", "running in its window", i -> hasCondition("Ready", "True", "Running")
          .test(i) && i.getStatus().getSchedule() != null);
      assertThat(running.getStatus().getSchedule().getState()).isEqualTo("running");
      assertThat(running.getStatus().getSchedule().getNextTransition()).isEqualTo("2026-12-07T19:00:00+09:00");
      assertThat(running.getStatus().getSchedule().getNextState()).isEqualTo("stopped");
      String id = running.getStatus().getInstanceId();

      clock.set(ZonedDateTime.parse("2026-12-07T19:00:05+09:00[Asia/Seoul]").toInstant());
      nudge(instances, "1");
      var stopped = instances.await("office", "stopped at the window's end", i -> hasCondition("Ready", "True", "Stopped")
          .test(i) && "stopped".equals(i.getStatus().getSchedule().getState()));
      assertThat(stopped.getStatus().getSchedule().getNextTransition()).isEqualTo("2026-12-08T09:00:00+09:00");
      assertThat(ec2.instance(id).state()).isEqualTo("stopped");

      clock.set(ZonedDateTime.parse("2026-12-08T09:00:05+09:00[Asia/Seoul]").toInstant()); // Tuesday
      nudge(instances, "2");
      instances.await("office", "started at the next window", i -> hasCondition("Ready", "True", "Running").test(i)
          && "2026-12-08T19:00:00+09:00".equals(i.getStatus().getSchedule().getNextTransition()));
      assertThat(ec2.instance(id).state()).isEqualTo("running");
      assertThat(instances.get("office").getStatus().getInstanceId()).as("the same instance").isEqualTo(id);

      // spec.state wins over the schedule, and status says so
      instances.edit("office", i -> {
        i.getSpec().setState(PowerState.stopped);
        return i;
      });
      var held = instances.await("office", "held stopped inside the window", i -> hasCondition("Ready", "True", "Stopped")
          .test(i) && i.getStatus().getSchedule().getOverriddenBy() != null);
      assertThat(held.getStatus().getSchedule().getOverriddenBy()).contains("spec.state stopped wins");
      assertThat(ec2.instance(id).state()).isEqualTo("stopped");
      instances.deleteAndAwaitGone("office");
    }
  }

  @Test
  void aFleetHoldsItsCapacityOnlyInItsWindows(E2eEnvironment env, TestNamespace ns) throws Exception {
    var clock = new SettableClock(ZonedDateTime.parse("2026-12-07T10:00:00+09:00[Asia/Seoul]").toInstant()); // Mon
    var fleets = env.client().resources(dev.fleet.ec2.api.v1alpha1.SpotFleet.class).inNamespace(ns.name());
    try (var operator = RunningOperator.start(env, Map.of("SPOT_PRICES", SpotFleetResources.PRICES), clock);
        var ec2 = new DirectEc2(env)) {
      var fleet = SpotFleetResources.simple("batch", 2);
      fleet.getSpec().setSchedule(weekdays());
      String uid = fleets.resource(fleet).create().getMetadata().getUid();
      var on = SpotFleetResources.await(fleets.withName("batch"), "fulfilled in its window",
          f -> f.getStatus().getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() == 2
              && f.getStatus().getSchedule() != null);
      assertThat(on.getStatus().getSchedule().getNextTransition()).isEqualTo("2026-12-07T19:00:00+09:00");

      clock.set(ZonedDateTime.parse("2026-12-07T19:00:05+09:00[Asia/Seoul]").toInstant());
      nudge(fleets.withName("batch"), "1");
      var off = SpotFleetResources.await(fleets.withName("batch"), "no capacity outside its windows",
          f -> "stopped".equals(f.getStatus().getSchedule().getState()) && SpotFleetResources.counted(f) == 0);
      assertThat(off.getSpec().getTargetCapacity()).as("the spec is not changed").isEqualTo(2);
      org.awaitility.Awaitility.await("members terminated").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> ec2.ownedBy(uid).stream().allMatch(dev.fleet.ec2.cloud.ObservedInstance::isGone));

      clock.set(ZonedDateTime.parse("2026-12-08T09:00:05+09:00[Asia/Seoul]").toInstant()); // Tuesday
      nudge(fleets.withName("batch"), "2");
      SpotFleetResources.await(fleets.withName("batch"), "filled again at the next window",
          f -> "running".equals(f.getStatus().getSchedule().getState()) && SpotFleetResources.counted(f) == 2);
      fleets.withName("batch").delete();
      org.awaitility.Awaitility.await("fleet gone").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> fleets.withName("batch").get() == null);
    }
  }

  private static RunSchedule weekdays() {
    var schedule = new RunSchedule();
    schedule.setTimeZone("Asia/Seoul");
    var window = new RunWindow();
    window.setDays(List.of(Day.Mon, Day.Tue, Day.Wed, Day.Thu, Day.Fri));
    window.setStart("09:00");
    window.setEnd("19:00");
    schedule.setWindows(List.of(window));
    return schedule;
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void nudge(
      io.fabric8.kubernetes.client.dsl.Resource<T> resource, String value) {
    ConflictFreeEdit.edit(resource, r -> {
      var annotations = new HashMap<>(r.getMetadata().getAnnotations() == null ? Map.<String, String>of()
          : r.getMetadata().getAnnotations());
      annotations.put("test.ec2.fleet.dev/nudge", value);
      r.getMetadata().setAnnotations(annotations);
      return r;
    });
  }

  /** A metadata change wakes the resource now rather than at the edge its last pass scheduled by the old time. */
  private static void nudge(Ec2InstanceResources instances, String value) {
    nudge(instances.named("office"), value);
  }
}

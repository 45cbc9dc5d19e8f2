package dev.fleet.ec2.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.RunSchedule;
import dev.fleet.ec2.api.v1alpha1.RunWindow;
import dev.fleet.ec2.api.v1alpha1.RunWindow.Day;
import dev.fleet.ec2.cloud.CloudException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerScheduleTest {

  private static Ec2InstanceSpec spec(String zone, RunWindow... windows) {
    var schedule = new RunSchedule();
    schedule.setTimeZone(zone);
    schedule.setWindows(List.of(windows));
    var spec = new Ec2InstanceSpec();
    spec.setSchedule(schedule);
    return spec;
  }

  private static RunWindow window(String start, String end, Day... days) {
    var w = new RunWindow();
    w.setDays(List.of(days));
    w.setStart(start);
    w.setEnd(end);
    return w;
  }

  private static Instant at(String local) {
    return ZonedDateTime.parse(local).toInstant();
  }

  private static final RunWindow WEEKDAYS = window("09:00", "19:00", Day.Mon, Day.Tue, Day.Wed, Day.Thu, Day.Fri);

  @Test
  void insideAWindowItRunsUntilTheWindowsEnd() {
    // 2026-12-07 is a Monday
    var d = PowerSchedule.decide(spec("Asia/Seoul", WEEKDAYS), at("2026-12-07T10:00:00+09:00[Asia/Seoul]"));
    assertThat(d.state()).isEqualTo(PowerState.running);
    assertThat(d.nextTransition()).isEqualTo(at("2026-12-07T19:00:00+09:00[Asia/Seoul]"));
    assertThat(d.status().getNextTransition()).isEqualTo("2026-12-07T19:00:00+09:00");
    assertThat(d.status().getNextState()).isEqualTo("stopped");
  }

  @Test
  void afterFridaysWindowItIsStoppedUntilMonday() {
    var d = PowerSchedule.decide(spec("Asia/Seoul", WEEKDAYS), at("2026-12-11T19:00:00+09:00[Asia/Seoul]"));
    assertThat(d.state()).isEqualTo(PowerState.stopped);
    assertThat(d.nextTransition()).isEqualTo(at("2026-12-14T09:00:00+09:00[Asia/Seoul]"));
    assertThat(d.status().getNextState()).isEqualTo("running");
  }

  @Test
  void aWindowEndingBeforeItStartsRunsOvernightAndTouchingWindowsMerge() {
    var nights = spec("UTC", window("22:00", "06:00", Day.Sat), window("06:00", "08:00", Day.Sun));
    var d = PowerSchedule.decide(nights, at("2026-12-06T03:00:00Z[UTC]")); // Sunday 03:00, from Saturday night
    assertThat(d.state()).isEqualTo(PowerState.running);
    assertThat(d.nextTransition()).as("one span to Sunday 08:00").isEqualTo(at("2026-12-06T08:00:00Z[UTC]"));
    assertThat(PowerSchedule.decide(spec("UTC", window("00:00", "24:00", Day.Wed)), at("2026-12-09T23:59:00Z[UTC]"))
        .nextTransition()).isEqualTo(at("2026-12-10T00:00:00Z[UTC]"));
  }

  @Test
  void windowsFollowTheWallClockAcrossDaylightSaving() {
    // Europe/Berlin moves to summer time on 2027-03-28 at 02:00 local: 09:00 local is then 07:00 UTC, not 08:00
    var d = PowerSchedule.decide(spec("Europe/Berlin", window("09:00", "17:00", Day.Sun)),
        at("2027-03-28T05:00:00Z[UTC]"));
    assertThat(d.state()).isEqualTo(PowerState.stopped);
    assertThat(d.nextTransition()).isEqualTo(Instant.parse("2027-03-28T07:00:00Z"));
  }

  @Test
  void anExplicitStateWinsAndStatusSaysSo() {
    var spec = spec("Asia/Seoul", WEEKDAYS);
    spec.setState(PowerState.stopped);
    var d = PowerSchedule.decide(spec, at("2026-12-07T10:00:00+09:00[Asia/Seoul]"));
    assertThat(d.state()).isEqualTo(PowerState.stopped);
    assertThat(d.nextTransition()).as("nothing to wake for").isNull();
    assertThat(d.status().getState()).isEqualTo("running");
    assertThat(d.status().getOverriddenBy()).contains("spec.state stopped wins");
  }

  @Test
  void noScheduleMeansTheStateOrRunning() {
    assertThat(PowerSchedule.decide(new Ec2InstanceSpec(), Instant.EPOCH).state()).isEqualTo(PowerState.running);
    assertThat(PowerSchedule.decide(new Ec2InstanceSpec(), Instant.EPOCH).status()).isNull();
  }

  @Test
  void anUnknownTimeZoneIsTerminal() {
    assertThatThrownBy(() -> PowerSchedule.decide(spec("Mars/Olympus", WEEKDAYS), Instant.EPOCH))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.errorCode()).isEqualTo("UnknownTimeZone"));
  }
}

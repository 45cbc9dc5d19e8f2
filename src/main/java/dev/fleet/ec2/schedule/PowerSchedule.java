package dev.fleet.ec2.schedule;

import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.RunSchedule;
import dev.fleet.ec2.api.v1alpha1.RunWindow;
import dev.fleet.ec2.api.v1alpha1.ScheduleStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether something scheduled should run now: an explicit state when given (an instance's spec.state wins), else
 * what the weekly windows say (running inside one, stopped outside), else running; and when the schedule next
 * changes its answer. Windows are read in their time zone's local time on each date, so daylight saving moves them
 * with the wall clock. Pure.
 */
public final class PowerSchedule {

  /**
   * @param nextTransition when the schedule's answer next changes (null: never, or no schedule decides)
   * @param status what status shows of the schedule (null without one)
   */
  public record Decision(PowerState state, Instant nextTransition, ScheduleStatus status) {

    /**
     * Milliseconds until a pass should look again because the schedule's answer changes: a second past the edge
     * (so that pass sees the new answer), at most an hour (a clock that jumps cannot strand it); empty if never.
     */
    public java.util.Optional<Long> recheckAfter(Instant now) {
      if (nextTransition == null) {
        return java.util.Optional.empty();
      }
      long until = Math.max(0, java.time.Duration.between(now, nextTransition).toMillis()) + 1_000;
      return java.util.Optional.of(Math.min(until, 3_600_000L));
    }
  }

  private record Span(Instant start, Instant end) {}

  private PowerSchedule() {}

  /** An instance's: spec.state wins over spec.schedule. Throws Terminal for a time zone Java does not know. */
  public static Decision decide(Ec2InstanceSpec spec, Instant now) {
    return decide(spec.getSchedule(), spec.getState(), now);
  }

  /**
   * @param schedule the weekly windows, or null for none (then {@code explicit}, else running)
   * @param explicit a state the spec asks for regardless of the schedule, or null
   */
  public static Decision decide(RunSchedule schedule, PowerState explicit, Instant now) {
    if (schedule == null) {
      return new Decision(explicit == null ? PowerState.running : explicit, null, null);
    }
    ZoneId zone = zone(schedule.getTimeZone());
    List<Span> spans = spans(schedule, zone, now);
    Span current = spans.stream().filter(s -> !now.isBefore(s.start()) && now.isBefore(s.end())).findFirst()
        .orElse(null);
    PowerState scheduled = current != null ? PowerState.running : PowerState.stopped;
    Instant next = current != null ? current.end()
        : spans.stream().map(Span::start).filter(t -> t.isAfter(now)).min(Comparator.naturalOrder()).orElse(null);
    ScheduleStatus status = new ScheduleStatus();
    status.setState(scheduled.name());
    if (next != null) {
      status.setNextTransition(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.atZone(zone)));
      status.setNextState((scheduled == PowerState.running ? PowerState.stopped : PowerState.running).name());
    }
    if (explicit != null) {
      status.setOverriddenBy("spec.state " + explicit + " wins; remove it to let the schedule decide");
      return new Decision(explicit, null, status);
    }
    return new Decision(scheduled, next, status);
  }

  /** As {@link #decide}, for a report: a time zone Java does not know leaves spec.state (the pass says Terminal). */
  public static Decision decideForReport(RunSchedule schedule, PowerState explicit, Instant now) {
    try {
      return decide(schedule, explicit, now);
    } catch (CloudException e) {
      return new Decision(explicit == null ? PowerState.running : explicit, null, null);
    }
  }

  /** Every window occurrence from a day before to eight days after {@code now}, overlapping ones merged. */
  private static List<Span> spans(RunSchedule schedule, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    List<Span> all = new ArrayList<>();
    for (int offset = -1; offset <= 8; offset++) {
      LocalDate day = today.plusDays(offset);
      for (RunWindow w : schedule.getWindows()) {
        if (w.getDays().stream().anyMatch(d -> d.ordinal() == day.getDayOfWeek().ordinal())) {
          LocalTime start = LocalTime.parse(w.getStart());
          boolean toMidnight = "24:00".equals(w.getEnd());
          LocalTime end = toMidnight ? LocalTime.MIDNIGHT : LocalTime.parse(w.getEnd());
          LocalDate endDay = toMidnight || !end.isAfter(start) ? day.plusDays(1) : day;
          all.add(new Span(ZonedDateTime.of(day, start, zone).toInstant(),
              ZonedDateTime.of(endDay, end, zone).toInstant()));
        }
      }
    }
    all.sort(Comparator.comparing(Span::start));
    List<Span> merged = new ArrayList<>();
    for (Span s : all) {
      Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !s.start().isAfter(last.end())) {
        merged.set(merged.size() - 1, new Span(last.start(), s.end().isAfter(last.end()) ? s.end() : last.end()));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new CloudException(CloudErrorKind.TERMINAL, "Configuration", "UnknownTimeZone", "spec.schedule.timeZone "
          + id + " is not a time zone: use an IANA name such as Asia/Seoul, Europe/Berlin or UTC", null);
    }
  }
}

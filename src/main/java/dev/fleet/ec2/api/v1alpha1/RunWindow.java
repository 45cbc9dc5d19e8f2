package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One weekly running window: on these days, from start to end (local time); an end before start ends next day. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.start != self.end", message = "a window's start and end differ: for all day, 00:00 to"
    + " 24:00")
public class RunWindow {
  /** Days as cron and most calendars abbreviate them. */
  public enum Day { Mon, Tue, Wed, Thu, Fri, Sat, Sun }

  @Required
  @Size(min = 1, max = 7)
  @JsonPropertyDescription("The days the window starts on.")
  private List<Day> days;

  @Required
  @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$")
  @JsonPropertyDescription("Start, HH:MM local time.")
  private String start;

  @Required
  @Pattern("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")
  @JsonPropertyDescription("End, HH:MM local time (24:00 for midnight); earlier than start: the next day.")
  private String end;

  public List<Day> getDays() {
    return days;
  }

  public void setDays(List<Day> days) {
    this.days = days;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getEnd() {
    return end;
  }

  public void setEnd(String end) {
    this.end = end;
  }
}

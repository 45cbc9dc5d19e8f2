package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** When an instance runs: weekly windows in one time zone; outside them it is stopped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunSchedule {

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("An IANA time zone, e.g. Asia/Seoul, Europe/Berlin, UTC. The windows are in its local time,"
      + " daylight saving included.")
  private String timeZone;

  @Required
  @Size(min = 1, max = 28)
  @JsonPropertyDescription("The weekly windows in which the instance runs; outside all of them it is stopped.")
  private List<RunWindow> windows;

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public List<RunWindow> getWindows() {
    return windows;
  }

  public void setWindows(List<RunWindow> windows) {
    this.windows = windows;
  }
}

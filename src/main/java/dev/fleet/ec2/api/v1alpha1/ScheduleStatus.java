package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What spec.schedule does next. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {

  @JsonPropertyDescription("The state the schedule asks for now: running or stopped.")
  private String state;

  @JsonPropertyDescription("When it next changes, in the schedule's time zone (RFC 3339).")
  private String nextTransition;

  @JsonPropertyDescription("What it changes to then.")
  private String nextState;

  @JsonPropertyDescription("Why the schedule does not decide, when it does not (spec.state is set).")
  private String overriddenBy;

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getNextTransition() {
    return nextTransition;
  }

  public void setNextTransition(String nextTransition) {
    this.nextTransition = nextTransition;
  }

  public String getNextState() {
    return nextState;
  }

  public void setNextState(String nextState) {
    this.nextState = nextState;
  }

  public String getOverriddenBy() {
    return overriddenBy;
  }

  public void setOverriddenBy(String overriddenBy) {
    this.overriddenBy = overriddenBy;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A fleet launch written to status before RunInstances is called, and cleared once its answer is in. Still
 * there on the next pass, its outcome is unknown (a lost answer, a crash): the pass repeats exactly it, under
 * the same client token, so that EC2 answers with what it launched the first time instead of launching again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PendingLaunch {
  @JsonPropertyDescription("The RunInstances client token of this launch.")
  private String clientToken;

  @JsonPropertyDescription("Index of the launch specification.")
  private Integer spec;

  @JsonPropertyDescription("The pool, instance type/zone.")
  private String pool;

  @JsonPropertyDescription("spot, on-demand or rebalance.")
  private String purpose;

  @JsonPropertyDescription("How many instances, in one call.")
  private Integer count;

  public String getClientToken() {
    return clientToken;
  }

  public void setClientToken(String clientToken) {
    this.clientToken = clientToken;
  }

  public Integer getSpec() {
    return spec;
  }

  public void setSpec(Integer spec) {
    this.spec = spec;
  }

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  public String getPurpose() {
    return purpose;
  }

  public void setPurpose(String purpose) {
    this.purpose = purpose;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }
}

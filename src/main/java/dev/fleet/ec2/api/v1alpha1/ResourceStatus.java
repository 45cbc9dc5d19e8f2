package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every kind reports: the generation last acted on and the Ready / Synced / Terminal conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {

  @JsonPropertyDescription("The metadata.generation the operator last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Synced and Terminal, each with status, reason, message and observedGeneration.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The cluster name (operator installation) whose ownership tags this resource's EC2 resources"
      + " carry; recorded when the operator first creates or adopts one. An operator started under another name"
      + " leaves the resource alone (reason ClusterNameChanged) instead of creating duplicates.")
  private String clusterName;

  @JsonPropertyDescription("When the operator asked EC2 to create something for this resource that EC2 has not listed"
      + " since (its answer was lost, or it is not visible yet). Until the visibility grace has passed since then,"
      + " nothing is created again on that evidence, and deletion waits for it to appear.")
  private String createRequestedAt;

  @JsonPropertyDescription("The AwsAccount this resource acts in (from spec.accountRef or its namespace's default),"
      + " recorded at its first pass: a namespace default changed later does not move it. Absent: the operator's"
      + " own credentials.")
  private String account;

  @JsonPropertyDescription("True while the EC2 resource named here is only observed (managementPolicy Observe): the"
      + " operator has not tagged or changed it, and switching to Manage adopts it first.")
  private Boolean observeOnly;

  public Boolean getObserveOnly() {
    return observeOnly;
  }

  public void setObserveOnly(Boolean observeOnly) {
    this.observeOnly = observeOnly;
  }

  /** True while the EC2 resource named in status is observed, not managed. */
  public boolean observing() {
    return Boolean.TRUE.equals(observeOnly);
  }

  public String getAccount() {
    return account;
  }

  public void setAccount(String account) {
    this.account = account;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getClusterName() {
    return clusterName;
  }

  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  public String getCreateRequestedAt() {
    return createRequestedAt;
  }

  public void setCreateRequestedAt(String createRequestedAt) {
    this.createRequestedAt = createRequestedAt;
  }

  /** Carries the lifecycle bookkeeping every kind shares into a freshly built status. */
  public void copyLifecycleFrom(ResourceStatus book) {
    clusterName = book.clusterName;
    createRequestedAt = book.createRequestedAt;
    account = book.account;
    observeOnly = book.observeOnly;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What STS says of the account's credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsAccountStatus {
  @JsonPropertyDescription("The account id GetCallerIdentity returned with these credentials.")
  private String accountId;

  @JsonPropertyDescription("The identity (ARN) the operator acts as in this account.")
  private String arn;

  @JsonPropertyDescription("The metadata.generation last checked.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready: True once GetCallerIdentity answered with these credentials; False with STS's"
      + " error code and message otherwise.")
  private List<Condition> conditions = new ArrayList<>();

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Desired state of one Elastic IP address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.region) == has(oldSelf.region) && (!has(self.region) || self.region == oldSelf.region)",
    message = "region is immutable: delete and recreate the ElasticIp to change it")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef) && (!has(self.accountRef) || self.accountRef.name == oldSelf.accountRef.name)",
    message = "accountRef is immutable: delete and recreate the ElasticIp to change it")
public class ElasticIpSpec {

  @JsonPropertyDescription("The Ec2Instance (same namespace, region and account) the address is associated with, once"
      + " it runs; changing it moves the address, removing it disassociates the address (which stays allocated).")
  private LocalRef instanceRef;

  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @JsonPropertyDescription("The AWS region; default: the operator's region. Immutable.")
  private String region;

  @JsonPropertyDescription("The AwsAccount to act in; default: the namespace's (annotation ec2.fleet.dev/account), else"
      + " the operator's own credentials. Immutable.")
  private AccountRef accountRef;

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on the address, besides the operator's ownership tags.")
  private Map<String, String> tags;

  @Default("Delete")
  @JsonPropertyDescription("What deleting the resource does: Delete disassociates and releases the address; Retain"
      + " leaves it allocated (and associated), without the operator's tags.")
  private DeletionPolicy deletionPolicy;

  public LocalRef getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(LocalRef instanceRef) {
    this.instanceRef = instanceRef;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public AccountRef getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(AccountRef accountRef) {
    this.accountRef = accountRef;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}

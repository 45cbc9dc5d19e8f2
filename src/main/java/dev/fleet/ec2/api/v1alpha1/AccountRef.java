package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to an AwsAccount (cluster-scoped) by name. */
public class AccountRef {

  @Required
  @JsonPropertyDescription("metadata.name of the AwsAccount.")
  private String name;

  public AccountRef() {}

  public AccountRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reference to another resource of this operator in the same namespace. */
public class LocalRef {

  @Required
  @JsonPropertyDescription("metadata.name of the referenced resource.")
  private String name;

  public LocalRef() {}

  public LocalRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}

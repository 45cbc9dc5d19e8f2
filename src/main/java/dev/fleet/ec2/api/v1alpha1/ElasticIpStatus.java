package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of one Elastic IP address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ElasticIpStatus extends ResourceStatus {

  @JsonPropertyDescription("The address's allocation id, eipalloc-...")
  private String allocationId;

  @JsonPropertyDescription("The public IPv4 address.")
  private String publicIp;

  @JsonPropertyDescription("The association the operator made (eipassoc-...); absent while not associated.")
  private String associationId;

  @JsonPropertyDescription("The instance the address is associated with, as EC2 reports it.")
  private String instanceId;

  @JsonPropertyDescription("Tag keys from spec.tags last applied; a key dropped from the spec is removed from EC2.")
  private List<String> managedTagKeys;

  public String getAllocationId() {
    return allocationId;
  }

  public void setAllocationId(String allocationId) {
    this.allocationId = allocationId;
  }

  public String getPublicIp() {
    return publicIp;
  }

  public void setPublicIp(String publicIp) {
    this.publicIp = publicIp;
  }

  public String getAssociationId() {
    return associationId;
  }

  public void setAssociationId(String associationId) {
    this.associationId = associationId;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }
}

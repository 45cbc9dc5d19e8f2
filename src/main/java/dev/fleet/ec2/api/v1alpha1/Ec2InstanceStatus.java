package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of one EC2 instance, as EC2 reports it, and what the operator needs to find it again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Ec2InstanceStatus extends CostedStatus {

  @JsonPropertyDescription("The EC2 instance id, i-...")
  private String instanceId;

  @JsonPropertyDescription("The instance state as EC2 reports it: pending, running, stopping, stopped, shutting-down,"
      + " terminated.")
  private String state;

  @JsonPropertyDescription("The instance type EC2 reports.")
  private String instanceType;

  @JsonPropertyDescription("Private IPv4 address.")
  private String privateIpAddress;

  @JsonPropertyDescription("Public IPv4 address; changes when the instance is stopped and started.")
  private String publicIpAddress;

  @JsonPropertyDescription("Public DNS name.")
  private String publicDnsName;

  @JsonPropertyDescription("Availability zone.")
  private String availabilityZone;

  @JsonPropertyDescription("When EC2 last launched (or started) the instance.")
  private String launchTime;

  @JsonPropertyDescription("spot or on-demand.")
  private String lifecycle;

  @JsonPropertyDescription("The AMI id spec.imageId's resolve:ssm: parameter held when the operator resolved it,"
      + " written before the first launch: what the instance was launched with, and what a replacement is launched with."
      + " It is never resolved again for this resource, so a parameter that moves on replaces nothing.")
  private String resolvedImageId;

  @JsonPropertyDescription("Idempotency token of the current launch, written before RunInstances is called.")
  private String clientToken;

  @JsonPropertyDescription("Tag keys from spec.tags last applied; a key dropped from the spec is removed from EC2.")
  private List<String> managedTagKeys;

  @JsonPropertyDescription("The last ec2.fleet.dev/reboot-requested-at value acted on.")
  private String lastRebootRequest;

  @JsonPropertyDescription("spec.schedule: what it asks for now and when that changes next.")
  private ScheduleStatus schedule;

  public ScheduleStatus getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleStatus schedule) {
    this.schedule = schedule;
  }

  @JsonPropertyDescription("The ElasticIp (in this namespace) whose address is associated with the instance, if any:"
      + " then publicIpAddress is that address, and it survives a stop and start.")
  private String elasticIp;

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getInstanceType() {
    return instanceType;
  }

  public void setInstanceType(String instanceType) {
    this.instanceType = instanceType;
  }

  public String getPrivateIpAddress() {
    return privateIpAddress;
  }

  public void setPrivateIpAddress(String privateIpAddress) {
    this.privateIpAddress = privateIpAddress;
  }

  public String getPublicIpAddress() {
    return publicIpAddress;
  }

  public void setPublicIpAddress(String publicIpAddress) {
    this.publicIpAddress = publicIpAddress;
  }

  public String getPublicDnsName() {
    return publicDnsName;
  }

  public void setPublicDnsName(String publicDnsName) {
    this.publicDnsName = publicDnsName;
  }

  public String getAvailabilityZone() {
    return availabilityZone;
  }

  public void setAvailabilityZone(String availabilityZone) {
    this.availabilityZone = availabilityZone;
  }

  public String getLaunchTime() {
    return launchTime;
  }

  public void setLaunchTime(String launchTime) {
    this.launchTime = launchTime;
  }

  public String getLifecycle() {
    return lifecycle;
  }

  public void setLifecycle(String lifecycle) {
    this.lifecycle = lifecycle;
  }

  public String getResolvedImageId() {
    return resolvedImageId;
  }

  public void setResolvedImageId(String resolvedImageId) {
    this.resolvedImageId = resolvedImageId;
  }

  public String getClientToken() {
    return clientToken;
  }

  public void setClientToken(String clientToken) {
    this.clientToken = clientToken;
  }

  public List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }

  public String getLastRebootRequest() {
    return lastRebootRequest;
  }

  public void setLastRebootRequest(String lastRebootRequest) {
    this.lastRebootRequest = lastRebootRequest;
  }

  public String getElasticIp() {
    return elasticIp;
  }

  public void setElasticIp(String elasticIp) {
    this.elasticIp = elasticIp;
  }
}

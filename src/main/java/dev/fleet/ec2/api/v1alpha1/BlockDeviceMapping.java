package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One block device attached at launch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlockDeviceMapping {

  @Required
  @JsonPropertyDescription("The device name, for example /dev/xvda.")
  private String deviceName;

  @Required
  @JsonPropertyDescription("The EBS volume.")
  private EbsVolume ebs;

  public String getDeviceName() {
    return deviceName;
  }

  public void setDeviceName(String deviceName) {
    this.deviceName = deviceName;
  }

  public EbsVolume getEbs() {
    return ebs;
  }

  public void setEbs(EbsVolume ebs) {
    this.ebs = ebs;
  }
}

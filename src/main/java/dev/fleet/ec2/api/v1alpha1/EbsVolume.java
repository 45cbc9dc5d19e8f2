package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** An EBS volume created at launch. Unset fields take EC2's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EbsVolume {

  @Min(1)
  @Max(65536)
  @JsonPropertyDescription("Size in GiB.")
  private Integer volumeSize;

  @JsonPropertyDescription("gp2, gp3, io1, io2, st1, sc1 or standard.")
  private VolumeType volumeType;

  @Min(100)
  @JsonPropertyDescription("Provisioned IOPS (gp3, io1, io2).")
  private Integer iops;

  @Min(125)
  @JsonPropertyDescription("Throughput in MiB/s (gp3).")
  private Integer throughput;

  @JsonPropertyDescription("Whether the volume is encrypted.")
  private Boolean encrypted;

  @JsonPropertyDescription("Whether the volume is deleted with the instance; EC2's default is true.")
  private Boolean deleteOnTermination;

  /** EBS volume types. */
  public enum VolumeType { gp2, gp3, io1, io2, st1, sc1, standard }

  public Integer getVolumeSize() {
    return volumeSize;
  }

  public void setVolumeSize(Integer volumeSize) {
    this.volumeSize = volumeSize;
  }

  public VolumeType getVolumeType() {
    return volumeType;
  }

  public void setVolumeType(VolumeType volumeType) {
    this.volumeType = volumeType;
  }

  public Integer getIops() {
    return iops;
  }

  public void setIops(Integer iops) {
    this.iops = iops;
  }

  public Integer getThroughput() {
    return throughput;
  }

  public void setThroughput(Integer throughput) {
    this.throughput = throughput;
  }

  public Boolean getEncrypted() {
    return encrypted;
  }

  public void setEncrypted(Boolean encrypted) {
    this.encrypted = encrypted;
  }

  public Boolean getDeleteOnTermination() {
    return deleteOnTermination;
  }

  public void setDeleteOnTermination(Boolean deleteOnTermination) {
    this.deleteOnTermination = deleteOnTermination;
  }
}

package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.BlockDeviceMapping;
import dev.fleet.ec2.api.v1alpha1.EbsVolume;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotFleetRequestConverterTest {

  @Test
  void convertsARequestConfigAndReportsWhatItCannotCarry() throws Exception {
    String json = Files.readString(Path.of("src/test/resources/spot-fleet-request.json"));
    var result = SpotFleetRequestConverter.convert(json, "batch");
    SpotFleetSpec spec = result.fleet().getSpec();
    assertThat(result.fleet().getMetadata().getName()).isEqualTo("batch");
    assertThat(spec.getTargetCapacity()).isEqualTo(8);
    assertThat(spec.getSpotPrice()).isEqualTo("0.70");
    assertThat(spec.getAllocationStrategy()).isEqualTo(SpotFleetSpec.AllocationStrategy.lowestPrice);
    assertThat(spec.getType()).isEqualTo(SpotFleetSpec.FleetType.maintain);
    assertThat(spec.getIamFleetRole()).endsWith("aws-ec2-spot-fleet-tagging-role");
    assertThat(spec.getLaunchSpecifications()).extracting(LaunchSpecification::getInstanceType)
        .containsExactly("t3.small", "t3.medium", "t3.xlarge");
    assertThat(spec.getLaunchSpecifications()).extracting(LaunchSpecification::getWeightedCapacity)
        .containsExactly(1, 2, 4);
    assertThat(spec.getLaunchSpecifications().get(0).getUserData()).isEqualTo("#!/bin/bash\necho hello\n");
    assertThat(spec.getLaunchSpecifications().get(0).getTags()).containsEntry("team", "batch");
    assertThat(spec.getLaunchSpecifications().get(2).getSpotPrice()).isEqualTo("0.50");
    assertThat(result.unsupported()).containsExactlyInAnyOrder("TerminateInstancesWithExpiration", "ValidUntil",
        "LaunchSpecifications[1].Monitoring");
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void blockDeviceMappingsAreCarriedAndWhatTheyCannotCarryIsReported() throws Exception {
    var result = SpotFleetRequestConverter.convert("""
        {"TargetCapacity": 2, "LaunchSpecifications": [{"ImageId": "ami-0ed094fb1304fd857", "InstanceType": "t3.small",
          "BlockDeviceMappings": [
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 50, "VolumeType": "gp3", "Iops": 4000,
              "Throughput": 250, "Encrypted": true, "DeleteOnTermination": false}},
            {"DeviceName": "/dev/sdf", "Ebs": {"SnapshotId": "snap-0123456789abcdef0", "VolumeType": "gp9"}},
            {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}]}]}
        """, "disks");

    List<BlockDeviceMapping> mappings = result.fleet().getSpec().getLaunchSpecifications().get(0)
        .getBlockDeviceMappings();
    assertThat(mappings).extracting(BlockDeviceMapping::getDeviceName).containsExactly("/dev/xvda", "/dev/sdf");
    EbsVolume root = mappings.get(0).getEbs();
    assertThat(List.of(root.getVolumeSize(), root.getIops(), root.getThroughput())).containsExactly(50, 4000, 250);
    assertThat(root.getVolumeType()).isEqualTo(EbsVolume.VolumeType.gp3);
    assertThat(root.getEncrypted()).isTrue();
    assertThat(root.getDeleteOnTermination()).isFalse();
    assertThat(mappings.get(1).getEbs().getVolumeType()).as("gp9 is no volume type").isNull();
    assertThat(result.unsupported()).containsExactlyInAnyOrder(
        "LaunchSpecifications[0].BlockDeviceMappings[1].Ebs.SnapshotId",
        "LaunchSpecifications[0].BlockDeviceMappings[1].Ebs.VolumeType gp9 (EC2's default applies)",
        "LaunchSpecifications[0].BlockDeviceMappings[2] (/dev/sdb: only EBS volumes with a device name are carried;"
            + " instance store and NoDevice mappings are not)");
  }

  @Test
  void aCommaSeparatedSubnetListBecomesOneLaunchSpecificationPerSubnet() throws Exception {
    var result = SpotFleetRequestConverter.convert("""
        {"TargetCapacity": 6, "LaunchSpecifications": [
          {"ImageId": "ami-0ed094fb1304fd857", "InstanceType": "t3.small", "WeightedCapacity": 2, "SpotPrice": "0.02",
           "SubnetId": "subnet-0a1b2c3d, subnet-0e1f2a3b,subnet-0a1b2c3d",
           "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30}}]},
          {"ImageId": "ami-0ed094fb1304fd857", "InstanceType": "t3.large", "SubnetId": "subnet-0c0c0c0c"}]}
        """, "zones");

    List<LaunchSpecification> specs = result.fleet().getSpec().getLaunchSpecifications();
    assertThat(specs).extracting(LaunchSpecification::getSubnetId)
        .containsExactly("subnet-0a1b2c3d", "subnet-0e1f2a3b", "subnet-0c0c0c0c");
    assertThat(specs).extracting(LaunchSpecification::getInstanceType).containsExactly("t3.small", "t3.small",
        "t3.large");
    assertThat(specs.subList(0, 2)).allSatisfy(s -> {
      assertThat(s.getWeightedCapacity()).isEqualTo(2);
      assertThat(s.getSpotPrice()).isEqualTo("0.02");
      assertThat(s.getBlockDeviceMappings()).singleElement().satisfies(m -> assertThat(m.getEbs().getVolumeSize())
          .isEqualTo(30));
    });
    assertThat(specs.get(0).getBlockDeviceMappings()).as("each specification its own copy")
        .isNotSameAs(specs.get(1).getBlockDeviceMappings());
    assertThat(result.notes()).containsExactly("LaunchSpecifications[0]: SubnetId lists 2 subnets; EC2 makes each its"
        + " own pool, so it becomes one launch specification per subnet: subnet-0a1b2c3d, subnet-0e1f2a3b");
    assertThat(result.unsupported()).isEmpty();
  }

  @Test
  void moreSpecificationsThanASpotFleetTakesAreReported() throws Exception {
    String spec = "{\"ImageId\": \"ami-0ed094fb1304fd857\", \"InstanceType\": \"t3.small\", \"SubnetId\":"
        + " \"subnet-0a1b2c3d,subnet-0e1f2a3b\"}";
    String json = "{\"TargetCapacity\": 1, \"LaunchSpecifications\": [" + String.join(",", Collections.nCopies(26,
        spec)) + "]}";

    var result = SpotFleetRequestConverter.convert(json, "wide");

    assertThat(result.fleet().getSpec().getLaunchSpecifications()).hasSize(52);
    assertThat(result.unsupported()).containsExactly("LaunchSpecifications: 52 after one per subnet, but a SpotFleet"
        + " takes at most 50: split the request into several fleets");
  }
}

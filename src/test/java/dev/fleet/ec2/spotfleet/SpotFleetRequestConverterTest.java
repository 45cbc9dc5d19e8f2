package dev.fleet.ec2.spotfleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
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
  }
}

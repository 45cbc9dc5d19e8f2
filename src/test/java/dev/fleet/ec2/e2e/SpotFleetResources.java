package dev.fleet.ec2.e2e;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Watching SpotFleet resources in end-to-end tests. */
final class SpotFleetResources {
  /** Spot prices for the emulator, whose price history is a stub. */
  static final String PRICES = "t3.small=0.010,t3.medium=0.016,t3.xlarge=0.036";

  private SpotFleetResources() {}

  /** A fleet of t3.small spot instances in the default subnets. */
  static SpotFleet simple(String name, int target) {
    var ls = new dev.fleet.ec2.api.v1alpha1.LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType("t3.small");
    var spec = new dev.fleet.ec2.api.v1alpha1.SpotFleetSpec();
    spec.setTargetCapacity(target);
    spec.setLaunchSpecifications(java.util.List.of(ls));
    var f = new SpotFleet();
    f.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    f.setSpec(spec);
    return f;
  }

  /** A launch specification of {@code type} in one subnet, weight 1. */
  static dev.fleet.ec2.api.v1alpha1.LaunchSpecification launchSpec(String type, String subnetId) {
    return launchSpec(type, 1, subnetId);
  }

  /** A launch specification of the test AMI in one subnet. */
  static dev.fleet.ec2.api.v1alpha1.LaunchSpecification launchSpec(String type, int weight, String subnetId) {
    var ls = new dev.fleet.ec2.api.v1alpha1.LaunchSpecification();
    ls.setImageId(Ec2InstanceResources.AMI);
    ls.setInstanceType(type);
    ls.setWeightedCapacity(weight);
    ls.setSubnetId(subnetId);
    return ls;
  }

  /** Members the status counts toward the target, summed over its pools. */
  static int counted(SpotFleet f) {
    return f.getStatus().getPools() == null ? 0 : f.getStatus().getPools().stream()
        .mapToInt(p -> p.getInstances() == null ? 0 : p.getInstances()).sum();
  }

  /** True when the status names {@code instanceId} as warned of an interruption. */
  static boolean warnedOfInterruption(SpotFleet f, String instanceId) {
    return f.getStatus().getWarnedInstances() != null && f.getStatus().getWarnedInstances().stream()
        .anyMatch(i -> i.getInstanceId().equals(instanceId) && "interruption".equals(i.getWarning()));
  }

  /** Launched instances the status records as not listed by EC2 yet. */
  static int unlisted(SpotFleet f) {
    return f.getStatus().getUnlistedLaunches() == null ? 0 : f.getStatus().getUnlistedLaunches().stream()
        .mapToInt(u -> u.getInstanceIds().size()).sum();
  }

  /** Waits until the fleet exists, has a status and passes {@code check}; returns it as last read. */
  static SpotFleet await(Resource<SpotFleet> fleet, String what, Predicate<SpotFleet> check) {
    Awaitility.await(what).atMost(Ec2InstanceResources.PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          SpotFleet f = fleet.get();
          return f != null && f.getStatus() != null && check.test(f);
        });
    return fleet.get();
  }
}

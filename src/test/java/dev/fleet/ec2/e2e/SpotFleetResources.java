package dev.fleet.ec2.e2e;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Watching SpotFleet resources in end-to-end tests. */
final class SpotFleetResources {
  private SpotFleetResources() {}

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

package dev.fleet.ec2.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.cloud.InMemoryEc2Gateway;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceSyncTest {
  private static final EventRecorder QUIET = new EventRecorder() {
    @Override
    public void normal(HasMetadata resource, String reason, String message) {}

    @Override
    public void warning(HasMetadata resource, String reason, String message) {}
  };

  @Test
  void terminatingASpotInstanceCancelsItsRequestFirstSoItCannotComeBack() {
    var ec2 = new InMemoryEc2Gateway();
    var resource = InstanceFixtures.resource("t3.micro", Map.of());
    var market = new InstanceMarket();
    market.setType(InstanceMarket.MarketType.SPOT);
    market.setInterruptionBehavior(InstanceMarket.InterruptionBehavior.stop);
    resource.getSpec().setMarket(market);
    var sync = new InstanceSync(ec2, QUIET, () -> { });
    var launched = sync.launch(resource, InstanceDesired.from(resource, "c1", List.of()).launchRequest("tok"));

    assertThat(sync.terminate(resource, launched.instanceId())).as("not yet confirmed terminated").isFalse();
    assertThat(ec2.calls()).containsSubsequence("CancelSpotInstanceRequests", "TerminateInstances");
    assertThat(ec2.cancelledSpotRequests()).containsExactly(launched.spotInstanceRequestId());
    assertThat(sync.terminate(resource, launched.instanceId())).isTrue();
  }
}

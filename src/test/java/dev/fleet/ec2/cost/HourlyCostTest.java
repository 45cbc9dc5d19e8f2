package dev.fleet.ec2.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HourlyCostTest {
  private static final OnDemandPrices TABLE = new OnDemandPrices(Map.of("us-west-2/m5.large", new BigDecimal("0.1")),
      OnDemandPrices.parse("# prices as of 2026-07-20\nregion,instanceType,usdPerHour\nus-east-1,t3.micro,0.0104\n"
          + "us-east-1,m5.large,0.096\nus-west-2,m5.large,0.096\n", bad -> { }));
  private static final Function<String, BigDecimal> SPOT = Map.of("t3.micro/us-east-1a", new BigDecimal("0.0035"))::get;

  @Test
  void aRunningOrPendingInstanceCostsItsOnDemandPriceSayingWhereThePriceCameFrom() {
    var running = HourlyCost.ofInstance("running", "t3.micro", "us-east-1", "us-east-1a", false, TABLE, SPOT);
    var pending = HourlyCost.ofInstance("pending", "m5.large", "us-west-2", "us-west-2b", false, TABLE, SPOT);

    assertThat(running.text()).isEqualTo("0.0104");
    assertThat(running.basis()).isEqualTo("on-demand t3.micro us-east-1 (table of 2026-07-20)");
    assertThat(pending.text()).as("the flag wins over the table").isEqualTo("0.1");
    assertThat(pending.basis()).isEqualTo("on-demand m5.large us-west-2 (--on-demand-prices)");
  }

  @Test
  void aStoppedInstanceCostsNoComputeAndASpotOneItsPoolsSpotPrice() {
    var stopped = HourlyCost.ofInstance("stopped", "t3.micro", "us-east-1", "us-east-1a", false, TABLE, SPOT);
    var spot = HourlyCost.ofInstance("running", "t3.micro", "us-east-1", "us-east-1a", true, TABLE, SPOT);

    assertThat(stopped.text()).isEqualTo("0");
    assertThat(stopped.basis()).isEqualTo("stopped: no compute cost");
    assertThat(spot.text()).isEqualTo("0.0035");
    assertThat(spot.basis()).isEqualTo("spot price t3.micro us-east-1a");
    assertThat(HourlyCost.noInstance().basis()).isEqualTo("no instance: no compute cost");
  }

  @Test
  void anUnknownPriceIsNeverGuessed() {
    var odd = HourlyCost.ofInstance("running", "x9.huge", "ap-south-2", "ap-south-2a", false, TABLE, SPOT);
    var spot = HourlyCost.ofInstance("running", "m5.large", "us-east-1", "us-east-1b", true, TABLE, SPOT);

    assertThat(odd.known()).isFalse();
    assertThat(odd.text()).isEqualTo("unknown");
    assertThat(odd.basis()).isEqualTo("unknown price for x9.huge in ap-south-2");
    assertThat(spot.basis()).isEqualTo("unknown spot price for m5.large in us-east-1b");
    assertThat(HourlyCost.Estimate.of("unknown", "x").known()).isFalse();
    assertThat(HourlyCost.Estimate.of("0.0104", "x").usdPerHour()).isEqualByComparingTo("0.0104");
  }

  @Test
  void aFleetSumsSpotMembersAtTheirPoolsPriceAndOnDemandMembersAtTheTable() {
    var pools = List.of(pool("t3.micro", "us-east-1a", 4, 1, "0.0035"), pool("m5.large", "us-east-1b", 2, 2, null));

    var cost = HourlyCost.ofFleet(pools, "us-east-1", TABLE);

    assertThat(cost.text()).as("3 x 0.0035 + 0.0104 + 2 x 0.096").isEqualTo("0.2129");
    assertThat(cost.basis()).isEqualTo("3 spot at their pools' spot prices + 3 on-demand at on-demand prices in"
        + " us-east-1 (table of 2026-07-20)");
  }

  @Test
  void aFleetWithAnUnknownPriceIsUnknownAndOneWithoutMembersCostsNothing() {
    var cost = HourlyCost.ofFleet(List.of(pool("t3.micro", "us-east-1a", 2, 0, null), pool("x9.huge", "us-east-1a",
        1, 1, null)), "us-east-1", TABLE);

    assertThat(cost.text()).isEqualTo("unknown");
    assertThat(cost.basis()).isEqualTo("unknown price for x9.huge in us-east-1; unknown spot price for t3.micro in"
        + " us-east-1a");
    assertThat(HourlyCost.ofFleet(null, "us-east-1", TABLE).text()).isEqualTo("0");
    assertThat(HourlyCost.ofFleet(null, "us-east-1", TABLE).basis()).isEqualTo("no members: no compute cost");
  }

  private static FleetPoolStatus pool(String type, String zone, int instances, int onDemand, String spotPrice) {
    var p = new FleetPoolStatus();
    p.setInstanceType(type);
    p.setAvailabilityZone(zone);
    p.setInstances(instances);
    p.setOnDemandInstances(onDemand);
    p.setSpotPrice(spotPrice);
    return p;
  }
}

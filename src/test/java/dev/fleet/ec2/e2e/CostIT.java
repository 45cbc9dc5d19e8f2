package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.FleetPoolStatus;
import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec.AllocationStrategy;
import dev.fleet.ec2.cloud.Subnet;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What it costs, end to end: the estimate in status, the COST/H column and the gauge, with prices set exactly (spot
 * by SPOT_PRICES, on-demand by the flag and by a ConfigMap) for running, stopped, spot and unknown-priced instances
 * and for fleets of spot and on-demand members.
 */
@ExtendWith(E2eExtension.class)
class CostIT {
  private static final String PRICE_MAP = "cost-it-on-demand-prices";
  private static final Map<String, BigDecimal> ON_DEMAND = Map.of("t3.micro", new BigDecimal("0.02"),
      "t3.small", new BigDecimal("0.03"), "t3.medium", new BigDecimal("0.05"));
  private static RunningOperator operator;
  private static DirectEc2 ec2;
  private static List<Subnet> subnets;
  private static E2eEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    env = E2eEnvironment.get();
    // t3.medium only from the ConfigMap; its t3.micro loses to the flag's
    env.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(PRICE_MAP).endMetadata().addToData("prices.csv", "region,instanceType,usdPerHour\n"
            + env.region() + ",t3.medium,0.05\n" + env.region() + ",t3.micro,0.9\n").build()).createOr(c -> c.update());
    operator = RunningOperator.start(env, Map.of("SPOT_PRICES", "t3.small=0.01,t3.medium=0.016",
        "ON_DEMAND_PRICES", "t3.micro=0.02,t3.small=0.03", "ON_DEMAND_PRICES_CONFIGMAP", PRICE_MAP,
        "POD_NAMESPACE", "default"));
    ec2 = new DirectEc2(env);
    subnets = ec2.gateway().describeSubnets(ec2.gateway().findDefaultVpc().orElseThrow().vpcId());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (ec2 != null) {
      ec2.close();
    }
    env.client().configMaps().inNamespace("default").withName(PRICE_MAP).delete();
  }

  @Test
  void instancesShowWhatTheyCostAndAStoppedOneCostsNothing(TestNamespace ns) throws Exception {
    var instances = new Ec2InstanceResources(env, ns);
    instances.create(Ec2InstanceResources.instance("web", "t3.micro", Map.of()));
    instances.create(Ec2InstanceResources.instance("mid", "t3.medium", Map.of()));
    instances.create(Ec2InstanceResources.instance("odd", "m4.large", Map.of()));
    var spot = Ec2InstanceResources.instance("bid", "t3.small", Map.of());
    var market = new InstanceMarket();
    market.setType(InstanceMarket.MarketType.SPOT);
    spot.getSpec().setMarket(market);
    instances.create(spot);
    for (String name : List.of("web", "mid", "odd", "bid")) {
      instances.awaitReady(name);
    }

    var web = instances.await("web", "costed", i -> "0.02".equals(i.getStatus().getEstimatedHourlyCost()));
    assertThat(web.getStatus().getCostBasis()).isEqualTo("on-demand t3.micro " + env.region() + " (--on-demand-prices)");
    var mid = instances.await("mid", "costed", i -> "0.05".equals(i.getStatus().getEstimatedHourlyCost()));
    assertThat(mid.getStatus().getCostBasis()).isEqualTo("on-demand t3.medium " + env.region()
        + " (ConfigMap default/" + PRICE_MAP + ")");
    var bid = instances.await("bid", "costed", i -> "0.01".equals(i.getStatus().getEstimatedHourlyCost()));
    assertThat(bid.getStatus().getCostBasis()).isEqualTo("spot price t3.small " + bid.getStatus().getAvailabilityZone());
    var odd = instances.await("odd", "unknown", i -> "unknown".equals(i.getStatus().getEstimatedHourlyCost()));
    assertThat(odd.getStatus().getCostBasis()).isEqualTo("unknown price for m4.large in " + env.region());

    // as kubectl prints it: the columns in declared order (not the generator's), READY from the Ready condition
    List<List<String>> table = table(env.run("kubectl", "get", "ec2", "web", "-n", ns.name()));
    assertThat(table.get(0)).containsExactly("NAME", "ID", "STATE", "READY", "TYPE", "ZONE", "PUBLIC-IP", "COST/H",
        "AGE");
    assertThat(table.get(1).subList(0, 5)).containsExactly("web", web.getStatus().getInstanceId(), "running", "True",
        "t3.micro");
    assertThat(table.get(1).get(7)).isEqualTo("0.02");
    awaitSum(ns, "Ec2Instance", "0.08"); // web, mid and bid; odd has no series: its price is unknown
    assertThat(operator.metrics()).doesNotContain("name=\"odd\"");

    instances.edit("web", i -> {
      i.getSpec().setState(PowerState.stopped);
      return i;
    });
    var stopped = instances.await("web", "stopped and costed at 0", i -> "stopped".equals(i.getStatus().getState())
        && "0".equals(i.getStatus().getEstimatedHourlyCost()));
    assertThat(stopped.getStatus().getCostBasis()).isEqualTo("stopped: no compute cost");
    awaitSum(ns, "Ec2Instance", "0.06");

    instances.deleteAndAwaitGone("bid");
    awaitSum(ns, "Ec2Instance", "0.05");
    assertThat(operator.metrics()).doesNotContain("name=\"bid\"");
  }

  @Test
  void aFleetCostsItsSpotMembersAtTheirPoolsPriceAndItsOnDemandMembersAtTheTable(TestNamespace ns) throws Exception {
    var fleets = env.client().resources(SpotFleet.class).inNamespace(ns.name());
    fleets.resource(fleet("exact", 3, 1, spec("t3.small", 1, 0))).create();
    fleets.resource(fleet("mix", 5, 1, spec("t3.small", 1, 1), spec("t3.medium", 2, 2))).create();

    // 2 spot t3.small at 0.01 and 1 on-demand at 0.03
    var exact = SpotFleetResources.await(fleets.withName("exact"), "exact: fulfilled and costed",
        f -> "0.05".equals(f.getStatus().getEstimatedHourlyCost()));
    assertThat(exact.getStatus().getOnDemandCapacity()).isEqualTo(1);
    assertThat(exact.getStatus().getCostBasis()).isEqualTo("2 spot at their pools' spot prices + 1 on-demand at"
        + " on-demand prices in " + env.region() + " (--on-demand-prices)");
    var mix = SpotFleetResources.await(fleets.withName("mix"), "mix: fulfilled and costed",
        f -> f.getStatus().getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() >= 5
            && f.getStatus().getEstimatedHourlyCost() != null
            && new BigDecimal(f.getStatus().getEstimatedHourlyCost()).compareTo(poolSum(f)) == 0);
    assertThat(mix.getStatus().getPools()).as("spot and on-demand members")
        .anyMatch(p -> p.getOnDemandInstances() > 0).anyMatch(p -> p.getInstances() > p.getOnDemandInstances());

    BigDecimal both = new BigDecimal("0.05").add(new BigDecimal(mix.getStatus().getEstimatedHourlyCost()));
    awaitSum(ns, "SpotFleet", both.toPlainString());
    List<List<String>> table = table(env.run("kubectl", "get", "sf", "exact", "-n", ns.name()));
    assertThat(table.get(0)).containsExactly("NAME", "READY", "TARGET", "FULFILLED", "SPOT", "ON-DEMAND", "STRATEGY",
        "COST/H", "AGE");
    assertThat(table.get(1).get(7)).isEqualTo("0.05");

    fleets.withName("exact").delete();
    Awaitility.await("exact deleted").atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> fleets.withName("exact").get() == null);
    awaitSum(ns, "SpotFleet", mix.getStatus().getEstimatedHourlyCost());
  }

  @Test
  void theApiServerKnowsTheCostColumnBeforeAge() {
    for (String crd : List.of("ec2instances.ec2.fleet.dev", "spotfleets.ec2.fleet.dev")) {
      var columns = env.client().apiextensions().v1().customResourceDefinitions().withName(crd).get().getSpec()
          .getVersions().get(0).getAdditionalPrinterColumns();
      assertThat(columns).as(crd).anySatisfy(c -> {
        assertThat(c.getName()).isEqualTo("COST/H");
        assertThat(c.getJsonPath()).isEqualTo(".status.estimatedHourlyCost");
        assertThat(c.getType()).isEqualTo("string");
      });
      assertThat(columns.stream().map(CustomResourceColumnDefinition::getName)).endsWith("COST/H", "AGE");
    }
  }

  /** kubectl's table: one list of cells per line from the header on (an empty cell prints as {@code <none>}). */
  private static List<List<String>> table(String printed) {
    return printed.lines().dropWhile(line -> !line.startsWith("NAME ")) // past any warning on stderr
        .map(line -> List.of(line.trim().split("\\s+"))).toList();
  }

  /** The status's pools priced by hand: spot members at the pool's spot price, on-demand ones at ON_DEMAND. */
  private static BigDecimal poolSum(SpotFleet f) {
    BigDecimal sum = BigDecimal.ZERO;
    for (FleetPoolStatus p : f.getStatus().getPools() == null ? List.<FleetPoolStatus>of() : f.getStatus().getPools()) {
      int spot = p.getInstances() - p.getOnDemandInstances();
      if (spot > 0) {
        sum = sum.add(new BigDecimal(p.getSpotPrice()).multiply(BigDecimal.valueOf(spot)));
      }
      sum = sum.add(ON_DEMAND.get(p.getInstanceType()).multiply(BigDecimal.valueOf(p.getOnDemandInstances())));
    }
    return sum;
  }

  /** Waits until the gauges of {@code kind} in the namespace sum to {@code usd}. */
  private static void awaitSum(TestNamespace ns, String kind, String usd) {
    var series = Pattern.compile("(?m)^ec2fleet_estimated_hourly_cost_dollars\\{kind=\"" + kind
        + "\",name=\"[^\"]+\",namespace=\"" + Pattern.quote(ns.name()) + "\"} ([0-9.eE+-]+)$");
    Awaitility.await(kind + " cost in metrics: " + usd).atMost(Ec2InstanceResources.PATIENCE)
        .until(() -> Math.abs(MetricsText.sum(operator.metrics(), series) - Double.parseDouble(usd)) < 1e-9);
  }

  private static LaunchSpecification spec(String type, int weight, int zone) {
    return SpotFleetResources.launchSpec(type, weight, subnets.get(zone).subnetId());
  }

  private static SpotFleet fleet(String name, int target, int onDemand, LaunchSpecification... specs) {
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new SpotFleetSpec();
    spec.setTargetCapacity(target);
    spec.setOnDemandTargetCapacity(onDemand);
    spec.setAllocationStrategy(AllocationStrategy.lowestPrice);
    spec.setLaunchSpecifications(List.of(specs));
    f.setSpec(spec);
    return f;
  }
}

package dev.fleet.ec2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceSettingsTest {
  private static final Map<String, String> BASE = Map.of("AWS_REGION", "us-east-1");

  @Test
  void onDemandOverridesByTypeOrRegionAndTypeAndTheConfigMapName() {
    var c = OperatorConfig.load(Map.of("AWS_REGION", "us-east-1", "ON_DEMAND_PRICES", "t3.micro=0.02"),
        new String[] {"--on-demand-prices=t3.micro=0.0104,us-west-2/t3.small=0.0208",
            "--on-demand-prices-configmap=prices"});

    assertThat(c.onDemandPriceOverrides()).as("the flag wins over the variable").isEqualTo(Map.of(
        "t3.micro", new BigDecimal("0.0104"), "us-west-2/t3.small", new BigDecimal("0.0208")));
    assertThat(c.onDemandPricesConfigMap()).contains("prices");
    assertThat(c.describe()).contains("onDemandPrices=[t3.micro, us-west-2/t3.small]")
        .contains("onDemandPricesConfigMap=prices");
    assertThat(OperatorConfig.load(BASE, new String[0]).onDemandPricesConfigMap()).isEqualTo(Optional.empty());
  }

  @Test
  void badPricesAndNamesGiveOneLineMessages() {
    assertThatThrownBy(() -> OperatorConfig.load(BASE, new String[] {"--on-demand-prices=t3.micro"}))
        .hasMessage("invalid price 't3.micro' in --on-demand-prices or ON_DEMAND_PRICES: expected type=price or"
            + " region/type=price, comma-separated, like t3.micro=0.0104");
    assertThatThrownBy(() -> OperatorConfig.load(BASE, new String[] {"--spot-prices=t3.micro=-1"}))
        .hasMessageStartingWith("invalid price 't3.micro=-1' in --spot-prices or SPOT_PRICES");
    assertThatThrownBy(() -> OperatorConfig.load(BASE, new String[] {"--on-demand-prices-configmap=Prices!"}))
        .hasMessageStartingWith("invalid ConfigMap name 'Prices!'");
  }
}

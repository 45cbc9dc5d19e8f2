package dev.fleet.ec2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.RateLimitedEc2Gateway.Limits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ec2RateLimitSettingsTest {
  private static final Map<String, String> REGION = Map.of("AWS_REGION", "us-east-1");

  @Test
  void defaultsStayBelowEc2sOwnBuckets() {
    Limits l = OperatorConfig.load(REGION, new String[0]).ec2Limits();
    assertThat(l).isEqualTo(new Limits(16, 80, 4, 40));
    assertThat(l.readRate()).isLessThan(20); // EC2: non-mutating 100 tokens, 20 a second
    assertThat(l.writeRate()).isLessThan(5); // EC2: mutating 50 tokens, 5 a second
  }

  @Test
  void flagsWinOverVariablesAndZeroMeansNoLimit() {
    Limits l = OperatorConfig.load(Map.of("AWS_REGION", "us-east-1", "EC2_READ_RATE", "50", "EC2_WRITE_BURST", "7"),
        new String[] {"--ec2-read-rate=0", "--ec2-write-rate=2.5", "--ec2-read-burst=10"}).ec2Limits();
    assertThat(l).isEqualTo(new Limits(0, 10, 2.5, 7));
  }

  @Test
  void badValuesSayWhatToSet() {
    assertThatThrownBy(() -> OperatorConfig.load(REGION, new String[] {"--ec2-write-rate=-1"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("EC2_WRITE_RATE").hasMessageContaining("0: no limit");
    assertThatThrownBy(() -> OperatorConfig.load(REGION, new String[] {"--ec2-read-burst=0"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--ec2-read-burst").hasMessageContaining("whole number 1-");
    assertThatThrownBy(() -> OperatorConfig.load(REGION, new String[] {"--ec2-read-rate=fast"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'fast'");
  }
}

package dev.fleet.ec2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterruptionQueueSettingsTest {
  private static final String HOME = "https://sqs.us-east-1.amazonaws.com/111111111111/interruptions";
  private static final String EU = "https://sqs.eu-west-1.amazonaws.com/111111111111/interruptions";
  private static final String US_WEST = "http://127.0.0.1:5000/111111111111/west";

  private static OperatorConfig load(Map<String, String> env, String... args) {
    var withRegion = new java.util.HashMap<>(env);
    withRegion.put("AWS_REGION", "us-east-1");
    return OperatorConfig.load(withRegion, args);
  }

  @Test
  void noQueueByDefault() {
    OperatorConfig c = load(Map.of());
    assertThat(c.interruptionQueues()).isEmpty();
    assertThat(c.interruptionQueueUrl("us-east-1")).isEmpty();
    assertThat(c.describe()).contains(" interruptionQueue=none ").doesNotContain("interruptionQueues");
  }

  @Test
  void theHomeQueueAndOnePerOtherRegion() {
    OperatorConfig c = load(Map.of("INTERRUPTION_QUEUE_URL", HOME,
        "INTERRUPTION_QUEUES", " eu-west-1=" + EU + " , us-west-2=" + US_WEST + ","));
    assertThat(c.interruptionQueues()).containsOnly(Map.entry("us-east-1", HOME), Map.entry("eu-west-1", EU),
        Map.entry("us-west-2", US_WEST));
    assertThat(c.interruptionQueueUrl("eu-west-1")).contains(EU);
    assertThat(c.interruptionQueueUrl("ap-south-1")).isEmpty();
    assertThat(c.describe()).contains(" interruptionQueue=" + HOME + " interruptionQueues=eu-west-1=" + EU
        + ",us-west-2=" + US_WEST + " ");
  }

  @Test
  void theHomeRegionMayBeGivenInTheMapAloneOrBothWaysAlike() {
    assertThat(load(Map.of("INTERRUPTION_QUEUES", "us-east-1=" + HOME)).interruptionQueueUrl("us-east-1"))
        .contains(HOME);
    assertThat(load(Map.of("INTERRUPTION_QUEUE_URL", HOME), "--interruption-queues=us-east-1=" + HOME)
        .interruptionQueues()).containsOnly(Map.entry("us-east-1", HOME));
  }

  @Test
  void aFlagWinsOverItsVariable() {
    assertThat(load(Map.of("INTERRUPTION_QUEUES", "eu-west-1=" + EU), "--interruption-queues=us-west-2=" + US_WEST)
        .interruptionQueues()).containsOnly(Map.entry("us-west-2", US_WEST));
  }

  @Test
  void twoHomeQueuesThatDisagreeAreAConfigError() {
    assertThatThrownBy(() -> load(Map.of("INTERRUPTION_QUEUE_URL", HOME, "INTERRUPTION_QUEUES", "us-east-1=" + EU)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("two interruption queues for the home region us-east-1: '" + HOME + "' (--interruption-queue-url"
            + " or INTERRUPTION_QUEUE_URL) and '" + EU + "' (--interruption-queues or INTERRUPTION_QUEUES); give one,"
            + " or the same URL both ways");
  }

  @Test
  void malformedEntriesAndRepeatedRegionsAreConfigErrors() {
    for (String bad : new String[] {"eu-west-1", "eu-west-1=", "=" + EU, "europe=" + EU, "eu-west-1=sqs/queue"}) {
      assertThatThrownBy(() -> load(Map.of("INTERRUPTION_QUEUES", bad))).as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("invalid interruption queue '" + bad + "' in --interruption-queues or"
              + " INTERRUPTION_QUEUES: expected region=URL");
    }
    assertThatThrownBy(() -> load(Map.of("INTERRUPTION_QUEUES", "eu-west-1=" + EU + ",eu-west-1=" + HOME)))
        .hasMessage("region eu-west-1 is named twice in --interruption-queues or INTERRUPTION_QUEUES: one queue per"
            + " region");
    assertThatThrownBy(() -> load(Map.of("INTERRUPTION_QUEUE_URL", "queue")))
        .hasMessage("invalid interruption queue URL 'queue' (--interruption-queue-url or INTERRUPTION_QUEUE_URL):"
            + " expected an http(s) URL");
  }
}

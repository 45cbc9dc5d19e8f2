package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTokensTest {
  private static final String UID = "4fe659e3-4887-45bf-b20f-6759576c1d4e";

  @Test
  void tokensAreUniqueFitEc2AndNameTheirResourceAndGeneration() {
    String a = ClientTokens.next(UID, 12);
    String b = ClientTokens.next(UID, 12);
    assertThat(a).isNotEqualTo(b).hasSizeLessThanOrEqualTo(64).startsWith(UID + "-g12-");
    assertThat(ClientTokens.isFor(a, UID, 12)).isTrue();
    assertThat(ClientTokens.isFor(a, UID, 1)).isFalse();
    assertThat(ClientTokens.isFor(a, UID, 123)).isFalse();
    assertThat(ClientTokens.isFor(null, UID, 12)).isFalse();
  }

  @Test
  void aRetriedPassRepeatsTheTokenOfTheSameLaunchWhereverItStandsInThePlan() {
    String base = ClientTokens.next(UID, 123456);
    assertThat(ClientTokens.forLaunch(base, "t3.small/us-east-1a|spot|2"))
        .isEqualTo(ClientTokens.forLaunch(base, "t3.small/us-east-1a|spot|2"))
        .isNotEqualTo(ClientTokens.forLaunch(base, "t3.small/us-east-1b|spot|2"))
        .isNotEqualTo(ClientTokens.forLaunch(base, "t3.small/us-east-1a|spot|3"))
        .hasSizeLessThanOrEqualTo(64).startsWith(base + "-");
  }
}

package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Ec2LikeSettingsTest {

  @Test
  void readsEveryCliOption() {
    var s = Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:5000", "--port=8123", "--seed=42",
        "--visibility-delay=2s", "--throttle-rate=0.2", "--server-error-rate=0.05", "--reset-rate=0.01",
        "--lost-answer-rate=0.02", "--latency-ms=10-50", "--max-lifetime=5m", "--max-requests=1000");
    assertThat(s).isEqualTo(new Ec2LikeSettings(URI.create("http://127.0.0.1:5000"), 8123, 42, Duration.ofSeconds(2),
        0.2, 0.05, 0.01, 0.02, 10, 50, Duration.ofMinutes(5), 1000, true));
  }

  @Test
  void everythingButClientTokensIsOffByDefaultAndTheCliStopsItselfAfterHalfAnHour() {
    var cli = Ec2LikeSettings.fromArgs("--target=http://localhost:5000");
    assertThat(cli.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(cli.honourClientTokens()).isTrue();
    assertThat(cli.hasRateFaults()).isFalse();
    assertThat(cli.visibilityDelay()).isZero();
    var api = Ec2LikeSettings.builder(URI.create("http://127.0.0.1:5000")).build();
    assertThat(api.maxLifetime()).isZero();
    assertThat(api.maxRequests()).isZero();
    assertThat(Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:1", "--latency-ms=7").latencyMaxMs()).isEqualTo(7);
  }

  @Test
  void refusesWhatItCannotHonour() {
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=http://10.1.2.3:5000")).hasMessageContaining("loopback");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=https://127.0.0.1:5000")).hasMessageContaining("http://");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--port=1")).hasMessageContaining("--target");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:1", "--throttle-rate=1.5"))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:1", "--latency-ms=50-10"))
        .hasMessageContaining("MIN-MAX");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:1", "--seed=x"))
        .hasMessageContaining("--seed");
    assertThatThrownBy(() -> Ec2LikeSettings.fromArgs("--target=http://127.0.0.1:1", "--visiblity-delay=2s"))
        .hasMessageContaining("unknown option --visiblity-delay");
  }

  @Test
  void durations() {
    assertThat(Ec2LikeSettings.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Ec2LikeSettings.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Ec2LikeSettings.duration("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Ec2LikeSettings.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Ec2LikeSettings.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> Ec2LikeSettings.duration("2 days")).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.fleet.ec2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.sweep.OrphanPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  private static final String[] NO_ARGS = {};

  @Test
  void defaultsNeedOnlyARegion() {
    OperatorConfig c = OperatorConfig.load(Map.of("AWS_REGION", "eu-west-1"), NO_ARGS);
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.endpointOverride()).isEmpty();
    assertThat(c.watchesAllNamespaces()).isTrue();
    assertThat(c.clusterName()).isEqualTo("default");
    assertThat(c.httpAddress()).isEqualTo("0.0.0.0");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.orphanPolicy()).isEqualTo(OrphanPolicy.REPORT);
    assertThat(c.orphanGrace()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void orphanPolicyAndGraceFromEnvironmentOrFlags() {
    OperatorConfig env = OperatorConfig.load(Map.of("AWS_REGION", "us-east-1", "ORPHAN_POLICY", "delete",
        "ORPHAN_GRACE", "1h30m"), NO_ARGS);
    assertThat(env.orphanPolicy()).isEqualTo(OrphanPolicy.DELETE);
    assertThat(env.orphanGrace()).isEqualTo(Duration.ofMinutes(90));
    assertThat(env.describe()).endsWith(" orphanPolicy=delete orphanGrace=5400s");
    OperatorConfig flags = OperatorConfig.load(Map.of("AWS_REGION", "us-east-1", "ORPHAN_POLICY", "delete"),
        new String[] {"--orphan-policy=report", "--orphan-grace=0s"});
    assertThat(flags.orphanPolicy()).isEqualTo(OrphanPolicy.REPORT);
    assertThat(flags.orphanGrace()).isZero();
    assertThat(flags.describe()).endsWith(" orphanPolicy=report").doesNotContain("orphanGrace");
  }

  @Test
  void invalidOrphanSettingsGiveOneLineMessages() {
    Map<String, String> base = Map.of("AWS_REGION", "us-east-1");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--orphan-policy=terminate"}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid orphan policy 'terminate' (--orphan-policy or ORPHAN_POLICY): expected report (the default:"
            + " orphans are only reported) or delete");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("AWS_REGION", "us-east-1", "ORPHAN_GRACE", "ten minutes"),
        NO_ARGS)).isInstanceOf(ConfigException.class)
        .hasMessage("invalid ORPHAN_GRACE 'ten minutes' (--orphan-grace or ORPHAN_GRACE): expected a duration like 30s,"
            + " 5m or 1m30s");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--orphan-grace=-5m"}))
        .hasMessage("ORPHAN_GRACE '-5m' (--orphan-grace or ORPHAN_GRACE) must be at least 0s");
  }

  @Test
  void readsEnvironmentAndFlagsWinOverIt() {
    OperatorConfig c = OperatorConfig.load(Map.of(
            "AWS_DEFAULT_REGION", "us-west-2",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
            "WATCH_NAMESPACES", "team-b, team-a",
            "CLUSTER_NAME", "prod",
            "HTTP_PORT", "9090",
            "POLL_INTERVAL", "1m30s"),
        new String[] {"--cluster-name=staging", "--http-port=9191"});
    assertThat(c.region()).isEqualTo("us-west-2");
    assertThat(c.endpointOverride()).contains(URI.create("http://127.0.0.1:5000"));
    assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(c.clusterName()).isEqualTo("staging");
    assertThat(c.httpPort()).isEqualTo(9191);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.describe())
        .isEqualTo("region=us-west-2 endpoint=http://127.0.0.1:5000 namespaces=team-a,team-b cluster=staging"
            + " http=0.0.0.0:9191 pollInterval=90s reconcileThreads=32 interruptionQueue=none adoption=off instanceProfiles=none"
            + " visibilityGrace=300s orphanPolicy=report");
  }

  @Test
  void theVisibilityGraceIsADurationOfAtLeastOneSecond() {
    assertThat(OperatorConfig.load(Map.of("AWS_REGION", "us-east-1"), new String[] {"--visibility-grace=45s"})
        .visibilityGrace()).isEqualTo(Duration.ofSeconds(45));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperatorConfig.load(Map.of("AWS_REGION", "us-east-1",
        "VISIBILITY_GRACE", "soon"), NO_ARGS)).hasMessageContaining("invalid VISIBILITY_GRACE 'soon'");
  }

  @Test
  void describeNeverShowsCredentials() {
    OperatorConfig c = OperatorConfig.load(Map.of("AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "very-secret"), NO_ARGS);
    assertThat(c.describe()).doesNotContain("AKIAEXAMPLE").doesNotContain("very-secret");
  }

  @Test
  void missingRegionSaysHowToSetIt() {
    assertThatThrownBy(() -> OperatorConfig.load(Map.of(), NO_ARGS))
        .isInstanceOf(ConfigException.class)
        .hasMessage("missing AWS_REGION: set --region or AWS_REGION");
  }

  @Test
  void invalidValuesGiveOneLineMessages() {
    Map<String, String> base = Map.of("AWS_REGION", "us-east-1");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--http-port=http"}))
        .hasMessageContaining("invalid HTTP port 'http'");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--poll-interval=soon"}))
        .hasMessageContaining("expected a duration like 30s");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--poll-interval=0s"}))
        .hasMessageContaining("must be at least 1s");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--endpoint-url=localhost:5000"}))
        .hasMessageContaining("invalid EC2 endpoint");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--cluster-name=Prod_1"}))
        .hasMessageContaining("invalid cluster name 'Prod_1'");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--watch-namespaces=a,B"}))
        .hasMessageContaining("invalid namespace 'B'");
    assertThatThrownBy(() -> OperatorConfig.load(Map.of("AWS_REGION", "nowhere"), NO_ARGS))
        .hasMessageContaining("invalid AWS region 'nowhere'");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--verbose"}))
        .hasMessageContaining("flags take the form --name=value");
    assertThatThrownBy(() -> OperatorConfig.load(base, new String[] {"--colour=red"}))
        .hasMessageStartingWith("unknown flag --colour; known flags: --region,");
  }
}

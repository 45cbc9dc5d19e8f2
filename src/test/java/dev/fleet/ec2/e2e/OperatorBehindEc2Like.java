package dev.fleet.ec2.e2e;

import dev.fleet.ec2.ec2like.Ec2LikeServer;
import dev.fleet.ec2.ec2like.Ec2LikeSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An operator that reaches the emulator only through the EC2-like layer (client tokens honoured, new
 * resources hidden for {@code visibilityDelay}), the way it would reach real EC2.
 */
public final class OperatorBehindEc2Like implements AutoCloseable {
  /** The operator's visibility grace in these tests: well beyond the layer's delay. */
  static final String GRACE = "60s";

  private final Ec2LikeServer layer;
  private final RunningOperator operator;

  private OperatorBehindEc2Like(Ec2LikeServer layer, RunningOperator operator) {
    this.layer = layer;
    this.operator = operator;
  }

  public static OperatorBehindEc2Like start(E2eEnvironment env, Duration visibilityDelay, Map<String, String> overrides)
      throws IOException {
    Ec2LikeServer layer = Ec2LikeServer.start(Ec2LikeSettings.builder(env.ec2Endpoint())
        .visibilityDelay(visibilityDelay).build());
    Map<String, String> settings = new HashMap<>(Map.of("AWS_ENDPOINT_URL", layer.endpoint().toString(),
        "VISIBILITY_GRACE", GRACE));
    settings.putAll(overrides);
    try {
      return new OperatorBehindEc2Like(layer, RunningOperator.start(env, settings));
    } catch (IOException | RuntimeException e) {
      layer.close();
      throw e;
    }
  }

  public Ec2LikeServer layer() {
    return layer;
  }

  public RunningOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      layer.close();
    }
  }
}

package dev.fleet.ec2.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.account.AccountChoice;
import dev.fleet.ec2.cloud.VcpuLimitMessage;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.refs.InstanceRefs;
import dev.fleet.ec2.refs.KeyPairRefs;
import dev.fleet.ec2.refs.SecurityGroupRefs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The Argo CD health checks, run by a Lua interpreter against resources in each condition. */
class ArgoHealthTest {
  private static final Path SCRIPT = Path.of("manifests/argocd/health.lua");

  private static Map<String, Object> resource(long generation, Long observed, List<Map<String, Object>> conditions) {
    Map<String, Object> status = new java.util.HashMap<>();
    if (observed != null) {
      status.put("observedGeneration", observed);
    }
    if (conditions != null) {
      status.put("conditions", conditions);
    }
    return Map.of("metadata", Map.of("generation", generation), "status", status);
  }

  private static Map<String, Object> condition(String type, String status, String reason) {
    return Map.of("type", type, "status", status, "reason", reason, "message", "m");
  }

  private static String health(Map<String, Object> obj) throws Exception {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(obj));
    LuaValue result = globals.load(Files.readString(SCRIPT), "health.lua").call();
    return result.get("status").tojstring();
  }

  @SuppressWarnings("unchecked")
  private static LuaValue toLua(Object o) {
    if (o instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, v) -> t.set(k.toString(), toLua(v)));
      return t;
    }
    if (o instanceof List<?> l) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < l.size(); i++) {
        t.set(i + 1, toLua(l.get(i)));
      }
      return t;
    }
    if (o instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(o.toString());
  }

  @ParameterizedTest(name = "Ready={0} Synced={1}:{2} Terminal={3} -> {4}")
  @CsvSource({
      "True,  True,  Synced,                  False, Healthy",
      "False, False, Launching,               False, Progressing",
      "False, False, WaitingForSecurityGroup, False, Progressing",
      "False, False, RequestLimitExceeded,    False, Degraded",
      "False, False, InvalidAMIID.NotFound,   True,  Degraded",
      "True,  False, NoSpotCapacity,          False, Healthy",
  })
  void conditionsMapToArgoHealth(String ready, String synced, String reason, String terminal, String expected)
      throws Exception {
    var obj = resource(2, 2L, List.of(condition("Ready", ready, "r"), condition("Synced", synced, reason),
        condition("Terminal", terminal, "True".equals(terminal) ? reason : "NoError")));
    assertThat(health(obj)).isEqualTo(expected);
  }

  /** Every Synced reason the operator sets itself (EC2's error codes stand for the rest), and its health. */
  static Stream<Arguments> reasonsTheOperatorSets() {
    return Stream.of(
        // work under way
        Arguments.of("Creating", "Progressing"), Arguments.of("Created", "Progressing"),
        Arguments.of("Allocating", "Progressing"), Arguments.of("Launching", "Progressing"),
        Arguments.of("Launched", "Progressing"), Arguments.of("Updating", "Progressing"),
        Arguments.of("Scaling", "Progressing"), Arguments.of("NotYetVisible", "Progressing"),
        // waits that end by themselves: another resource becoming Ready, an earlier launch showing in EC2
        Arguments.of(SecurityGroupRefs.WAITING_REASON, "Progressing"),
        Arguments.of(KeyPairRefs.WAITING_REASON, "Progressing"),
        Arguments.of(InstanceRefs.WAITING_REASON, "Progressing"),
        Arguments.of(AccountChoice.WAITING_REASON, "Progressing"),
        Arguments.of("WaitingForEarlierLaunch", "Progressing"),
        // failures, and waits that only a person can end
        Arguments.of("RequestLimitExceeded", "Degraded"), Arguments.of("NoSpotCapacity", "Degraded"),
        Arguments.of(VcpuLimitMessage.CODE, "Degraded"), Arguments.of(ClusterNameGuard.REASON, "Degraded"),
        Arguments.of("NotFound", "Degraded"), Arguments.of("DependencyViolation", "Degraded"),
        Arguments.of("FleetRequestActive", "Degraded"), Arguments.of("AssociatedOutside", "Degraded"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("reasonsTheOperatorSets")
  void everyReasonTheOperatorSetsMapsToItsHealth(String reason, String expected) throws Exception {
    // as a SpotFleet short of its target: Ready False, so the Synced reason decides
    var obj = resource(4, 4L, List.of(condition("Ready", "False", "Unfulfilled"), condition("Synced", "False", reason),
        condition("Terminal", "False", "NoError")));
    assertThat(health(obj)).isEqualTo(expected);
  }

  @Test
  void anAwsAccountIsHealthyWhenVerifiedAndDegradedWhenNot() throws Exception {
    assertThat(health(resource(1, 1L, List.of(condition("Ready", "True", "Verified"))))).isEqualTo("Healthy");
    assertThat(health(resource(1, 1L, List.of(condition("Ready", "False", "InvalidClientTokenId")))))
        .isEqualTo("Degraded");
  }

  @Test
  void notYetActedOnIsProgressing() throws Exception {
    assertThat(health(resource(1, null, null))).isEqualTo("Progressing");
    assertThat(health(resource(3, 2L, List.of(condition("Ready", "True", "Running"))))).isEqualTo("Progressing");
  }

  @Test
  void theConfigMapCarriesTheSameScriptForEveryKind() throws Exception {
    ConfigMap cm = Serialization.unmarshal(Files.readString(Path.of("manifests/argocd/argocd-cm.yaml")),
        ConfigMap.class);
    String script = Files.readString(SCRIPT);
    assertThat(cm.getData()).containsOnlyKeys(Stream.of("Ec2Instance", "SecurityGroup", "SpotFleet", "KeyPair",
        "ElasticIp", "AwsAccount").map(kind -> "resource.customizations.health.ec2.fleet.dev_" + kind).toList());
    assertThat(cm.getData().values()).allSatisfy(v -> assertThat(v).isEqualTo(script));
  }
}

package dev.fleet.ec2.refs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.KeyPairSpec;
import dev.fleet.ec2.api.v1alpha1.KeyPairStatus;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyPairRefsTest {
  private static final String HOME = "us-east-1";

  private static LocalRef ref(String name) {
    var r = new LocalRef();
    r.setName(name);
    return r;
  }

  private static KeyPair keyPair(String region, String account, boolean ready) {
    var k = new KeyPair();
    k.setMetadata(new ObjectMetaBuilder().withName("deploy").withNamespace("ns").build());
    var spec = new KeyPairSpec();
    spec.setRegion(region);
    k.setSpec(spec);
    var status = new KeyPairStatus();
    status.setKeyName("ns.deploy");
    status.setAccount(account);
    status.setConditions(Conditions.set(status.getConditions(), Conditions.READY, ready, ready ? "Created" : "Creating",
        "", 1, Instant.EPOCH));
    k.setStatus(status);
    return k;
  }

  @Test
  void aReadyKeyPairOfTheSameRegionAndAccountGivesItsName() {
    var r = KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.of(keyPair(null, null, true)), HOME, HOME, null);
    assertThat(r.isComplete()).isTrue();
    assertThat(r.keyName()).isEqualTo("ns.deploy");
  }

  @Test
  void theSpecsOwnKeyNameOrNoneAskNothing() {
    assertThat(KeyPairRefs.resolve("mine", null, n -> Optional.empty(), HOME, HOME, null).keyName()).isEqualTo("mine");
    assertThat(KeyPairRefs.resolve(null, null, n -> Optional.empty(), HOME, HOME, null)).satisfies(r -> {
      assertThat(r.isComplete()).isTrue();
      assertThat(r.keyName()).isNull();
    });
  }

  @Test
  void missingNotReadyAnotherRegionOrAccountWaitAndSayWhy() {
    assertThat(KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.empty(), HOME, HOME, null).waitingFor())
        .contains("does not exist yet");
    assertThat(KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.of(keyPair(null, null, false)), HOME, HOME,
        null).waitingFor()).contains("not Ready");
    assertThat(KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.of(keyPair("eu-west-1", null, true)), HOME,
        HOME, null).waitingFor()).contains("region eu-west-1");
    assertThat(KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.of(keyPair(null, "team-b", true)), HOME, HOME,
        null).waitingFor()).contains("account team-b");
    assertThat(KeyPairRefs.resolve(null, ref("deploy"), n -> Optional.of(keyPair(null, null, true)), HOME, HOME,
        "team-b").waitingFor()).contains("the operator's own");
  }
}

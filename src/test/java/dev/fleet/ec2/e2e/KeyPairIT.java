package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.KeyPairSpec;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KeyPair end to end: a created key's private half is in its Secret and nowhere else, an instance launches with
 * it, a key pair deleted outside (or a Secret lost) is replaced, a Secret the key pair does not own is never
 * written, and Delete / Retain do what they say to both.
 */
@ExtendWith(E2eExtension.class)
class KeyPairIT {

  @Test
  void aCreatedKeysPrivateHalfIsOnlyInItsSecretAndAnInstanceLaunchesWithIt(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var keyPairs = env.client().resources(KeyPair.class).inNamespace(ns.name());
    var secrets = env.client().secrets().inNamespace(ns.name());
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env); var ec2 = new DirectEc2(env)) {
      String uid = keyPairs.resource(keyPair("deploy", KeyPairSpec.KeyType.rsa)).create().getMetadata().getUid();
      KeyPair ready = await(keyPairs.withName("deploy"), "Ready", ready());
      assertThat(ready.getStatus().getKeyName()).isEqualTo(ns.name() + ".deploy");
      assertThat(ready.getStatus().getSecretName()).isEqualTo("deploy-ssh");
      Secret secret = awaitSecret(secrets.withName("deploy-ssh"), s -> s.getData().containsKey("public-key"));
      String pem = decoded(secret, "private-key.pem");
      assertThat(PrivateKeys.rsaModulusBits(pem)).as("an RSA key of 2048 bits").isEqualTo(2048);
      assertThat(decoded(secret, "fingerprint")).isEqualTo(ready.getStatus().getFingerprint());
      assertThat(decoded(secret, "public-key")).startsWith("ssh-rsa ");
      assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
      assertThat(ownedBy(ec2, uid)).singleElement().satisfies(k -> {
        assertThat(k.keyName()).isEqualTo(ns.name() + ".deploy");
        assertThat(k.tags()).containsEntry(OwnershipTags.CLUSTER, RunningOperator.CLUSTER);
      });

      var web = Ec2InstanceResources.instance("web", "t3.micro", Map.of());
      var ref = new LocalRef();
      ref.setName("deploy");
      web.getSpec().setKeyPairRef(ref);
      instances.create(web);
      Ec2Instance running = instances.awaitReady("web");
      assertThat(ec2.instance(running.getStatus().getInstanceId()).keyName()).as("launched with the key")
          .isEqualTo(ns.name() + ".deploy");

      String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      String everythingElse = Serialization.asYaml(keyPairs.withName("deploy").get())
          + Serialization.asYaml(env.client().v1().events().inNamespace(ns.name()).list());
      assertThat(everythingElse).as("the private key is in no status, spec or event").doesNotContain(body)
          .doesNotContain("PRIVATE KEY");

      // deleted outside: created again, and the Secret holds the new key
      ec2.gateway().deleteKeyPair(ready.getStatus().getKeyName());
      KeyPair again = await(keyPairs.withName("deploy"), "recreated", k -> ready().test(k)
          && !ready.getStatus().getKeyPairId().equals(k.getStatus().getKeyPairId()));
      awaitSecret(secrets.withName("deploy-ssh"), s -> decoded(s, "fingerprint").equals(again.getStatus()
          .getFingerprint()));
      assertThat(env.client().v1().events().inNamespace(ns.name()).list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Recreated"));

      // the Secret lost: the key pair nobody holds the private key of is replaced
      secrets.withName("deploy-ssh").delete();
      KeyPair replaced = await(keyPairs.withName("deploy"), "replaced", k -> ready().test(k)
          && !again.getStatus().getKeyPairId().equals(k.getStatus().getKeyPairId()));
      awaitSecret(secrets.withName("deploy-ssh"), s -> decoded(s, "fingerprint").equals(replaced.getStatus()
          .getFingerprint()));
      assertThat(ownedBy(ec2, uid)).as("the old ones are gone").extracting(ObservedKeyPair::keyPairId)
          .containsExactly(replaced.getStatus().getKeyPairId());

      instances.deleteAndAwaitGone("web");
      keyPairs.withName("deploy").delete();
      Awaitility.await("key pair and Secret deleted").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> keyPairs.withName("deploy").get() == null && ownedBy(ec2, uid).isEmpty()
              && secrets.withName("deploy-ssh").get() == null);
    }
  }

  @Test
  void anEd25519KeyASecretItDoesNotOwnAndRetain(E2eEnvironment env, TestNamespace ns) throws Exception {
    var keyPairs = env.client().resources(KeyPair.class).inNamespace(ns.name());
    var secrets = env.client().secrets().inNamespace(ns.name());
    try (var operator = RunningOperator.start(env, Map.of("SPOT_PRICES", SpotFleetResources.PRICES));
        var ec2 = new DirectEc2(env)) {
      secrets.resource(new SecretBuilder().withNewMetadata().withName("taken").endMetadata()
          .withStringData(Map.of("password", "hunter2")).build()).create();
      var conflicting = keyPair("conflict", KeyPairSpec.KeyType.ed25519);
      conflicting.getSpec().setSecretName("taken");
      String conflictUid = keyPairs.resource(conflicting).create().getMetadata().getUid();
      await(keyPairs.withName("conflict"), "refused", has("Terminal", "True", "SecretConflict"));
      assertThat(ownedBy(ec2, conflictUid)).as("nothing created in EC2").isEmpty();
      assertThat(secrets.withName("taken").get().getData()).as("the Secret untouched").containsOnlyKeys("password");

      var kept = keyPair("kept", KeyPairSpec.KeyType.ed25519);
      kept.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
      String uid = keyPairs.resource(kept).create().getMetadata().getUid();
      KeyPair ready = await(keyPairs.withName("kept"), "Ready", ready());
      assertThat(ready.getStatus().getKeyType()).isEqualTo("ed25519");
      assertThat(ready.getStatus().getKeyName()).isEqualTo(ns.name() + ".kept");
      Secret secret = awaitSecret(secrets.withName("kept-ssh"), s -> true);
      assertThat(PrivateKeys.openSshKeyType(decoded(secret, "private-key.pem"))).isEqualTo("ssh-ed25519");

      // a fleet's launch specification may reference it too
      var fleets = env.client().resources(dev.fleet.ec2.api.v1alpha1.SpotFleet.class).inNamespace(ns.name());
      var fleet = SpotFleetResources.simple("batch", 1);
      var ref = new LocalRef();
      ref.setName("kept");
      fleet.getSpec().getLaunchSpecifications().get(0).setKeyPairRef(ref);
      String fleetUid = fleets.resource(fleet).create().getMetadata().getUid();
      SpotFleetResources.await(fleets.withName("batch"), "fulfilled", f -> SpotFleetResources.counted(f) == 1);
      assertThat(ec2.ownedBy(fleetUid)).singleElement().satisfies(i -> assertThat(i.keyName())
          .isEqualTo(ready.getStatus().getKeyName()));
      fleets.withName("batch").delete();
      Awaitility.await("fleet gone").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> fleets.withName("batch").get() == null);

      keyPairs.withName("kept").delete();
      Awaitility.await("released").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> keyPairs.withName("kept").get() == null);
      var left = ec2.gateway().describeKeyPairsByTag("Name", "kept-by-test");
      assertThat(left).singleElement().satisfies(k -> {
        assertThat(k.keyPairId()).isEqualTo(ready.getStatus().getKeyPairId());
        assertThat(k.tags()).doesNotContainKeys(OwnershipTags.OWNER_UID, OwnershipTags.CLUSTER);
      });
      assertThat(ownedBy(ec2, uid)).isEmpty();
      Secret leftSecret = secrets.withName("kept-ssh").get();
      assertThat(leftSecret).as("the Secret stays with the private key").isNotNull();
      assertThat(leftSecret.getMetadata().getOwnerReferences()).isNullOrEmpty();
      assertThat(decoded(leftSecret, "fingerprint")).isEqualTo(ready.getStatus().getFingerprint());

      ec2.gateway().deleteKeyPair(ready.getStatus().getKeyName());
      keyPairs.withName("conflict").delete();
      Awaitility.await("the refused one deleted while the operator runs").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> keyPairs.withName("conflict").get() == null);
    }
  }

  private static KeyPair keyPair(String name, KeyPairSpec.KeyType type) {
    var spec = new KeyPairSpec();
    spec.setKeyType(type);
    spec.setTags(Map.of("Name", name + "-by-test"));
    var k = new KeyPair();
    k.setMetadata(new ObjectMetaBuilder().withName(name).build());
    k.setSpec(spec);
    return k;
  }

  private static List<ObservedKeyPair> ownedBy(DirectEc2 ec2, String uid) {
    return ec2.gateway().describeKeyPairsByTag(OwnershipTags.OWNER_UID, uid);
  }

  private static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static Predicate<KeyPair> ready() {
    return has("Ready", "True", "Created");
  }

  private static Predicate<KeyPair> has(String type, String status, String reason) {
    return k -> k.getStatus() != null && k.getStatus().getConditions() != null && k.getStatus().getConditions()
        .stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())
            && reason.equals(c.getReason()));
  }

  private static KeyPair await(io.fabric8.kubernetes.client.dsl.Resource<KeyPair> r, String what,
      Predicate<KeyPair> check) {
    Awaitility.await(what).atMost(Ec2InstanceResources.PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          KeyPair k = r.get();
          return k != null && check.test(k);
        });
    return r.get();
  }

  private static Secret awaitSecret(io.fabric8.kubernetes.client.dsl.Resource<Secret> r, Predicate<Secret> check) {
    Awaitility.await("Secret " + r).atMost(Ec2InstanceResources.PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          Secret s = r.get();
          return s != null && s.getData() != null && s.getData().containsKey("private-key.pem") && check.test(s);
        });
    return r.get();
  }
}

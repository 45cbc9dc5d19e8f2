package dev.fleet.ec2.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.KeyPairSpec;
import dev.fleet.ec2.cloud.CreatedKeyPair;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPairDesiredTest {

  private static KeyPair keyPair(KeyPairSpec spec) {
    var k = new KeyPair();
    k.setMetadata(new ObjectMetaBuilder().withName("deploy").withNamespace("team-a").withUid("uid-1").build());
    k.setSpec(spec);
    return k;
  }

  @Test
  void defaultsNameTheKeyByNamespaceAndNameAndTheSecretByName() {
    var d = KeyPairDesired.from(keyPair(new KeyPairSpec()), "c1");
    assertThat(d.keyName()).isEqualTo("team-a.deploy");
    assertThat(d.keyType()).isEqualTo("rsa");
    assertThat(d.secretName()).isEqualTo("deploy-ssh");
    assertThat(d.imported()).isFalse();
  }

  @Test
  void anImportedKeyHasNoSecretAndOwnershipTagsWinOverTheUsers() {
    var spec = new KeyPairSpec();
    spec.setPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk me@laptop\n");
    spec.setTags(Map.of("team", "a", OwnershipTags.OWNER, "forged"));
    var d = KeyPairDesired.from(keyPair(spec), "c1");
    assertThat(d.imported()).isTrue();
    assertThat(d.secretName()).isNull();
    assertThat(d.publicKey()).isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk me@laptop");
    assertThat(d.allTags()).containsEntry("team", "a").containsEntry(OwnershipTags.OWNER, "team-a/deploy")
        .containsEntry(OwnershipTags.OWNER_UID, "uid-1");
  }

  @Test
  void aCreatedKeyPrintsWithoutItsPrivateKey() {
    var created = new CreatedKeyPair(new ObservedKeyPair("key-1", "k", "rsa", "fp", null, Map.of()),
        "-----BEGIN RSA PRIVATE KEY-----\nSECRETMATERIAL\n-----END RSA PRIVATE KEY-----");
    assertThat(created.toString()).doesNotContain("SECRETMATERIAL").contains("key-1");
  }
}

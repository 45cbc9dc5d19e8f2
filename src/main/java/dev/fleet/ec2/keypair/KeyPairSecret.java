package dev.fleet.ec2.keypair;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.CreatedKeyPair;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret that keeps a created key pair's private key: written only by its KeyPair (owner reference, label),
 * never one that exists and belongs to something else, so a KeyPair cannot be used to overwrite another
 * application's Secret. The private key goes from EC2's answer into this Secret and nowhere else.
 */
final class KeyPairSecret {
  static final String PRIVATE_KEY = "private-key.pem";
  static final String PUBLIC_KEY = "public-key";
  static final String FINGERPRINT = "fingerprint";
  /** On every Secret a KeyPair writes: the operator watches only these. */
  static final String LABEL = "ec2.fleet.dev/key-pair";
  static final String CONFLICT = "SecretConflict";

  private KeyPairSecret() {}

  /** Whether {@code secret} is this key pair's (its controller owner reference names it). */
  static boolean ownedBy(Secret secret, KeyPair keyPair) {
    return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> keyPair.getMetadata().getUid().equals(o.getUid()));
  }

  /** The fingerprint the Secret holds, if it is this key pair's and holds a private key. */
  static Optional<String> heldFingerprint(Secret secret, KeyPair keyPair) {
    if (secret == null || !ownedBy(secret, keyPair) || secret.getData() == null
        || !secret.getData().containsKey(PRIVATE_KEY) || !secret.getData().containsKey(FINGERPRINT)) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(FINGERPRINT)),
        StandardCharsets.UTF_8));
  }

  /** Terminal when a Secret of that name exists and is not this key pair's: it is never written. */
  static void requireWritable(Secret existing, KeyPair keyPair, String name) {
    if (existing != null && !ownedBy(existing, keyPair)) {
      throw conflict(keyPair, name);
    }
  }

  /** Writes the private key, public key and fingerprint; creates the Secret, or replaces this key pair's own. */
  static void write(KubernetesClient client, KeyPair keyPair, String name, CreatedKeyPair created) {
    String ns = keyPair.getMetadata().getNamespace();
    Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put(PRIVATE_KEY, created.privateKeyPem());
    data.put(FINGERPRINT, created.pair().fingerprint());
    Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(Map.of(LABEL, keyPair.getMetadata().getName()))
        .withOwnerReferences(owner(keyPair)).endMetadata()
        .withType("Opaque").withStringData(data).build();
    var secrets = client.secrets().inNamespace(ns);
    try {
      secrets.resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Secret existing = secrets.withName(name).get(); // not in the labelled cache: someone else's, or relabelled
      requireWritable(existing, keyPair, name);
      secrets.resource(secret).update();
    }
  }

  /**
   * Adds the public key once EC2 lists it (CreateKeyPair's answer does not carry it). A merge patch of one
   * key: the private key is neither read back nor sent again.
   */
  static void addPublicKey(KubernetesClient client, KeyPair keyPair, String name, String publicKey) {
    String encoded = Base64.getEncoder().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8));
    client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).withName(name)
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"data\":{\"" + PUBLIC_KEY + "\":\"" + encoded + "\"}}");
  }

  /**
   * deletionPolicy Delete: the Secret goes with its key pair now, not whenever a garbage collector runs (the owner
   * reference covers a KeyPair deleted while the operator is away). Only this key pair's own.
   */
  static void delete(KubernetesClient client, KeyPair keyPair, String name) {
    var resource = client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).withName(name);
    Secret existing = resource.get();
    if (existing != null && ownedBy(existing, keyPair)) {
      resource.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    }
  }

  /** deletionPolicy Retain: the Secret stays when its KeyPair goes (without the owner, the collector keeps it). */
  static void release(KubernetesClient client, KeyPair keyPair, String name) {
    var resource = client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).withName(name);
    Secret existing = resource.get();
    if (existing == null || !ownedBy(existing, keyPair)) {
      return;
    }
    resource.edit(s -> {
      List<OwnerReference> others = s.getMetadata().getOwnerReferences().stream()
          .filter(o -> !keyPair.getMetadata().getUid().equals(o.getUid())).toList();
      s.getMetadata().setOwnerReferences(others);
      if (s.getMetadata().getLabels() != null) {
        s.getMetadata().getLabels().remove(LABEL);
      }
      return s;
    });
  }

  private static OwnerReference owner(KeyPair keyPair) {
    return new OwnerReferenceBuilder().withApiVersion(keyPair.getApiVersion()).withKind(keyPair.getKind())
        .withName(keyPair.getMetadata().getName()).withUid(keyPair.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(false).build();
  }

  private static CloudException conflict(KeyPair keyPair, String name) {
    return new CloudException(CloudErrorKind.TERMINAL, "Secret", CONFLICT, "Secret " + name + " exists and is not"
        + " this KeyPair's: it is never written; set spec.secretName to a free name (delete and recreate the KeyPair)",
        null);
  }
}

package dev.fleet.ec2.keypair;

import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.KeyPairSpec;
import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.Map;
import java.util.Set;

/**
 * What a KeyPair asks for: its name and type in EC2, the public key to import (or null to create one), the
 * Secret that keeps a created key's private half, and its tags. Pure.
 *
 * @param secretName null for an imported key: there is no private key to keep
 */
public record KeyPairDesired(String keyName, String keyType, String publicKey, String secretName,
    OwnershipTags ownership, Map<String, String> userTags) {

  public static KeyPairDesired from(KeyPair resource, String cluster) {
    KeyPairSpec spec = resource.getSpec();
    var meta = resource.getMetadata();
    String keyName = spec.getKeyName() != null ? spec.getKeyName() : defaultKeyName(meta.getNamespace(),
        meta.getName());
    String type = spec.getKeyType() == null ? KeyPairSpec.KeyType.rsa.name() : spec.getKeyType().name();
    String secret = spec.getPublicKey() != null ? null
        : spec.getSecretName() != null ? spec.getSecretName() : meta.getName() + "-ssh";
    Map<String, String> tags = spec.getTags() == null ? Map.of() : ReservedTagKeys.withoutReserved(spec.getTags());
    return new KeyPairDesired(keyName, type, spec.getPublicKey() == null ? null : spec.getPublicKey().trim(), secret,
        OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()), Map.copyOf(tags));
  }

  /** {@code <namespace>.<name>}: a namespace name has no dot, so two resources never default to one name. */
  public static String defaultKeyName(String namespace, String name) {
    return namespace + "." + name;
  }

  public boolean imported() {
    return publicKey != null;
  }

  /** Every tag the key pair carries: the user's, then the ownership tags (which win). */
  public Map<String, String> allTags() {
    return ownership.over(userTags);
  }

  public Set<String> userTagKeys() {
    return userTags.keySet();
  }
}

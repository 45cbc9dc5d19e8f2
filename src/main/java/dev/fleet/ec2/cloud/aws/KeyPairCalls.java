package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.CreatedKeyPair;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The key pair calls of {@link AwsEc2Gateway}. */
final class KeyPairCalls {
  private final Ec2Client ec2;

  KeyPairCalls(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  CreatedKeyPair create(String keyName, String keyType, Map<String, String> tags) {
    return AwsErrors.call("CreateKeyPair", () -> {
      var r = ec2.createKeyPair(b -> b.keyName(keyName).keyType(keyType).tagSpecifications(tagged(tags)));
      return new CreatedKeyPair(new ObservedKeyPair(r.keyPairId(), r.keyName(), keyType, r.keyFingerprint(), null,
          tagsOf(r.tags())), r.keyMaterial());
    });
  }

  ObservedKeyPair importKey(String keyName, String publicKey, Map<String, String> tags) {
    return AwsErrors.call("ImportKeyPair", () -> {
      var r = ec2.importKeyPair(b -> b.keyName(keyName).publicKeyMaterial(software.amazon.awssdk.core.SdkBytes
          .fromUtf8String(publicKey)).tagSpecifications(tagged(tags)));
      return new ObservedKeyPair(r.keyPairId(), r.keyName(), publicKey.startsWith("ssh-ed25519") ? "ed25519" : "rsa",
          r.keyFingerprint(), publicKey, tagsOf(r.tags()));
    });
  }

  List<ObservedKeyPair> byTag(String key, String value) {
    return AwsErrors.call("DescribeKeyPairs", () -> ec2.describeKeyPairs(b -> b.includePublicKey(true)
        .filters(Filter.builder().name("tag:" + key).values(value).build())).keyPairs().stream()
        .map(KeyPairCalls::observed).toList());
  }

  void delete(String keyName) {
    AwsErrors.call("DeleteKeyPair", () -> ec2.deleteKeyPair(b -> b.keyName(keyName)));
  }

  private static ObservedKeyPair observed(KeyPairInfo k) {
    return new ObservedKeyPair(k.keyPairId(), k.keyName(), k.keyTypeAsString(), k.keyFingerprint(),
        k.publicKey() == null ? null : k.publicKey().trim(), tagsOf(k.tags()));
  }

  private static TagSpecification tagged(Map<String, String> tags) {
    return InstanceMapping.tagsAtCreation(ResourceType.KEY_PAIR, tags);
  }

  private static Map<String, String> tagsOf(List<Tag> tags) {
    return InstanceMapping.tagMap(tags);
  }
}

package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Desired state of one EC2 key pair. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.keyName) == has(oldSelf.keyName) && (!has(self.keyName) || self.keyName == oldSelf.keyName)",
    message = "keyName is immutable: delete and recreate the KeyPair to change it")
@ValidationRule(value = "self.keyType == oldSelf.keyType", message = "keyType is immutable: delete and recreate the"
    + " KeyPair to change it")
@ValidationRule(value = "has(self.publicKey) == has(oldSelf.publicKey) && (!has(self.publicKey) || self.publicKey == oldSelf.publicKey)",
    message = "publicKey is immutable: delete and recreate the KeyPair to change it")
@ValidationRule(value = "has(self.secretName) == has(oldSelf.secretName) && (!has(self.secretName) || self.secretName == oldSelf.secretName)",
    message = "secretName is immutable: delete and recreate the KeyPair to change it")
@ValidationRule(value = "has(self.region) == has(oldSelf.region) && (!has(self.region) || self.region == oldSelf.region)",
    message = "region is immutable: delete and recreate the KeyPair to change it")
@ValidationRule(value = "has(self.accountRef) == has(oldSelf.accountRef) && (!has(self.accountRef) || self.accountRef.name == oldSelf.accountRef.name)",
    message = "accountRef is immutable: delete and recreate the KeyPair to change it")
@ValidationRule(value = "!has(self.publicKey) || !has(self.secretName)",
    message = "secretName is for a key pair the operator creates: an imported publicKey has no private key to keep")
public class KeyPairSpec {
  /** EC2's two key types. */
  public enum KeyType { rsa, ed25519 }

  @Size(max = 255)
  @Pattern("^[\\x20-\\x7E]+$")
  @JsonPropertyDescription("The key pair's name in EC2 (what instances and ssh tools show), unique per account and"
      + " region; default: <namespace>.<name>. Immutable.")
  private String keyName;

  @Default("rsa")
  @JsonPropertyDescription("rsa (2048 bit, what Windows instances need) or ed25519. Immutable.")
  private KeyType keyType;

  @Size(max = 16384)
  @Pattern("^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/=]+( .*)?$")
  @JsonPropertyDescription("An OpenSSH public key to import instead of creating a key pair (the private key stays"
      + " with you; no Secret is written). Immutable.")
  private String publicKey;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("The Secret (in this namespace) that receives the private key (private-key.pem), the public"
      + " key (public-key) and the fingerprint; default: <name>-ssh. The key pair owns it: an existing Secret it does"
      + " not own is never written. Immutable.")
  private String secretName;

  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @JsonPropertyDescription("The AWS region; default: the operator's region. Immutable.")
  private String region;

  @JsonPropertyDescription("The AwsAccount to act in; default: the namespace's (annotation ec2.fleet.dev/account), else"
      + " the operator's own credentials. Immutable.")
  private AccountRef accountRef;

  @Size(max = ReservedTagKeys.MAX_TAGS)
  @ValidationRule(value = ReservedTagKeys.RULE, message = ReservedTagKeys.MESSAGE)
  @JsonPropertyDescription("Tags on the key pair, besides the operator's ownership tags.")
  private Map<String, String> tags;

  @Default("Delete")
  @JsonPropertyDescription("What deleting the resource does: Delete deletes the key pair in EC2 and its Secret (instances"
      + " launched with it keep the key); Retain leaves both, without the operator's tags and owner.")
  private DeletionPolicy deletionPolicy;

  public String getKeyName() {
    return keyName;
  }

  public void setKeyName(String keyName) {
    this.keyName = keyName;
  }

  public KeyType getKeyType() {
    return keyType;
  }

  public void setKeyType(KeyType keyType) {
    this.keyType = keyType;
  }

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public AccountRef getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(AccountRef accountRef) {
    this.accountRef = accountRef;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}

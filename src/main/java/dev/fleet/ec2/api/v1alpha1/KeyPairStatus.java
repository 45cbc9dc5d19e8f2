package dev.fleet.ec2.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of one EC2 key pair. Never the private key: that is only in the Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyPairStatus extends ResourceStatus {

  @JsonPropertyDescription("The EC2 key pair id, key-...")
  private String keyPairId;

  @JsonPropertyDescription("The key pair's name in EC2: what an instance's keyName names.")
  private String keyName;

  @JsonPropertyDescription("rsa or ed25519, as EC2 reports it.")
  private String keyType;

  @JsonPropertyDescription("EC2's fingerprint of the key.")
  private String fingerprint;

  @JsonPropertyDescription("The Secret holding the private key; absent for an imported public key.")
  private String secretName;

  @JsonPropertyDescription("Tag keys from spec.tags last applied; a key dropped from the spec is removed from EC2.")
  private List<String> managedTagKeys;

  public String getKeyPairId() {
    return keyPairId;
  }

  public void setKeyPairId(String keyPairId) {
    this.keyPairId = keyPairId;
  }

  public String getKeyName() {
    return keyName;
  }

  public void setKeyName(String keyName) {
    this.keyName = keyName;
  }

  public String getKeyType() {
    return keyType;
  }

  public void setKeyType(String keyType) {
    this.keyType = keyType;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }
}

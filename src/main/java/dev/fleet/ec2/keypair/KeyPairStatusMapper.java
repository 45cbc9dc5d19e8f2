package dev.fleet.ec2.keypair;

import dev.fleet.ec2.api.v1alpha1.KeyPairStatus;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Instant;

/** Builds the whole KeyPair status, the one place it is built. Pure: never holds the private key. */
public final class KeyPairStatusMapper {

  private KeyPairStatusMapper() {}

  /**
   * @param book the bookkeeping (key pair id, secret, managed tag keys) and the previous conditions
   * @param observed the key pair as EC2 last reported it, or null when there is none (yet)
   */
  public static KeyPairStatus map(KeyPairStatus book, long generation, ObservedKeyPair observed, SyncOutcome outcome,
      Instant now) {
    KeyPairStatus s = new KeyPairStatus();
    s.copyLifecycleFrom(book);
    s.setKeyPairId(book.getKeyPairId());
    s.setKeyName(book.getKeyName());
    s.setKeyType(book.getKeyType());
    s.setFingerprint(book.getFingerprint());
    s.setSecretName(book.getSecretName());
    s.setManagedTagKeys(book.getManagedTagKeys());
    s.setObservedGeneration(generation);
    if (observed != null) {
      s.setKeyPairId(observed.keyPairId());
      s.setKeyName(observed.keyName());
      s.setKeyType(observed.keyType() != null ? observed.keyType() : book.getKeyType());
      s.setFingerprint(observed.fingerprint());
    }
    boolean exists = observed != null;
    s.setConditions(Conditions.report(book.getConditions(), outcome, exists ? "Created" : null,
        exists ? "key pair " + observed.keyName() + " exists" + (book.getSecretName() == null ? ""
            : "; its private key is in Secret " + book.getSecretName()) : null, generation, now));
    return s;
  }
}

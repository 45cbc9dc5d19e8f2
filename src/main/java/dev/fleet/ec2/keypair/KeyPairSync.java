package dev.fleet.ec2.keypair;

import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.CreatedKeyPair;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.tags.TagDelta;
import dev.fleet.ec2.tags.TagWriter;
import java.util.List;

/** The only caller of {@link Ec2Gateway} for KeyPair: every EC2 action, each with its event (never the key). */
public final class KeyPairSync {
  private final Ec2Gateway ec2;
  private final EventRecorder events;
  private final TagWriter tags;
  private final String cluster;

  public KeyPairSync(Ec2Gateway ec2, EventRecorder events, String cluster) {
    this.ec2 = ec2;
    this.events = events;
    this.cluster = cluster;
    this.tags = new TagWriter(ec2, events);
  }

  /** Every key pair EC2 lists as this resource's (by its uid tag): what a lost answer or a crash left behind. */
  public List<ObservedKeyPair> owned(OwnershipTags ownership) {
    return ec2.describeKeyPairsByTag(OwnershipTags.OWNER_UID, ownership.ownerUid()).stream()
        .filter(k -> ownership.ownedBy(k.tags())).toList();
  }

  /** Creates the key pair; the caller puts the private key in the Secret at once (EC2 never gives it again). */
  public CreatedKeyPair create(KeyPair resource, KeyPairDesired desired) {
    CreatedKeyPair created;
    try {
      created = ec2.createKeyPair(desired.keyName(), desired.keyType(), desired.allTags());
    } catch (CloudException e) {
      throw taken(desired, e);
    }
    events.normal(resource, "Created", "created " + desired.keyType() + " key pair " + created.pair().keyName() + " ("
        + created.pair().keyPairId() + ")");
    return created;
  }

  public ObservedKeyPair importKey(KeyPair resource, KeyPairDesired desired) {
    ObservedKeyPair imported;
    try {
      imported = ec2.importKeyPair(desired.keyName(), desired.publicKey(), desired.allTags());
    } catch (CloudException e) {
      throw taken(desired, e);
    }
    events.normal(resource, "Imported", "imported the public key as key pair " + imported.keyName() + " ("
        + imported.keyPairId() + ")");
    return imported;
  }

  /** Deletes one of this resource's key pairs (never another installation's). */
  public void delete(KeyPair resource, ObservedKeyPair key, String why) {
    ClusterBoundary.requireNotForeign(cluster, key.keyPairId(), key.tags());
    ec2.deleteKeyPair(key.keyName());
    events.normal(resource, "Deleted", "deleted key pair " + key.keyName() + " (" + key.keyPairId() + "): " + why);
  }

  public void applyTags(KeyPair resource, ObservedKeyPair key, TagDelta delta) {
    ClusterBoundary.requireNotForeign(cluster, key.keyPairId(), key.tags());
    tags.apply(resource, key.keyPairId(), delta);
  }

  /** deletionPolicy Retain: the key pair stays, without the operator's tags. */
  public void release(KeyPair resource, ObservedKeyPair key) {
    ec2.deleteTags(key.keyPairId(), OwnershipTags.KEYS);
    events.normal(resource, "Retained", "left key pair " + key.keyName() + " in EC2 and removed the operator's tags");
  }

  /** A name already used in the account and region: say which field to change. */
  private static CloudException taken(KeyPairDesired desired, CloudException e) {
    if (!"InvalidKeyPair.Duplicate".equals(e.errorCode())) {
      return e;
    }
    return new CloudException(CloudErrorKind.TERMINAL, e.action(), e.errorCode(), "a key pair named "
        + desired.keyName() + " already exists in this account and region and is not this resource's: choose"
        + " another spec.keyName", e);
  }
}

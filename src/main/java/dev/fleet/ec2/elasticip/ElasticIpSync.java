package dev.fleet.ec2.elasticip;

import dev.fleet.ec2.access.ClusterBoundary;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.tags.TagDelta;
import dev.fleet.ec2.tags.TagWriter;
import java.util.List;

/** The only caller of {@link Ec2Gateway} for ElasticIp: every EC2 action, each with its event. */
public final class ElasticIpSync {
  private final Ec2Gateway ec2;
  private final EventRecorder events;
  private final TagWriter tags;
  private final String cluster;

  public ElasticIpSync(Ec2Gateway ec2, EventRecorder events, String cluster) {
    this.ec2 = ec2;
    this.events = events;
    this.cluster = cluster;
    this.tags = new TagWriter(ec2, events);
  }

  /** Every address EC2 lists as this resource's (by its uid tag): what a lost answer or a crash left behind. */
  public List<ObservedAddress> owned(OwnershipTags ownership) {
    return ec2.describeAddressesByTag(OwnershipTags.OWNER_UID, ownership.ownerUid()).stream()
        .filter(a -> ownership.ownedBy(a.tags())).toList();
  }

  /** AllocateAddress, tagged at creation (no client token exists: the caller wrote the attempt ahead). */
  public ObservedAddress allocate(ElasticIp resource, ElasticIpDesired desired) {
    ObservedAddress made = ec2.allocateAddress(desired.allTags());
    events.normal(resource, "Allocated", "allocated address " + made.publicIp() + " (" + made.allocationId() + ")");
    return made;
  }

  /** Associates the address with the instance; what the address then is. */
  /** The instance's public IP as EC2 reports it now (one describe by id, batched with others), or null. */
  public String publicIpNow(String instanceId) {
    return ec2.describeInstancesById(List.of(instanceId)).stream().findFirst()
        .map(dev.fleet.ec2.cloud.ObservedInstance::publicIpAddress).orElse(null);
  }

  public ObservedAddress associate(ElasticIp resource, ObservedAddress address, String instanceId, String why) {
    ClusterBoundary.requireNotForeign(cluster, address.allocationId(), address.tags());
    String association = ec2.associateAddress(address.allocationId(), instanceId);
    events.normal(resource, "Associated", "associated address " + address.publicIp() + " with instance " + instanceId
        + why);
    return address.associatedWith(association, instanceId);
  }

  /** Takes the operator's association back; the address stays allocated. */
  public ObservedAddress disassociate(ElasticIp resource, ObservedAddress address, String why) {
    ClusterBoundary.requireNotForeign(cluster, address.allocationId(), address.tags());
    ec2.disassociateAddress(address.associationId());
    events.normal(resource, "Disassociated", "disassociated address " + address.publicIp() + " from instance "
        + address.instanceId() + ": " + why);
    return address.associatedWith(null, null);
  }

  /** deletionPolicy Delete: disassociated first (EC2 refuses to release an address in use), then released. */
  public void release(ElasticIp resource, ObservedAddress address) {
    ClusterBoundary.requireNotForeign(cluster, address.allocationId(), address.tags());
    if (address.associated()) {
      disassociate(resource, address, "the ElasticIp is deleted");
    }
    ec2.releaseAddress(address.allocationId());
    events.normal(resource, "Released", "released address " + address.publicIp() + " (" + address.allocationId()
        + ")");
  }

  /** deletionPolicy Retain: the address stays allocated (and associated), without the operator's tags. */
  public void retain(ElasticIp resource, ObservedAddress address) {
    ec2.deleteTags(address.allocationId(), OwnershipTags.KEYS);
    events.normal(resource, "Retained", "left address " + address.publicIp() + " (" + address.allocationId()
        + ") allocated and removed the operator's tags");
  }

  public void applyTags(ElasticIp resource, ObservedAddress address, TagDelta delta) {
    ClusterBoundary.requireNotForeign(cluster, address.allocationId(), address.tags());
    tags.apply(resource, address.allocationId(), delta);
  }
}

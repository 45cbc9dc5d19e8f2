package dev.fleet.ec2.elasticip;

import dev.fleet.ec2.api.v1alpha1.ElasticIpStatus;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import java.time.Instant;

/** Builds the whole ElasticIp status, the one place it is built. Pure. */
public final class ElasticIpStatusMapper {

  private ElasticIpStatusMapper() {}

  /**
   * @param book the bookkeeping (allocation and association the operator made, managed tag keys) and the
   *     previous conditions
   * @param observed the address as EC2 last reported it, or null when there is none (yet)
   * @param wantedInstance the instance the spec points at (null: none, or not known yet)
   * @param instanceAsked whether the spec names an instance at all
   */
  public static ElasticIpStatus map(ElasticIpStatus book, long generation, ObservedAddress observed,
      String wantedInstance, boolean instanceAsked, SyncOutcome outcome, Instant now) {
    ElasticIpStatus s = new ElasticIpStatus();
    s.copyLifecycleFrom(book);
    s.setAllocationId(book.getAllocationId());
    s.setPublicIp(book.getPublicIp());
    s.setAssociationId(book.getAssociationId());
    s.setInstanceId(book.getInstanceId());
    s.setManagedTagKeys(book.getManagedTagKeys());
    s.setObservedGeneration(generation);
    if (observed != null) {
      s.setAllocationId(observed.allocationId());
      s.setPublicIp(observed.publicIp());
      s.setInstanceId(observed.instanceId());
      s.setAssociationId(observed.associated() && observed.associationId().equals(book.getAssociationId())
          ? observed.associationId() : null);
    }
    String readyReason = null;
    String readyMessage = null;
    if (observed != null && !instanceAsked) {
      readyReason = "Allocated";
      readyMessage = "address " + observed.publicIp() + " is allocated" + (observed.associated() ? "" : ", associated"
          + " with no instance");
    } else if (observed != null && wantedInstance != null && wantedInstance.equals(observed.instanceId())) {
      readyReason = "Associated";
      readyMessage = "address " + observed.publicIp() + " is associated with instance " + wantedInstance;
    }
    s.setConditions(Conditions.report(book.getConditions(), outcome, readyReason, readyMessage, generation, now));
    return s;
  }
}

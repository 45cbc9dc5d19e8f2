package dev.fleet.ec2.elasticip;

import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.refs.InstanceRefs.Target;

/**
 * What to do about an address's association, given the instance the spec points at. Never touches an association
 * the operator did not make (EC2's AllowReassociation false, and no disassociating someone else's). Pure.
 *
 * @param step the one action to take
 * @param madeByUs whether the association EC2 reports is the one the operator made (or is with the target)
 */
public record AssociationDelta(Step step, boolean madeByUs) {

  /** The actions; NONE leaves EC2 as it is. */
  public enum Step {
    /** In place: associated with the target, or nothing asked and nothing associated. */
    NONE,
    /** Not associated, the target runs. */
    ASSOCIATE,
    /** Associated with the target, but the running instance reports another public IP: associate it again. */
    REASSOCIATE,
    /** Our association is with another instance: take it back, then associate with the target if it runs. */
    MOVE,
    /** Our association, no instance asked for (any more). */
    DISASSOCIATE,
    /** No association, and the target cannot have it yet (not running, unknown). */
    WAIT,
    /** Associated outside the operator with an instance other than the target: left alone. */
    FOREIGN
  }

  /**
   * @param made the association id the operator recorded, or null
   * @param instancePublicIp the target instance's public IP as last seen, or null when unknown
   */
  public static AssociationDelta between(Target target, ObservedAddress address, String made,
      String instancePublicIp) {
    boolean ours = address.associated() && (address.associationId().equals(made)
        || target.instanceId() != null && target.instanceId().equals(address.instanceId()));
    if (target.instanceId() == null) {
      if (!address.associated()) {
        return new AssociationDelta(target.none() ? Step.NONE : Step.WAIT, false);
      }
      if (!ours) {
        return new AssociationDelta(Step.FOREIGN, false);
      }
      // asked for nothing: take ours back; waiting for an instance not known yet: leave it where it is
      return new AssociationDelta(target.none() ? Step.DISASSOCIATE : Step.WAIT, true);
    }
    if (target.instanceId().equals(address.instanceId())) {
      boolean elsewhere = target.running() && instancePublicIp != null && !instancePublicIp.equals(address.publicIp());
      return new AssociationDelta(elsewhere ? Step.REASSOCIATE : Step.NONE, true);
    }
    if (address.associated()) {
      return new AssociationDelta(ours ? Step.MOVE : Step.FOREIGN, ours);
    }
    return new AssociationDelta(target.running() ? Step.ASSOCIATE : Step.WAIT, false);
  }
}

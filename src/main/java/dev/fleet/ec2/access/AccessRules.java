package dev.fleet.ec2.access;

import java.util.Set;

/**
 * What the operator's administrator decided that no namespace user can change: which installation this
 * is (the cluster tag it owns), who may adopt, and which instance profiles may be passed.
 */
public record AccessRules(String cluster, AdoptionPolicy adoption, InstanceProfilePolicy instanceProfiles) {
  /**
   * Terminal reasons that an administrator lifts by changing the operator's settings, not the spec. They
   * are checked again on every pass: the check makes no EC2 call, so this costs nothing and needs no backoff.
   */
  public static final Set<String> LIFTED_BY_ADMINISTRATOR = Set.of(AdoptionPolicy.REFUSED,
      InstanceProfilePolicy.REFUSED, dev.fleet.ec2.account.AccountChoice.NOT_ALLOWED,
      dev.fleet.ec2.keypair.KeyPairReconciler.SECRETS_NOT_ALLOWED);

  /** Nothing allowed beyond the installation's own resources. */
  public static AccessRules strict(String cluster) {
    return new AccessRules(cluster, AdoptionPolicy.none(), InstanceProfilePolicy.none());
  }
}

package dev.fleet.ec2.sweep;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether one EC2 resource is an orphan: tagged for this installation, in a watched namespace, and owned
 * by no Kubernetes resource, neither the incarnation its owner-uid tag names nor any resource at its
 * owner tag's namespace/name (a resource restored from a backup has a new uid; its own reconciler decides
 * what to do with the EC2 resource, not the sweep). Pure: what exists is given.
 */
public final class OrphanVerdict {
  /** The verdict's outcome, in the order the checks are made. */
  public enum Outcome {
    /** No cluster tag, another installation's, or no readable owner: never the sweep's business. */
    NOT_OURS,
    /** An instance already shutting down or terminated. */
    GONE,
    /** Its owner's namespace is not watched by this operator. */
    UNWATCHED,
    /** The resource its owner-uid names exists. */
    OWNED,
    /**
     * A resource of its owner kind exists at its owner namespace/name: another incarnation (a restore from
     * a backup), or one the listing did not show yet.
     */
    OWNED_BY_NAME,
    /** No owner, confirmed by a live lookup at namespace/name. */
    ORPHAN
  }

  /** An outcome, with the ownership claim when the resource's tags made one. */
  public record Judgement(Outcome outcome, Optional<OwnershipClaim> claim) {}

  private final String cluster;
  private final Set<String> watchedNamespaces;

  /** @param watchedNamespaces the namespaces this operator watches; empty: all */
  public OrphanVerdict(String cluster, Set<String> watchedNamespaces) {
    this.cluster = cluster;
    this.watchedNamespaces = Set.copyOf(watchedNamespaces);
  }

  /**
   * Judges {@code r} against {@code listed} (one listing of the three kinds), asking {@code existsNow}
   * (a live GET by namespace/name) only when the listing shows no owner: the listing may be older than
   * the resource, and it is the last word before calling anything an orphan. What {@code existsNow}
   * throws is thrown.
   */
  public Judgement judge(SweptResource r, KnownOwners listed, Predicate<OwnershipClaim> existsNow) {
    Optional<OwnershipClaim> claim = OwnershipClaim.of(cluster, r);
    if (claim.isEmpty()) {
      return new Judgement(Outcome.NOT_OURS, claim);
    }
    OwnershipClaim c = claim.get();
    Outcome outcome;
    if (r.gone()) {
      outcome = Outcome.GONE;
    } else if (!watchedNamespaces.isEmpty() && !watchedNamespaces.contains(c.namespace())) {
      outcome = Outcome.UNWATCHED;
    } else if (listed.hasUid(c)) {
      outcome = Outcome.OWNED;
    } else if (listed.hasName(c) || existsNow.test(c)) {
      outcome = Outcome.OWNED_BY_NAME;
    } else {
      outcome = Outcome.ORPHAN;
    }
    return new Judgement(outcome, claim);
  }
}

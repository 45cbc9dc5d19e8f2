package dev.fleet.ec2.api.v1alpha1;

/**
 * The admission rule on every spec's {@code tags}: keys under the operator's own prefix (ownership, fleet
 * membership) or AWS's are refused, so a spec cannot forge what marks an EC2 resource as someone's.
 */
public final class ReservedTagKeys {
  public static final String OPERATOR_PREFIX = ApiGroup.NAME + "/";
  public static final String AWS_PREFIX = "aws:";
  /** At most 50 tags, as EC2 allows; the bound also keeps the CEL rule's cost estimate small. */
  public static final long MAX_TAGS = 50;
  public static final String RULE = "self.all(k, !k.startsWith('" + OPERATOR_PREFIX + "') && !k.startsWith('"
      + AWS_PREFIX + "'))";
  public static final String MESSAGE = "tag keys may not start with " + OPERATOR_PREFIX
      + " (the operator's ownership tags) or " + AWS_PREFIX + " (reserved by AWS)";

  private ReservedTagKeys() {}

  /** {@code tags} without reserved keys: also for objects stored before the admission rule existed. */
  public static java.util.Map<String, String> withoutReserved(java.util.Map<String, String> tags) {
    java.util.Map<String, String> kept = new java.util.LinkedHashMap<>(tags);
    kept.keySet().removeIf(k -> k.startsWith(OPERATOR_PREFIX) || k.startsWith(AWS_PREFIX));
    return kept;
  }
}

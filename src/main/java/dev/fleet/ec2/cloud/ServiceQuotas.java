package dev.fleet.ec2.cloud;

/**
 * Service Quotas, as far as the operator reads it: one quota's value in the account and region of the scope.
 * Throws {@link CloudException} when Service Quotas does not answer (not permitted, not reachable, no such
 * quota there).
 */
public interface ServiceQuotas {
  /** The value applied to the account for {@code quotaCode} of service {@code serviceCode} (e.g. "ec2"). */
  double appliedQuota(String serviceCode, String quotaCode);
}

package dev.fleet.ec2.scope;

import java.util.Objects;

/**
 * Where a resource lives in AWS: an account (empty for the operator's own credentials) and a region. The
 * operator keeps one set of clients, polls and inventories per key in use ({@link Ec2Scopes}).
 */
public record ScopeKey(String account, String region) {
  public ScopeKey {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
  }

  /** The operator's own credentials in {@code region}. */
  public static ScopeKey own(String region) {
    return new ScopeKey("", region);
  }

  /** As logs and metrics show it: the region, after the account when it is not the operator's own. */
  @Override
  public String toString() {
    return account.isEmpty() ? region : account + "/" + region;
  }
}

package dev.fleet.ec2.scope;

import dev.fleet.ec2.cloud.AccountAccess;
import java.util.Objects;

/**
 * Where a resource lives in AWS: an account (an AwsAccount's name; empty for the operator's own credentials),
 * how it is reached, and a region. The operator keeps one set of clients, polls and inventories per key in use
 * ({@link Ec2Scopes}); an account whose spec changes is reached another way, so under a new key.
 */
public record ScopeKey(String account, String region, AccountAccess access) {
  public ScopeKey {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(access, "access");
  }

  /** The operator's own credentials in {@code region}. */
  public static ScopeKey own(String region) {
    return new ScopeKey("", region, new AccountAccess.Own());
  }

  /** As logs and metrics show it: the region, after the account when it is not the operator's own. */
  @Override
  public String toString() {
    return account.isEmpty() ? region : account + "/" + region;
  }
}

package dev.fleet.ec2.account;

import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.status.SyncOutcome;

/**
 * Which account a resource acts in, or why it cannot act yet: its own AwsAccount (by {@code spec.accountRef},
 * else the one recorded in its status, else its namespace's default), or the operator's own credentials.
 *
 * @param account the AwsAccount's name; empty for the operator's own credentials
 * @param access how to reach it, when it can be used now
 * @param waiting why not yet (the account is missing or not Ready): reported, nothing asked of EC2
 * @param refused why never, until an administrator changes the account (Terminal)
 */
public record AccountChoice(String account, AccountAccess access, SyncOutcome waiting, CloudException refused) {
  public static final String NAMESPACE_DEFAULT = "ec2.fleet.dev/account";
  public static final String NOT_ALLOWED = "AccountNotAllowed";
  public static final String WAITING_REASON = "WaitingForAccount";

  public static AccountChoice own() {
    return new AccountChoice("", new AccountAccess.Own(), null, null);
  }

  public boolean usable() {
    return waiting == null && refused == null;
  }
}

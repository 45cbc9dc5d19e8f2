package dev.fleet.ec2.cloud;

import java.time.Duration;

/** How the operator gets credentials for one account: its own, a role to assume, a named profile, or keys. */
public sealed interface AccountAccess {
  /** The operator's own credential chain (environment, web identity, instance profile, ...). */
  record Own() implements AccountAccess {}

  /** STS AssumeRole from the operator's own credentials; refreshed before the credentials expire. */
  record AssumeRole(String roleArn, String externalId, String sessionName, Duration duration)
      implements AccountAccess {}

  /** A named profile of the AWS config and credentials files the operator can read. */
  record Profile(String name) implements AccountAccess {}

  /**
   * The static keys a Secret in the operator's namespace holds, by its name: read once, when clients are
   * built for it ({@link #StaticKeys}), not at every pass of every resource that uses the account.
   */
  record SecretKeys(String secretName) implements AccountAccess {}

  /** Static keys (and a session token, if any), as a Secret holds them. */
  record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements AccountAccess {
    @Override
    public String toString() { // never the keys themselves, in a log or an exception
      return "StaticKeys[" + accessKeyId.substring(0, Math.min(4, accessKeyId.length())) + "...]";
    }
  }
}

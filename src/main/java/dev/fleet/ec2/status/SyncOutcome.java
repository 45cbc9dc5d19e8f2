package dev.fleet.ec2.status;

/** How one reconcile pass ended, for the conditions. {@code reason} is a CamelCase word or an EC2 error code. */
public record SyncOutcome(Kind kind, String reason, String message) {

  /** IN_SYNC: EC2 matches the spec. PROGRESSING: changes made or under way. WAITING: blocked on something
   *  else (a referenced SecurityGroup). TERMINAL: EC2 refused the spec; nothing happens until it changes.
   *  ERROR: a recoverable failure, retried with backoff. */
  public enum Kind { IN_SYNC, PROGRESSING, WAITING, TERMINAL, ERROR }

  public static SyncOutcome inSync() {
    return new SyncOutcome(Kind.IN_SYNC, "Synced", "EC2 matches the spec");
  }

  public static SyncOutcome progressing(String reason, String message) {
    return new SyncOutcome(Kind.PROGRESSING, reason, message);
  }
}

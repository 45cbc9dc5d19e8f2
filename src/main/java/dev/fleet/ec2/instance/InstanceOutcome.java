package dev.fleet.ec2.instance;

/** How one reconcile pass ended, for the conditions. {@code reason} is a CamelCase word or an EC2 error code. */
public record InstanceOutcome(Kind kind, String reason, String message) {

  /** IN_SYNC: EC2 matches the spec. PROGRESSING: changes made or under way. WAITING: blocked on something
   *  else (a referenced SecurityGroup). TERMINAL: EC2 refused the spec; nothing happens until it changes.
   *  ERROR: a recoverable failure, retried with backoff. */
  public enum Kind { IN_SYNC, PROGRESSING, WAITING, TERMINAL, ERROR }

  public static InstanceOutcome inSync() {
    return new InstanceOutcome(Kind.IN_SYNC, "Synced", "the instance matches the spec");
  }

  public static InstanceOutcome progressing(String reason, String message) {
    return new InstanceOutcome(Kind.PROGRESSING, reason, message);
  }
}

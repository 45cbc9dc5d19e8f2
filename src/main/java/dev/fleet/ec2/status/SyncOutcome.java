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

  /** A recoverable failure, by EC2's error code when there is one (JOSDK wraps what reconcile threw). */
  public static SyncOutcome retrying(Exception e) {
    var cloud = dev.fleet.ec2.cloud.CloudException.in(e);
    String reason = cloud.map(dev.fleet.ec2.cloud.CloudException::errorCode).orElse(e.getClass().getSimpleName());
    String message = String.valueOf(cloud.<Throwable>map(c -> c).orElse(e).getMessage());
    return new SyncOutcome(Kind.ERROR, reason, message + "; retrying with backoff");
  }

  public static SyncOutcome progressing(String reason, String message) {
    return new SyncOutcome(Kind.PROGRESSING, reason, message);
  }
}

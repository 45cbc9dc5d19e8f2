package dev.fleet.ec2.cloud;

/** A failed EC2 call, carrying EC2's own error code and message and our classification of it. */
public class CloudException extends RuntimeException {
  private final CloudErrorKind kind;
  private final String action;
  private final String errorCode;
  private final String detail;

  public CloudException(CloudErrorKind kind, String action, String errorCode, String message, Throwable cause) {
    super(action + " failed: " + errorCode + ": " + message, cause);
    this.kind = kind;
    this.action = action;
    this.errorCode = errorCode;
    this.detail = message;
  }

  /** The same failure with more said about it (what EC2 said, then {@code more}): kind, action and code stay. */
  public CloudException explained(String more) {
    return new CloudException(kind, action, errorCode, detail + more, this);
  }

  /** The CloudException in {@code e}'s cause chain (JOSDK wraps what a reconciler throws), if any. */
  public static java.util.Optional<CloudException> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CloudException c) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * True when the spec itself is wrong and no later moment can change EC2's answer: it refused the
   * parameters. Retrying cannot help until the spec changes.
   */
  public boolean refusesSpec() {
    return kind == CloudErrorKind.TERMINAL;
  }

  /**
   * True when EC2 may simply not have caught up yet: an id it does not list (a group created moments ago)
   * or a stale view (a rule already there). Retried with backoff; a bounded number of times, except for
   * a missing instance, which is drift that the controllers repair themselves.
   */
  public boolean mayCatchUp() {
    return kind == CloudErrorKind.NOT_FOUND || kind == CloudErrorKind.NOT_CAUGHT_UP;
  }

  /** True when the failed call may still have taken effect (see {@link Ec2ErrorTable#outcomeUnknown}). */
  public boolean outcomeUnknown() {
    return Ec2ErrorTable.outcomeUnknown(errorCode);
  }

  public CloudErrorKind kind() {
    return kind;
  }

  /** The EC2 API action, for example RunInstances. */
  public String action() {
    return action;
  }

  /** EC2's own message (or ours where EC2 gave none), without the action and code. */
  public String detail() {
    return detail;
  }

  /** EC2's error code, for example InvalidAMIID.NotFound; a short name of ours where EC2 gave none. */
  public String errorCode() {
    return errorCode;
  }
}

package dev.fleet.ec2.cloud;

/** A failed EC2 call, carrying EC2's own error code and message and our classification of it. */
public class CloudException extends RuntimeException {
  private final CloudErrorKind kind;
  private final String action;
  private final String errorCode;

  public CloudException(CloudErrorKind kind, String action, String errorCode, String message, Throwable cause) {
    super(action + " failed: " + errorCode + ": " + message, cause);
    this.kind = kind;
    this.action = action;
    this.errorCode = errorCode;
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
   * True when the spec itself is wrong: EC2 refused its parameters, or something it names (AMI, subnet,
   * group, key pair) does not exist. Retrying cannot help until the spec changes. A missing instance is
   * not among these: it is drift, repaired by the controller.
   */
  public boolean refusesSpec() {
    return kind == CloudErrorKind.TERMINAL
        || kind == CloudErrorKind.NOT_FOUND && !errorCode.startsWith("InvalidInstanceID");
  }

  public CloudErrorKind kind() {
    return kind;
  }

  /** The EC2 API action, for example RunInstances. */
  public String action() {
    return action;
  }

  /** EC2's error code, for example InvalidAMIID.NotFound; a short name of ours where EC2 gave none. */
  public String errorCode() {
    return errorCode;
  }
}

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

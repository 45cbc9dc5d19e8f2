package dev.fleet.ec2.cloud;

/** How the rest of the operator must treat a failed EC2 call. Decided once, in {@code cloud.aws}. */
public enum CloudErrorKind {
  /** The request itself is wrong (bad AMI, unknown instance type, ...): retrying cannot help until the spec changes. */
  TERMINAL,
  /** The thing asked about does not exist (any more). */
  NOT_FOUND,
  /** EC2 asked us to slow down. */
  THROTTLED,
  /** Anything else: network trouble, 5xx, eventual consistency. Retry with backoff. */
  RETRYABLE
}

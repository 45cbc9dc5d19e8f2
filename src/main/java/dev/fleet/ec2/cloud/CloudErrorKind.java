package dev.fleet.ec2.cloud;

/** How the rest of the operator must treat a failed EC2 call. Decided once, in {@code cloud.aws}. */
public enum CloudErrorKind {
  /** The request itself is wrong (bad AMI, unknown instance type, ...): retrying cannot help until the spec changes. */
  TERMINAL,
  /** The thing asked about does not exist: any more, or not yet as far as EC2's eventually consistent view goes. */
  NOT_FOUND,
  /** EC2's view is behind what was just done (a rule already added, a state still changing): retry. */
  NOT_CAUGHT_UP,
  /** EC2 asked us to slow down. */
  THROTTLED,
  /** Anything else: network trouble, 5xx, eventual consistency. Retry with backoff. */
  RETRYABLE
}

package dev.fleet.ec2.cloud;

import java.util.Set;

/**
 * What an EC2 error code means for the operator: the one table, shared by every kind. EC2 is eventually
 * consistent, so an answer about something that may have been created (or changed) moments ago cannot
 * tell "EC2 refuses this spec" from "EC2 has not caught up yet": those are {@link CloudErrorKind#NOT_FOUND}
 * and {@link CloudErrorKind#NOT_CAUGHT_UP}, retried with backoff a bounded number of times before they
 * count as a refusal. Only what no later moment can change is {@link CloudErrorKind#TERMINAL} at once.
 */
public final class Ec2ErrorTable {
  private static final Set<String> THROTTLING = Set.of(
      "Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled", "TooManyRequestsException");
  /** A stale view of a resource that exists: a rule already there or already gone, a state still changing. */
  private static final Set<String> STALE_VIEW = Set.of("InvalidPermission.Duplicate", "IncorrectInstanceState",
      "IncorrectState", "InvalidGroup.InUse");
  /** "Not found" for things nobody creates (instance types, products): no later moment changes the answer. */
  private static final Set<String> NEVER_CREATED = Set.of("InvalidInstanceType.NotFound", "InvalidProduct.NotFound");

  /**
   * The credentials, not the request: an expired or unknown key, a role that can no longer be assumed. Never a
   * refusal of the spec (some start with "Invalid"): retried with backoff, and the account checked again.
   * {@code HTTP401} is EC2's AuthFailure as the operator's HTTP client gets it: the JDK's URLConnection drops
   * the body of a 401 answer to a streamed POST, so the SDK sees the status without a code.
   */
  private static final Set<String> CREDENTIALS = Set.of("AuthFailure", "InvalidClientTokenId", "ExpiredToken",
      "ExpiredTokenException", "RequestExpired", "SignatureDoesNotMatch", "UnrecognizedClientException",
      "AccessDenied", "AccessDeniedException", "HTTP401");

  /**
   * Systems Manager's "no such parameter" (or no such version or label of it) when an imageId names one: it may be
   * created moments from now (a pipeline publishing its image), so it is treated as EC2's not-found answers.
   */
  private static final Set<String> PARAMETER_MISSING = Set.of("ParameterNotFound", "ParameterVersionNotFound");

  /** Answers after which EC2 may or may not have acted: a server error, or no answer at all (our own code). */
  private static final Set<String> OUTCOME_UNKNOWN = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
      "Unavailable", "ClientError");

  private Ec2ErrorTable() {}

  /**
   * True when a failed write may still have taken effect (a server error, a lost answer): what it created
   * must be looked for. Any other error answer means EC2 acted on nothing.
   */
  public static boolean outcomeUnknown(String code) {
    return OUTCOME_UNKNOWN.contains(code) || code.startsWith("HTTP5");
  }

  /** True when the error says the credentials do not work (see {@link #CREDENTIALS}). */
  public static boolean credentialProblem(String code) {
    return CREDENTIALS.contains(code);
  }

  public static CloudErrorKind kindOf(String code, int httpStatus) {
    if (THROTTLING.contains(code) || httpStatus == 429) {
      return CloudErrorKind.THROTTLED;
    }
    if (CREDENTIALS.contains(code)) {
      return CloudErrorKind.RETRYABLE;
    }
    if (NEVER_CREATED.contains(code)) {
      return CloudErrorKind.TERMINAL;
    }
    if (code.endsWith(".NotFound") || PARAMETER_MISSING.contains(code)) {
      return CloudErrorKind.NOT_FOUND;
    }
    if (STALE_VIEW.contains(code)) {
      return CloudErrorKind.NOT_CAUGHT_UP;
    }
    if (httpStatus >= 500) {
      return CloudErrorKind.RETRYABLE;
    }
    // Problems with the request itself. Permission errors are not among them: fixing IAM must not
    // require touching the spec, so they are retried with backoff instead.
    if (code.startsWith("Invalid") || code.endsWith(".Malformed") || code.equals("MissingParameter")
        || code.equals("Unsupported")) {
      return CloudErrorKind.TERMINAL;
    }
    return CloudErrorKind.RETRYABLE;
  }
}

package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.cloud.CloudException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

/**
 * Whether a failed EC2 call is reported as a refusal of the spec (Terminal) or retried with backoff; the
 * same rule for every kind. A plain refusal is Terminal at once. An answer that may only mean EC2 has not
 * caught up (a group created moments ago is "not found") is retried, and becomes a refusal only when EC2
 * still gives it after {@link #CATCH_UP_ATTEMPTS} attempts, spread over the controller's backoff (2, 4, 8 s).
 * A missing instance never becomes one: that is drift, which the controllers repair.
 */
public final class FailureVerdict {
  public static final int CATCH_UP_ATTEMPTS = 4;

  private FailureVerdict() {}

  public static boolean isRefusal(CloudException e, Context<?> context) {
    return isRefusal(e, context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0));
  }

  /** @param failedBefore failed attempts of this reconcile before this one */
  public static boolean isRefusal(CloudException e, int failedBefore) {
    if (e.refusesSpec()) {
      return true;
    }
    if (!e.mayCatchUp() || e.errorCode().startsWith("InvalidInstanceID")) {
      return false;
    }
    return failedBefore + 1 >= CATCH_UP_ATTEMPTS;
  }

  /**
   * The Terminal message: AWS's, and for an answer that might have been a lag, that it was given repeatedly (by
   * EC2, or by Systems Manager for a parameter an imageId names).
   */
  public static String message(CloudException e) {
    return e.refusesSpec() ? e.getMessage() : e.getMessage() + " (" + e.action() + " gave this answer "
        + CATCH_UP_ATTEMPTS + " times over the retry backoff: not a delay in AWS catching up)";
  }
}

package dev.fleet.ec2.cloud;

import java.util.Optional;

/**
 * Cancelling an instance's spot request before terminating it: a persistent request (stop or hibernate
 * on interruption) would launch the instance again. The IAM policy lets the operator cancel only
 * requests tagged for its cluster, and requests launched before they were tagged are refused; the
 * termination must still go on, or such an instance could never be scaled down or deleted.
 */
public final class SpotRequestCancellation {
  static final String UNAUTHORIZED = "UnauthorizedOperation";

  private SpotRequestCancellation() {}

  /**
   * Cancels {@code instance}'s spot request, if it has one. Returns a warning for the resource's events
   * when EC2 did not authorize it; any other failure is thrown (retried with backoff).
   */
  public static Optional<String> beforeTerminating(Ec2Gateway ec2, ObservedInstance instance) {
    String request = instance.spotInstanceRequestId();
    if (request == null) {
      return Optional.empty();
    }
    try {
      ec2.cancelSpotRequest(request);
      return Optional.empty();
    } catch (CloudException e) {
      if (!UNAUTHORIZED.equals(e.errorCode())) {
        throw e;
      }
      return Optional.of("could not cancel spot request " + request + " of instance " + instance.instanceId()
          + " (" + e.errorCode() + ": not tagged " + OwnershipTags.CLUSTER + " for this installation, as requests"
          + " launched by earlier versions are not); terminating the instance anyway: if the request is"
          + " persistent, cancel it by hand");
    }
  }
}

package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK exceptions into {@link CloudException}: the one place EC2 error codes are classified. */
final class AwsErrors {

  private static final Set<String> THROTTLING = Set.of(
      "Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled", "TooManyRequestsException");

  private AwsErrors() {}

  /** Runs one EC2 call, translating any SDK failure. */
  static <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
          ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
      String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
          ? e.awsErrorDetails().errorMessage() : e.getMessage();
      throw new CloudException(classify(code, e.statusCode()), action, code, message, e);
    } catch (SdkException e) {
      throw new CloudException(CloudErrorKind.RETRYABLE, action, "ClientError", e.getMessage(), e);
    }
  }

  static CloudErrorKind classify(String code, int httpStatus) {
    if (THROTTLING.contains(code) || httpStatus == 429) {
      return CloudErrorKind.THROTTLED;
    }
    if (code.endsWith(".NotFound")) {
      return CloudErrorKind.NOT_FOUND;
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

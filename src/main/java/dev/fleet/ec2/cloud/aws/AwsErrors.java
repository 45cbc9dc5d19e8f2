package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK exceptions into {@link CloudException}: classified by {@link Ec2ErrorTable}. */
final class AwsErrors {

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
    return Ec2ErrorTable.kindOf(code, httpStatus);
  }
}

package dev.fleet.ec2.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class AwsErrorsTest {

  @Test
  void classifiesEc2ErrorCodes() {
    assertThat(AwsErrors.classify("InvalidAMIID.Malformed", 400)).isEqualTo(CloudErrorKind.TERMINAL);
    assertThat(AwsErrors.classify("InvalidParameterValue", 400)).isEqualTo(CloudErrorKind.TERMINAL);
    assertThat(AwsErrors.classify("InvalidInstanceID.NotFound", 400)).isEqualTo(CloudErrorKind.NOT_FOUND);
    assertThat(AwsErrors.classify("RequestLimitExceeded", 503)).isEqualTo(CloudErrorKind.THROTTLED);
    assertThat(AwsErrors.classify("InsufficientInstanceCapacity", 500)).isEqualTo(CloudErrorKind.RETRYABLE);
    assertThat(AwsErrors.classify("VcpuLimitExceeded", 400)).isEqualTo(CloudErrorKind.RETRYABLE);
    assertThat(AwsErrors.classify("InternalError", 500)).isEqualTo(CloudErrorKind.RETRYABLE);
    assertThat(AwsErrors.classify("UnauthorizedOperation", 403)).as("fixed in IAM, not in the spec")
        .isEqualTo(CloudErrorKind.RETRYABLE);
    assertThat(AwsErrors.classify("ParameterNotFound", 400)).as("Systems Manager: a parameter published moments"
        + " from now").isEqualTo(CloudErrorKind.NOT_FOUND);
    assertThat(AwsErrors.classify("ParameterVersionNotFound", 400)).isEqualTo(CloudErrorKind.NOT_FOUND);
  }

  @Test
  void carriesTheAwsCodeAndMessage() {
    Ec2Exception sdk = (Ec2Exception) Ec2Exception.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidAMIID.NotFound")
            .errorMessage("The image id '[ami-1]' does not exist").build())
        .build();
    assertThatThrownBy(() -> AwsErrors.call("RunInstances", () -> {
      throw sdk;
    }))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudErrorKind.NOT_FOUND);
          assertThat(e.action()).isEqualTo("RunInstances");
          assertThat(e.errorCode()).isEqualTo("InvalidAMIID.NotFound");
        })
        .hasMessage("RunInstances failed: InvalidAMIID.NotFound: The image id '[ami-1]' does not exist");
  }
}

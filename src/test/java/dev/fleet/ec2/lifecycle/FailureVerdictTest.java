package dev.fleet.ec2.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import org.junit.jupiter.api.Test;

class FailureVerdictTest {

  private static CloudException ec2(String code, int status) {
    return new CloudException(Ec2ErrorTable.kindOf(code, status), "RunInstances", code, "m", null);
  }

  @Test
  void aPlainRefusalIsTerminalAtOnce() {
    assertThat(FailureVerdict.isRefusal(ec2("InvalidParameterValue", 400), 0)).isTrue();
    assertThat(FailureVerdict.isRefusal(ec2("InvalidAMIID.Malformed", 400), 0)).isTrue();
    assertThat(FailureVerdict.isRefusal(ec2("InvalidInstanceType.NotFound", 400), 0)).as("nobody creates types")
        .isTrue();
  }

  @Test
  void whatEc2MayNotHaveCaughtUpWithIsRetriedABoundedNumberOfTimes() {
    for (String code : new String[] {"InvalidGroup.NotFound", "InvalidAMIID.NotFound", "InvalidSubnetID.NotFound",
        "InvalidPermission.Duplicate", "InvalidPermission.NotFound", "IncorrectInstanceState", "ParameterNotFound",
        "ParameterVersionNotFound"}) {
      for (int failed = 0; failed < FailureVerdict.CATCH_UP_ATTEMPTS - 1; failed++) {
        assertThat(FailureVerdict.isRefusal(ec2(code, 400), failed)).as("%s after %d failures", code, failed).isFalse();
      }
      assertThat(FailureVerdict.isRefusal(ec2(code, 400), FailureVerdict.CATCH_UP_ATTEMPTS - 1)).as(code).isTrue();
      assertThat(FailureVerdict.message(ec2(code, 400))).contains("RunInstances gave this answer 4 times",
          "not a delay in AWS catching up");
    }
  }

  @Test
  void aMissingInstanceThrottlingAndServerErrorsAreNeverARefusal() {
    for (String code : new String[] {"InvalidInstanceID.NotFound", "RequestLimitExceeded", "InternalError",
        "UnauthorizedOperation", "IdempotentParameterMismatch"}) {
      assertThat(FailureVerdict.isRefusal(ec2(code, code.equals("InternalError") ? 500 : 400), 50)).as(code).isFalse();
    }
  }

  @Test
  void credentialsThatStopWorkingAreNeverARefusalOfTheSpec() {
    for (String code : new String[] {"InvalidClientTokenId", "AuthFailure", "ExpiredToken", "AccessDenied",
        "SignatureDoesNotMatch", "RequestExpired", "HTTP401"}) {
      assertThat(FailureVerdict.isRefusal(ec2(code, 403), 50)).as(code).isFalse();
      assertThat(Ec2ErrorTable.credentialProblem(code)).as(code).isTrue();
    }
    assertThat(Ec2ErrorTable.credentialProblem("InvalidParameterValue")).isFalse();
  }
}

package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudExceptionTest {

  private static CloudException error(CloudErrorKind kind, String code) {
    return new CloudException(kind, "RunInstances", code, "m", null);
  }

  @Test
  void aSpecIsRefusedOnlyForWhatNoLaterMomentChanges() {
    assertThat(error(CloudErrorKind.TERMINAL, "InvalidParameterValue").refusesSpec()).isTrue();
    assertThat(error(CloudErrorKind.NOT_FOUND, "InvalidAMIID.NotFound").refusesSpec()).as("may not be listed yet")
        .isFalse();
    assertThat(error(CloudErrorKind.NOT_FOUND, "InvalidAMIID.NotFound").mayCatchUp()).isTrue();
    assertThat(error(CloudErrorKind.NOT_CAUGHT_UP, "InvalidPermission.Duplicate").mayCatchUp()).isTrue();
    assertThat(error(CloudErrorKind.THROTTLED, "RequestLimitExceeded").refusesSpec()).isFalse();
    assertThat(error(CloudErrorKind.THROTTLED, "RequestLimitExceeded").mayCatchUp()).isFalse();
  }

  @Test
  void findsTheCloudExceptionInsideWrappers() {
    var inner = error(CloudErrorKind.RETRYABLE, "InternalError");
    assertThat(CloudException.in(new RuntimeException(new IllegalStateException(inner)))).containsSame(inner);
    assertThat(CloudException.in(new RuntimeException("plain"))).isEmpty();
  }
}

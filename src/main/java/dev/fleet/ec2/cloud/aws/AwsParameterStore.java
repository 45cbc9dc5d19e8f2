package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ParameterStore;
import software.amazon.awssdk.services.ssm.SsmClient;

/** GetParameter through the SDK's SSM client of the scope (its credentials, region and endpoint override). */
final class AwsParameterStore implements ParameterStore {
  static final String ACTION = "GetParameter";
  private final SsmClient ssm;

  AwsParameterStore(SsmClient ssm) {
    this.ssm = ssm;
  }

  @Override
  public Value get(String name) {
    var answer = AwsErrors.call(ACTION, () -> ssm.getParameter(r -> r.name(name)));
    var parameter = answer.parameter();
    if (parameter == null || parameter.value() == null) {
      throw new CloudException(CloudErrorKind.RETRYABLE, ACTION, "NoValue", "Systems Manager answered for " + name
          + " without a value", null);
    }
    return new Value(parameter.value(), parameter.version() == null ? 0 : parameter.version());
  }
}

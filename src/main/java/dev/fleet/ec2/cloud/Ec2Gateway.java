package dev.fleet.ec2.cloud;

import java.util.List;
import java.util.Optional;

/**
 * Everything the operator asks of EC2, in domain terms. The only implementation that talks to AWS
 * lives in {@code cloud.aws}; nothing outside that package imports the AWS SDK.
 * Every method throws {@link CloudException} on failure.
 */
public interface Ec2Gateway {

  /** The region's default VPC, if it has one. */
  Optional<Vpc> findDefaultVpc();

  /** All subnets of one VPC, sorted by availability zone then id. */
  List<Subnet> describeSubnets(String vpcId);
}

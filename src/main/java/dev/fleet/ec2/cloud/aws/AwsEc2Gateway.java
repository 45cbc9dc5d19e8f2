package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.Subnet;
import dev.fleet.ec2.cloud.Vpc;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** {@link Ec2Gateway} over the AWS SDK for Java v2. */
public final class AwsEc2Gateway implements Ec2Gateway {
  private final Ec2Client ec2;

  public AwsEc2Gateway(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    return AwsErrors.call("DescribeVpcs", () -> ec2.describeVpcsPaginator(r -> r.filters(filter("is-default", "true")))
        .vpcs().stream()
        .map(v -> new Vpc(v.vpcId(), v.cidrBlock(), Boolean.TRUE.equals(v.isDefault())))
        .findFirst());
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    return AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnetsPaginator(r -> r.filters(filter("vpc-id", vpcId)))
        .subnets().stream()
        .map(s -> new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock(),
            Boolean.TRUE.equals(s.defaultForAz())))
        .sorted(Comparator.comparing(Subnet::availabilityZone).thenComparing(Subnet::subnetId))
        .toList());
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}

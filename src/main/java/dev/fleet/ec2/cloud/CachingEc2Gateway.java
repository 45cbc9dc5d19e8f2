package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Serves what rarely changes from memory: the default VPC and subnets, asked for on every SpotFleet pass
 * and SecurityGroup create. Kept for {@code ttl} (5 minutes by default); a subnet EC2 does not know (yet)
 * is asked for again next time, since EC2 may simply not list a new one yet.
 */
public final class CachingEc2Gateway extends ForwardingEc2Gateway {
  public static final Duration TTL = Duration.ofMinutes(5);

  private final TtlCache<String, Optional<Vpc>> defaultVpc;
  private final TtlCache<String, List<Subnet>> subnetsOfVpc;
  private final TtlCache<String, Optional<Subnet>> subnets;

  public CachingEc2Gateway(Ec2Gateway delegate) {
    this(delegate, TTL, System::nanoTime);
  }

  CachingEc2Gateway(Ec2Gateway delegate, Duration ttl, LongSupplier nanoTime) {
    super(delegate);
    defaultVpc = new TtlCache<>(ttl, nanoTime);
    subnetsOfVpc = new TtlCache<>(ttl, nanoTime);
    subnets = new TtlCache<>(ttl, nanoTime);
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    return defaultVpc.get("", "DescribeVpcs", delegate::findDefaultVpc, any -> true);
  }

  @Override
  public List<Subnet> describeSubnets(String vpcId) {
    return subnetsOfVpc.get(vpcId, "DescribeSubnets", () -> delegate.describeSubnets(vpcId), any -> true);
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    return subnets.get(subnetId, "DescribeSubnets", () -> delegate.describeSubnet(subnetId), Optional::isPresent);
  }
}

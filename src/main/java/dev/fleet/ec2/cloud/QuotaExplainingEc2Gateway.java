package dev.fleet.ec2.cloud;

import java.util.List;

/**
 * Names the quota when EC2 refuses a launch for {@code VcpuLimitExceeded}: the one place that sees every
 * launch of every kind with its region, so an Ec2Instance and a SpotFleet say the same. The error stays what it
 * was (same code, same kind: recoverable, retried with backoff); only its message says more.
 */
public final class QuotaExplainingEc2Gateway extends ForwardingEc2Gateway {
  private final String region;

  public QuotaExplainingEc2Gateway(Ec2Gateway delegate, String region) {
    super(delegate);
    this.region = region;
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest request, int count) {
    try {
      return delegate.runInstances(request, count);
    } catch (CloudException e) {
      if (!VcpuLimitMessage.CODE.equals(e.errorCode())) {
        throw e;
      }
      throw e.explained(VcpuLimitMessage.explain(e.detail(), request.instanceType(), request.spotMarket() != null,
          region));
    }
  }
}

package dev.fleet.ec2.cloud;

import java.util.List;

/**
 * Names the quota when EC2 refuses a launch for {@code VcpuLimitExceeded}, with its applied value and the
 * vCPUs in use as {@link VcpuQuotaReader} reads them: the one place that sees every launch of every kind with
 * its region, so an Ec2Instance and a SpotFleet say the same. The error stays what it was (same code, same
 * kind: recoverable, retried with backoff); only its message says more.
 */
public final class QuotaExplainingEc2Gateway extends ForwardingEc2Gateway {
  private final String region;
  private final VcpuQuotaReader quotas;

  public QuotaExplainingEc2Gateway(Ec2Gateway delegate, String region, VcpuQuotaReader quotas) {
    super(delegate);
    this.region = region;
    this.quotas = quotas;
  }

  @Override
  public List<ObservedInstance> runInstances(LaunchRequest request, int count) {
    try {
      return delegate.runInstances(request, count);
    } catch (CloudException e) {
      if (!VcpuLimitMessage.CODE.equals(e.errorCode())) {
        throw e;
      }
      boolean spot = request.spotMarket() != null;
      var reading = VcpuQuotaBucket.of(request.instanceType()).map(b -> quotas.read(b, spot))
          .orElseGet(VcpuQuotaReading::none);
      throw e.explained(VcpuLimitMessage.explain(e.detail(), request.instanceType(), spot, region, reading));
    }
  }
}

package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Reads a vCPU quota when EC2 refuses a launch over it: the applied value (Service Quotas) and the vCPUs counting
 * against it now (every pending or running instance of its bucket and market in the region, whoever launched it,
 * at its type's default vCPUs, which is how EC2 counts). A part that does not answer is named, not guessed.
 * Kept a minute per quota: a resource retrying with backoff, or a fleet trying pool after pool, costs one read,
 * and its repeated refusals read the same (so their events aggregate).
 */
public final class VcpuQuotaReader {
  static final Duration KEPT = Duration.ofMinutes(1);
  private static final String SERVICE = "ec2";

  private final Ec2Gateway ec2;
  private final ServiceQuotas quotas;
  private final TtlCache<String, VcpuQuotaReading> readings;

  public VcpuQuotaReader(Ec2Gateway ec2, ServiceQuotas quotas) {
    this(ec2, quotas, System::nanoTime);
  }

  VcpuQuotaReader(Ec2Gateway ec2, ServiceQuotas quotas, LongSupplier nanoTime) {
    this.ec2 = ec2;
    this.quotas = quotas;
    this.readings = new TtlCache<>(KEPT, nanoTime);
  }

  /** The quota of {@code bucket} for the market; {@link VcpuQuotaReading#none()} where the bucket has none. */
  public VcpuQuotaReading read(VcpuQuotaBucket bucket, boolean spot) {
    return bucket.quotaCode(spot).map(code -> readings.get(code, "ReadVcpuQuota", () -> load(bucket, spot, code),
        reading -> true)).orElseGet(VcpuQuotaReading::none);
  }

  private VcpuQuotaReading load(VcpuQuotaBucket bucket, boolean spot, String code) {
    List<String> unanswered = new ArrayList<>();
    OptionalDouble applied = OptionalDouble.empty();
    try {
      applied = OptionalDouble.of(quotas.appliedQuota(SERVICE, code));
    } catch (CloudException e) {
      unanswered.add("GetServiceQuota: " + e.errorCode());
    }
    OptionalInt inUse = OptionalInt.empty();
    try {
      inUse = OptionalInt.of(inUse(bucket, spot));
    } catch (CloudException e) {
      unanswered.add(e.action() + ": " + e.errorCode());
    }
    return new VcpuQuotaReading(applied, inUse, unanswered);
  }

  private int inUse(VcpuQuotaBucket bucket, boolean spot) {
    Map<String, Long> countByType = ec2.describeRunningInstances().stream()
        .filter(i -> "spot".equals(i.lifecycle()) == spot)
        .filter(i -> VcpuQuotaBucket.of(i.instanceType()).filter(bucket::equals).isPresent())
        .collect(Collectors.groupingBy(ObservedInstance::instanceType, Collectors.counting()));
    if (countByType.isEmpty()) {
      return 0;
    }
    Set<String> types = countByType.keySet();
    Map<String, Integer> vcpus = ec2.describeVcpus(types);
    int sum = 0;
    for (var e : countByType.entrySet()) {
      Integer each = vcpus.get(e.getKey());
      if (each == null) {
        throw new CloudException(CloudErrorKind.RETRYABLE, "DescribeInstanceTypes", "UnknownInstanceType",
            "no vCPU count for " + e.getKey(), null);
      }
      sum += each * e.getValue().intValue();
    }
    return sum;
  }
}

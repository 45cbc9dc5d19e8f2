package dev.fleet.ec2.cloud;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One vCPU quota as it stood when a launch was refused for it.
 *
 * @param applied the value Service Quotas applies to the account, if it answered
 * @param inUse the vCPUs of the bucket's pending and running instances of the market, anyone's, if EC2 answered
 * @param unanswered each part that could not be read, as "Action: ErrorCode"
 */
public record VcpuQuotaReading(OptionalDouble applied, OptionalInt inUse, List<String> unanswered) {
  public VcpuQuotaReading {
    unanswered = List.copyOf(unanswered);
  }

  /** Nothing read: no quota covers the type, or nothing was asked. */
  public static VcpuQuotaReading none() {
    return new VcpuQuotaReading(OptionalDouble.empty(), OptionalInt.empty(), List.of());
  }
}

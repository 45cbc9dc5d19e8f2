package dev.fleet.ec2.cloud;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code VcpuLimitExceeded} says to the user beyond EC2's own message: which quota (bucket, name, code,
 * its value where EC2 gave it) and how to ask for more. Pure: the same failure gives the same text, so the
 * events of a resource that keeps hitting it aggregate into one.
 */
public final class VcpuLimitMessage {
  public static final String CODE = "VcpuLimitExceeded";
  /** EC2's own wording: "... than your current vCPU limit of 5 allows for the instance bucket ...". */
  private static final Pattern LIMIT = Pattern.compile("vCPU limit of (\\d+)");

  private VcpuLimitMessage() {}

  /** The vCPU limit EC2's message states, if it states one. */
  public static Optional<Integer> limitIn(String ec2Message) {
    Matcher m = LIMIT.matcher(ec2Message == null ? "" : ec2Message);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /**
   * The text that follows EC2's message.
   *
   * @param spot whether the launch asked for Spot (a quota of its own per bucket)
   * @param reading the quota as read when EC2 refused ({@link VcpuQuotaReading#none()} if not read)
   */
  public static String explain(String ec2Message, String instanceType, boolean spot, String region,
      VcpuQuotaReading reading) {
    var bucket = VcpuQuotaBucket.of(instanceType);
    String market = spot ? "Spot" : "On-Demand";
    if (bucket.isEmpty() || bucket.get().quotaCode(spot).isEmpty()) {
      return " (" + instanceType + ": no " + market + " vCPU quota of EC2 is known to cover it; look for the"
          + " quota in the Service Quotas console, Amazon EC2, region " + region + ")";
    }
    String code = bucket.get().quotaCode(spot).orElseThrow();
    return " (" + instanceType + " is in the " + bucket.get().label() + " bucket: quota " + code + " \""
        + bucket.get().quotaName(spot).orElseThrow() + "\" in " + region + ", " + value(ec2Message, reading)
        + "; " + use(reading, market) + unanswered(reading)
        + ". Ask for more in the Service Quotas console (Amazon EC2, " + code
        + ", Request increase) or with: aws service-quotas request-service-quota-increase --service-code ec2"
        + " --quota-code " + code + " --desired-value <vCPUs> --region " + region
        + ". Instance types of other buckets do not count against it)";
  }

  /** Service Quotas' applied value first: EC2's message may state a value that has since been raised. */
  private static String value(String ec2Message, VcpuQuotaReading reading) {
    if (reading.applied().isPresent()) {
      return "applied value " + vcpus(reading.applied().getAsDouble()) + " vCPUs (Service Quotas)";
    }
    return limitIn(ec2Message).map(v -> v + " vCPUs as EC2 says").orElse("its value not given");
  }

  private static String use(VcpuQuotaReading reading, String market) {
    return reading.inUse().isPresent()
        ? reading.inUse().getAsInt() + " vCPUs in use by pending and running " + market + " instances of the bucket"
        + " (anyone's, in this region)"
        : "vCPUs in use not counted";
  }

  private static String unanswered(VcpuQuotaReading reading) {
    return reading.unanswered().isEmpty() ? "" : " (not answered: " + String.join(", ", reading.unanswered()) + ")";
  }

  /** 5.0 reads "5"; a fractional value as it is. */
  private static String vcpus(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}

package dev.fleet.ec2.cloud;

import java.util.Locale;
import java.util.Optional;

/**
 * Which vCPU quota an instance type counts against. EC2 limits running vCPUs per account and region, not per
 * instance type: one quota per bucket of instance families (all standard families share one), On-Demand and
 * Spot apart. So a type refused for {@code VcpuLimitExceeded} means every type of its bucket is refused too,
 * and only a type of another bucket may still launch. Pure; the codes are Service Quotas' for service "ec2".
 */
public enum VcpuQuotaBucket {
  STANDARD("Standard (A, C, D, H, I, M, R, T, Z)", "L-1216C47A", "L-34B43A08"),
  F("F", "L-74FC7D96", "L-88CF9481"),
  G_AND_VT("G and VT", "L-DB2E81BA", "L-3819A6DF"),
  P("P", "L-417A185B", "L-7212CCBC"),
  X("X", "L-7295265B", "L-E3A00192"),
  INF("Inf", "L-1945791B", "L-B5D1601B"),
  DL("DL", "L-6E869C2A", "L-85EED4F7"),
  TRN("Trn", "L-2C3B7624", "L-6B0D517C"),
  /** HPC and high-memory instances are On-Demand only: no Spot quota. */
  HPC("HPC", "L-F7808C92", null),
  HIGH_MEMORY("High Memory", "L-43DA4232", null);

  private final String label;
  private final String onDemandCode;
  private final String spotCode;

  VcpuQuotaBucket(String label, String onDemandCode, String spotCode) {
    this.label = label;
    this.onDemandCode = onDemandCode;
    this.spotCode = spotCode;
  }

  /**
   * The bucket of {@code instanceType} ({@code t3.micro}, {@code g4dn.xlarge}, {@code u-6tb1.metal}) by the
   * letters its family starts with; empty for a type no vCPU quota covers (mac, on Dedicated Hosts) or one
   * this table does not know.
   */
  public static Optional<VcpuQuotaBucket> of(String instanceType) {
    if (instanceType == null) {
      return Optional.empty();
    }
    String family = instanceType.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
    String letters = family.replaceFirst("[^a-z].*$", "");
    // longer prefixes first: "inf" is not I, "trn" not T, "dl" not D, "hpc" not H
    if (letters.startsWith("hpc")) {
      return Optional.of(HPC);
    }
    if (letters.startsWith("inf")) {
      return Optional.of(INF);
    }
    if (letters.startsWith("trn")) {
      return Optional.of(TRN);
    }
    if (letters.startsWith("dl")) {
      return Optional.of(DL);
    }
    if (letters.startsWith("mac")) {
      return Optional.empty();
    }
    if (letters.equals("u")) {
      return Optional.of(HIGH_MEMORY);
    }
    if (letters.startsWith("vt") || letters.startsWith("g")) {
      return Optional.of(G_AND_VT);
    }
    if (letters.isEmpty()) {
      return Optional.empty();
    }
    return switch (letters.charAt(0)) {
      case 'p' -> Optional.of(P);
      case 'f' -> Optional.of(F);
      case 'x' -> Optional.of(X);
      case 'a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z' -> Optional.of(STANDARD);
      default -> Optional.empty();
    };
  }

  /** "Standard (A, C, D, H, I, M, R, T, Z)", "G and VT", ...: the bucket as Service Quotas names it. */
  public String label() {
    return label;
  }

  /** The quota code for this market; empty for Spot where the bucket has no Spot instances. */
  public Optional<String> quotaCode(boolean spot) {
    return Optional.ofNullable(spot ? spotCode : onDemandCode);
  }

  /** The quota's name in the Service Quotas console, as for {@link #quotaCode}. */
  public Optional<String> quotaName(boolean spot) {
    return quotaCode(spot).map(code -> spot ? "All " + label + " Spot Instance Requests"
        : "Running On-Demand " + label + " instances");
  }
}

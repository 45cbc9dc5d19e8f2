package dev.fleet.ec2.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VcpuQuotaBucketTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "t3.micro, STANDARD", "t4g.nano, STANDARD", "m7i-flex.large, STANDARD", "c5n.18xlarge, STANDARD",
      "r6id.large, STANDARD", "a1.medium, STANDARD", "z1d.large, STANDARD", "d3en.xlarge, STANDARD",
      "h1.2xlarge, STANDARD", "i4i.large, STANDARD", "im4gn.large, STANDARD", "is4gen.medium, STANDARD",
      "g4dn.xlarge, G_AND_VT", "g5g.xlarge, G_AND_VT", "gr6.4xlarge, G_AND_VT", "vt1.3xlarge, G_AND_VT",
      "p3.2xlarge, P", "p5.48xlarge, P", "f1.2xlarge, F", "x1e.xlarge, X", "x2idn.16xlarge, X",
      "inf2.xlarge, INF", "dl1.24xlarge, DL", "trn1n.32xlarge, TRN", "hpc7g.16xlarge, HPC",
      "u-6tb1.metal, HIGH_MEMORY", "u7i-12tb.224xlarge, HIGH_MEMORY", "T3.MICRO, STANDARD"
  })
  void anInstanceTypeCountsAgainstTheQuotaOfItsFamilysBucket(String type, VcpuQuotaBucket bucket) {
    assertThat(VcpuQuotaBucket.of(type)).contains(bucket);
  }

  @Test
  void typesNoVcpuQuotaCoversHaveNoBucket() {
    assertThat(VcpuQuotaBucket.of("mac2.metal")).as("Dedicated Hosts, not vCPUs").isEmpty();
    assertThat(VcpuQuotaBucket.of("")).isEmpty();
    assertThat(VcpuQuotaBucket.of(null)).isEmpty();
    assertThat(VcpuQuotaBucket.of("q9.large")).isEmpty();
  }

  @Test
  void onDemandAndSpotHaveQuotasOfTheirOwnNamedAsServiceQuotasNamesThem() {
    assertThat(VcpuQuotaBucket.STANDARD.quotaCode(false)).contains("L-1216C47A");
    assertThat(VcpuQuotaBucket.STANDARD.quotaName(false))
        .contains("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances");
    assertThat(VcpuQuotaBucket.STANDARD.quotaCode(true)).contains("L-34B43A08");
    assertThat(VcpuQuotaBucket.STANDARD.quotaName(true))
        .contains("All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests");
    assertThat(VcpuQuotaBucket.G_AND_VT.quotaCode(false)).contains("L-DB2E81BA");
    assertThat(VcpuQuotaBucket.G_AND_VT.quotaName(true)).contains("All G and VT Spot Instance Requests");
    assertThat(VcpuQuotaBucket.HPC.quotaCode(true)).as("HPC instances are On-Demand only").isEmpty();
  }
}

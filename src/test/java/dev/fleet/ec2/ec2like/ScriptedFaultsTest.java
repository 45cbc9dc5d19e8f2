package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptedFaultsTest {
  private final ScriptedFaults faults = new ScriptedFaults();

  private static QueryRequest run(String type) {
    return QueryRequest.parseEc2("POST", ("Action=RunInstances&Version=2016-11-15&InstanceType=" + type)
        .getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @Test
  void aFaultForOneInstanceTypeFailsAndCountsOnlyThatType() {
    faults.failInstanceType("RunInstances", "t3.micro", 1, 400, "VcpuLimitExceeded", "over the limit of 5");

    assertThat(faults.match(run("g4dn.xlarge"))).isNull();
    var injected = faults.match(run("t3.micro"));
    assertThat(injected.code()).isEqualTo("VcpuLimitExceeded");
    assertThat(new String(injected.answer().body(), StandardCharsets.UTF_8)).contains("over the limit of 5");
    assertThat(faults.match(run("t3.micro"))).as("only the next one").isNull();
    assertThat(faults.seen()).isEqualTo(2);
  }

  @Test
  void aPlainFaultStillFailsEveryTypeWithItsOwnMessage() {
    faults.failInstanceType("RunInstances", "t3.micro", 1, 400, "VcpuLimitExceeded", "x");
    faults.fail("RunInstances", 2, 500, "InsufficientInstanceCapacity");

    assertThat(faults.match(run("g4dn.xlarge")).answer().body()).asString(StandardCharsets.UTF_8)
        .contains("injected InsufficientInstanceCapacity");
    assertThat(faults.match(run("t3.micro"))).isNotNull();
    assertThat(faults.seen()).isEqualTo(2);
  }
}

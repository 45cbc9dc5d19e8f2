package dev.fleet.ec2.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalGateTest {
  private static final String ADOPT = "ec2.fleet.dev/adopt-group-id";

  private static SecurityGroup resource(long generation, Map<String, String> annotations) {
    var g = new SecurityGroup();
    g.setMetadata(new ObjectMetaBuilder().withName("web-sg").withGeneration(generation).withAnnotations(annotations)
        .build());
    return g;
  }

  @Test
  void terminalBlocksItsGenerationUntilTheSpecChangesOrAnAdoptionIsAsked() {
    var terminal = Conditions.set(List.of(), Conditions.TERMINAL, true, "InvalidGroup.Duplicate", "taken", 2,
        Instant.EPOCH);
    assertThat(TerminalGate.blocks(resource(2, Map.of()), terminal, ADOPT, null)).isTrue();
    assertThat(TerminalGate.blocks(resource(3, Map.of()), terminal, ADOPT, null)).as("spec changed").isFalse();
    assertThat(TerminalGate.blocks(resource(2, Map.of(ADOPT, "sg-0abc")), terminal, ADOPT, null))
        .as("adoption asked").isFalse();
    assertThat(TerminalGate.blocks(resource(2, Map.of(ADOPT, "sg-0abc")), terminal, ADOPT, "sg-0def"))
        .as("a group is already recorded: the annotation is not a new request").isTrue();
    assertThat(TerminalGate.blocks(resource(2, Map.of()), List.of(), ADOPT, null)).isFalse();
  }
}

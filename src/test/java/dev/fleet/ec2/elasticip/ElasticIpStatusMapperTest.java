package dev.fleet.ec2.elasticip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.ElasticIpStatus;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticIpStatusMapperTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ObservedAddress ADDRESS = new ObservedAddress("eipalloc-1", "198.51.100.7", null, null, Map.of());

  private static String condition(ElasticIpStatus s, String type) {
    return s.getConditions().stream().filter(c -> type.equals(c.getType())).map(c -> c.getStatus() + "/"
        + c.getReason()).findFirst().orElseThrow();
  }

  @Test
  void associatedWithTheWantedInstanceIsReadyAndShowsOurAssociation() {
    var book = new ElasticIpStatus();
    book.setAssociationId("eipassoc-1");
    var s = ElasticIpStatusMapper.map(book, 3, ADDRESS.associatedWith("eipassoc-1", "i-a"), "i-a", true,
        SyncOutcome.inSync(), NOW);
    assertThat(s.getAllocationId()).isEqualTo("eipalloc-1");
    assertThat(s.getPublicIp()).isEqualTo("198.51.100.7");
    assertThat(s.getAssociationId()).isEqualTo("eipassoc-1");
    assertThat(s.getInstanceId()).isEqualTo("i-a");
    assertThat(s.getObservedGeneration()).isEqualTo(3);
    assertThat(condition(s, "Ready")).isEqualTo("True/Associated");
    assertThat(condition(s, "Synced")).isEqualTo("True/Synced");
  }

  @Test
  void anAssociationMadeOutsideIsNotShownAsOursAndWaitingIsNotReady() {
    var s = ElasticIpStatusMapper.map(new ElasticIpStatus(), 1, ADDRESS.associatedWith("eipassoc-9", "i-z"), "i-a",
        true, new SyncOutcome(SyncOutcome.Kind.WAITING, ElasticIpReconciler.FOREIGN_REASON, "left alone"), NOW);
    assertThat(s.getAssociationId()).isNull();
    assertThat(s.getInstanceId()).isEqualTo("i-z");
    assertThat(condition(s, "Ready")).isEqualTo("False/AssociatedOutside");
    assertThat(condition(s, "Synced")).isEqualTo("False/AssociatedOutside");
  }

  @Test
  void withoutAnInstanceAnAllocatedAddressIsReadyAndBeforeAllocationTheBookIsKept() {
    var free = ElasticIpStatusMapper.map(new ElasticIpStatus(), 1, ADDRESS, null, false, SyncOutcome.inSync(), NOW);
    assertThat(condition(free, "Ready")).isEqualTo("True/Allocated");
    var book = new ElasticIpStatus();
    book.setAllocationId("eipalloc-1");
    book.setPublicIp("198.51.100.7");
    book.setCreateRequestedAt("2026-12-01T11:59:59Z");
    var unseen = ElasticIpStatusMapper.map(book, 1, null, null, true,
        SyncOutcome.progressing("Allocating", "allocating an address"), NOW);
    assertThat(unseen.getAllocationId()).isEqualTo("eipalloc-1");
    assertThat(unseen.getCreateRequestedAt()).isEqualTo("2026-12-01T11:59:59Z");
    assertThat(unseen.getConditions()).extracting(Condition::getType).contains("Ready", "Synced", "Terminal");
    assertThat(condition(unseen, "Ready")).isEqualTo("False/Allocating");
  }
}

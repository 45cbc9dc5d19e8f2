package dev.fleet.ec2.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.sweep.OrphanVerdict.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The sweep's decision (orphan or not) and its grace bookkeeping, without Kubernetes or EC2. */
class OrphanSweepTest {
  private static final String CLUSTER = "prod";
  private static final Predicate<OwnershipClaim> NOTHING_LIVE = c -> false;
  private final OrphanVerdict all = new OrphanVerdict(CLUSTER, Set.of());

  private static Map<String, String> tags(String cluster, String owner, String uid) {
    Map<String, String> t = new HashMap<>();
    t.put("Name", "x");
    if (cluster != null) {
      t.put("ec2.fleet.dev/cluster", cluster);
    }
    if (owner != null) {
      t.put("ec2.fleet.dev/owner", owner);
    }
    if (uid != null) {
      t.put("ec2.fleet.dev/owner-uid", uid);
    }
    return t;
  }

  private static SweptResource instance(String id, Map<String, String> tags) {
    return new SweptResource(id, true, tags, false);
  }

  private static SweptResource fleetMember(String id, String fleet, String uid) {
    Map<String, String> t = tags(CLUSTER, fleet, uid);
    t.put("ec2.fleet.dev/fleet", fleet);
    return instance(id, t);
  }

  private static SweptResource group(String id, Map<String, String> tags) {
    return new SweptResource(id, false, tags, false);
  }

  private Outcome judge(OrphanVerdict v, SweptResource r, KnownOwners owners) {
    return v.judge(r, owners, NOTHING_LIVE).outcome();
  }

  @Test
  void anOwnerIsFoundByUidThenByNamespaceAndNameElseItIsAnOrphan() {
    var owners = new KnownOwners().add("Ec2Instance", "team-a", "web", "uid-1")
        .add("Ec2Instance", "team-a", "restored", "uid-new");
    assertThat(judge(all, instance("i-1", tags(CLUSTER, "team-a/web", "uid-1")), owners)).isEqualTo(Outcome.OWNED);
    assertThat(judge(all, instance("i-2", tags(CLUSTER, "team-a/restored", "uid-old")), owners))
        .as("restored from a backup: a new uid at the same name is not an orphan").isEqualTo(Outcome.OWNED_BY_NAME);
    assertThat(judge(all, instance("i-3", tags(CLUSTER, "team-a/gone", "uid-3")), owners)).isEqualTo(Outcome.ORPHAN);
    var judgement = all.judge(instance("i-3", tags(CLUSTER, "team-a/gone", "uid-3")), owners, NOTHING_LIVE);
    assertThat(judgement.claim()).contains(new OwnershipClaim(OrphanKind.INSTANCE, "i-3", "team-a", "gone", "uid-3"));
  }

  @Test
  void theOwnerByUidCountsEvenIfTheOwnerTagNamesAnotherPlace() {
    var owners = new KnownOwners().add("Ec2Instance", "team-a", "web", "uid-1");
    assertThat(judge(all, instance("i-1", tags(CLUSTER, "team-a/renamed", "uid-1")), owners))
        .isEqualTo(Outcome.OWNED);
  }

  @Test
  void theOwnerKindComesFromTheFleetTagForInstancesAndIsSecurityGroupForGroups() {
    var owners = new KnownOwners().add("Ec2Instance", "team-a", "batch", "uid-i")
        .add("SpotFleet", "team-a", "batch", "uid-f").add("SecurityGroup", "team-a", "sg", "uid-g");
    assertThat(judge(all, fleetMember("i-1", "team-a/batch", "uid-f"), owners)).isEqualTo(Outcome.OWNED);
    assertThat(all.judge(fleetMember("i-2", "team-a/other", "uid-x"), owners, NOTHING_LIVE).claim().orElseThrow().kind())
        .isEqualTo(OrphanKind.FLEET_INSTANCE);
    assertThat(judge(all, fleetMember("i-3", "team-a/sg", "uid-g"), owners))
        .as("a SecurityGroup's uid does not own a fleet member").isEqualTo(Outcome.ORPHAN);
    assertThat(judge(all, instance("i-4", tags(CLUSTER, "team-a/sg", "uid-9")), owners))
        .as("a SecurityGroup at that name does not own an instance").isEqualTo(Outcome.ORPHAN);
    assertThat(judge(all, group("sg-1", tags(CLUSTER, "team-a/sg", "uid-g")), owners)).isEqualTo(Outcome.OWNED);
    assertThat(judge(all, group("sg-2", tags(CLUSTER, "team-a/batch", "uid-i")), owners))
        .as("an Ec2Instance's uid does not own a group").isEqualTo(Outcome.ORPHAN);
    assertThat(all.judge(group("sg-2", tags(CLUSTER, "team-a/batch", "uid-i")), owners, NOTHING_LIVE).claim()
        .orElseThrow().kind()).isEqualTo(OrphanKind.SECURITY_GROUP);
  }

  @Test
  void theLiveLookupIsAskedOnlyWhenTheListingShowsNoOwnerAndHasTheLastWord() {
    var owners = new KnownOwners().add("Ec2Instance", "team-a", "web", "uid-1");
    List<OwnershipClaim> asked = new ArrayList<>();
    Predicate<OwnershipClaim> live = c -> asked.add(c) && c.name().equals("created-since");
    assertThat(all.judge(instance("i-1", tags(CLUSTER, "team-a/web", "uid-1")), owners, live).outcome())
        .isEqualTo(Outcome.OWNED);
    assertThat(all.judge(instance("i-2", tags(CLUSTER, "team-a/created-since", "uid-2")), owners, live).outcome())
        .as("not in the listing (a label selector, or created since), but there now").isEqualTo(Outcome.OWNED_BY_NAME);
    assertThat(all.judge(instance("i-3", tags(CLUSTER, "team-a/gone", "uid-3")), owners, live).outcome())
        .isEqualTo(Outcome.ORPHAN);
    assertThat(asked).extracting(OwnershipClaim::ec2Id).containsExactly("i-2", "i-3");
    assertThatThrownBy(() -> all.judge(instance("i-4", tags(CLUSTER, "team-a/x", "uid-4")), owners, c -> {
      throw new IllegalStateException("API server unreachable");
    })).as("a failed lookup is no verdict").hasMessageContaining("unreachable");
  }

  @Test
  void untaggedAnotherClustersOrOwnerlessResourcesAreNeverConsidered() {
    var none = new KnownOwners();
    assertThat(judge(all, instance("i-1", Map.of("Name", "console")), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, instance("i-2", tags("staging", "team-a/web", "uid-1")), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, group("sg-1", tags("staging", "team-a/web", "uid-1")), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, instance("i-3", tags(CLUSTER, null, null)), none)).as("cluster tag only")
        .isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, instance("i-4", tags(CLUSTER, "team-a/web", null)), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, instance("i-5", tags(CLUSTER, "no-slash", "uid-5")), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(judge(all, instance("i-6", tags(CLUSTER, "team-a/", "uid-6")), none)).isEqualTo(Outcome.NOT_OURS);
    assertThat(all.judge(instance("i-1", Map.of()), none, c -> {
      throw new AssertionError("never looked up");
    }).claim()).isEmpty();
  }

  @Test
  void instancesShuttingDownOrTerminatedAreNeverOrphans() {
    var shuttingDown = new SweptResource("i-1", true, tags(CLUSTER, "team-a/gone", "uid-1"), true);
    assertThat(judge(all, shuttingDown, new KnownOwners())).isEqualTo(Outcome.GONE);
  }

  @Test
  void onlyWatchedNamespacesAreConsidered() {
    var some = new OrphanVerdict(CLUSTER, Set.of("team-a", "team-b"));
    var none = new KnownOwners();
    assertThat(judge(some, instance("i-1", tags(CLUSTER, "team-c/web", "uid-1")), none)).isEqualTo(Outcome.UNWATCHED);
    assertThat(judge(some, group("sg-1", tags(CLUSTER, "team-c/sg", "uid-2")), none)).isEqualTo(Outcome.UNWATCHED);
    assertThat(judge(some, instance("i-2", tags(CLUSTER, "team-b/web", "uid-3")), none)).isEqualTo(Outcome.ORPHAN);
    assertThat(judge(all, instance("i-1", tags(CLUSTER, "team-c/web", "uid-1")), none))
        .as("no watch namespaces: all").isEqualTo(Outcome.ORPHAN);
  }

  private static OwnershipClaim orphan(String id, String uid) {
    return new OwnershipClaim(OrphanKind.INSTANCE, id, "team-a", "web", uid);
  }

  @Test
  void anOrphanIsDueOnlyAfterTheGraceOfUnbrokenSightings() {
    var ledger = new OrphanLedger();
    Duration grace = Duration.ofMinutes(10);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var a = orphan("i-a", "uid-a");
    assertThat(ledger.record(t0, List.of(a))).as("newly found").containsExactly(a);
    assertThat(ledger.due(a, t0, grace)).isFalse();
    var b = orphan("i-b", "uid-b");
    assertThat(ledger.record(t0.plus(Duration.ofMinutes(4)), List.of(a, b))).as("only b is new").containsExactly(b);
    assertThat(ledger.due(a, t0.plus(Duration.ofMinutes(9)), grace)).isFalse();
    assertThat(ledger.record(t0.plus(Duration.ofMinutes(10)), List.of(a, b))).isEmpty();
    assertThat(ledger.due(a, t0.plus(Duration.ofMinutes(10)), grace)).as("exactly the grace").isTrue();
    assertThat(ledger.due(b, t0.plus(Duration.ofMinutes(10)), grace)).isFalse();
    assertThat(ledger.orphanedSince(b)).contains(t0.plus(Duration.ofMinutes(4)));
    assertThat(ledger.due(orphan("i-never", "uid"), t0.plus(Duration.ofDays(1)), grace)).isFalse();
  }

  @Test
  void anOrphanWhoseOwnerReappearsStartsItsClockAgain() {
    var ledger = new OrphanLedger();
    Duration grace = Duration.ofMinutes(10);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var a = orphan("i-a", "uid-a");
    ledger.record(t0, List.of(a));
    assertThat(ledger.record(t0.plus(Duration.ofMinutes(8)), List.of())).as("its owner is back").isEmpty();
    assertThat(ledger.record(t0.plus(Duration.ofMinutes(12)), List.of(a))).as("orphaned again: found anew")
        .containsExactly(a);
    assertThat(ledger.due(a, t0.plus(Duration.ofMinutes(12)), grace)).isFalse();
    assertThat(ledger.due(a, t0.plus(Duration.ofMinutes(22)), grace)).isTrue();
  }

  @Test
  void aResourceClaimedByAnotherUidIsANewOrphanAndForgettingOrClearingResets() {
    var ledger = new OrphanLedger();
    Duration grace = Duration.ofMinutes(10);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ledger.record(t0, List.of(orphan("i-a", "uid-1")));
    var retagged = orphan("i-a", "uid-2");
    assertThat(ledger.due(retagged, t0.plus(grace), grace)).as("the clock belongs to the claim").isFalse();
    assertThat(ledger.record(t0.plus(Duration.ofMinutes(5)), List.of(retagged))).containsExactly(retagged);
    assertThat(ledger.orphanedSince(retagged)).contains(t0.plus(Duration.ofMinutes(5)));
    ledger.forget("i-a");
    assertThat(ledger.size()).isZero();
    ledger.record(t0, List.of(retagged));
    ledger.clear();
    assertThat(ledger.due(retagged, t0.plus(Duration.ofDays(1)), grace)).isFalse();
  }

  @Test
  void theClaimIsStillMadeOnlyWithTheSameClusterAndOwnerUid() {
    var c = orphan("i-a", "uid-1");
    assertThat(c.stillMadeBy(CLUSTER, tags(CLUSTER, "team-a/web", "uid-1"))).isTrue();
    assertThat(c.stillMadeBy(CLUSTER, tags(CLUSTER, "team-a/web", "uid-2"))).isFalse();
    assertThat(c.stillMadeBy(CLUSTER, tags("staging", "team-a/web", "uid-1"))).isFalse();
    assertThat(c.stillMadeBy(CLUSTER, Map.of())).isFalse();
  }

  @Test
  void thePolicyReadsReportOrDelete() {
    assertThat(OrphanPolicy.parse("report")).isEqualTo(OrphanPolicy.REPORT);
    assertThat(OrphanPolicy.parse(" Delete ")).isEqualTo(OrphanPolicy.DELETE);
    assertThatThrownBy(() -> OrphanPolicy.parse("terminate")).isInstanceOf(IllegalArgumentException.class);
  }
}

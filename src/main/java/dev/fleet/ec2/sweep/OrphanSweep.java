package dev.fleet.ec2.sweep;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds EC2 resources tagged for this installation whose owning Kubernetes resource no longer exists (a
 * finalizer removed by force, a restore from a backup, a changed cluster name): every
 * {@value #POLLS_PER_SWEEP} poll intervals, while this replica leads, on one daemon thread. Each sweep
 * lists the owners, then takes the instances and groups tagged with the cluster from the latest polls of
 * every (account, region) in use (no describe of its own), and judges each ({@link OrphanVerdict}). Orphans
 * are counted in {@code ec2fleet_orphans{kind}} and logged once when found; under
 * {@code ORPHAN_POLICY=delete} one orphaned for the whole grace is removed in its region
 * ({@link OrphanRemoval}). Any failure abandons that sweep, before anything is acted on from a partial view.
 */
public final class OrphanSweep implements AutoCloseable {
  static final int POLLS_PER_SWEEP = 4;
  private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

  private final OrphanVerdict verdict;
  private final OwnerDirectory owners;
  private final Supplier<List<Source>> sources;
  private final String cluster;
  private final OrphanPolicy policy;
  private final Duration grace;
  private final Duration interval;
  private final Clock clock;
  private final BooleanSupplier leading;
  private final OrphanLedger ledger = new OrphanLedger();
  private final Map<OrphanKind, AtomicInteger> counts = new EnumMap<>(OrphanKind.class);
  private final MeterRegistry registry;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orphan-sweep");
    t.setDaemon(true);
    return t;
  });
  private String failure;
  private volatile boolean closed;

  /**
   * One (account, region) to sweep: what its polls last saw tagged with this cluster, and the gateway that
   * acts there.
   *
   * @param instances the instances (the shared instance poll's latest answer)
   * @param groups the security groups (their poll's latest answer)
   */
  public record Source(Supplier<List<ObservedInstance>> instances, Supplier<List<ObservedSecurityGroup>> groups,
      Ec2Gateway ec2) {}

  /**
   * @param sources every (account, region) in use, read at each sweep
   * @param leading false while another replica holds the lease: then the sweep does nothing
   */
  public OrphanSweep(OperatorConfig config, Supplier<List<Source>> sources, KubernetesClient kube,
      MeterRegistry registry, Clock clock, BooleanSupplier leading) {
    this.verdict = new OrphanVerdict(config.clusterName(), config.watchNamespaces());
    this.owners = new OwnerDirectory(kube, config.watchNamespaces());
    this.sources = sources;
    this.cluster = config.clusterName();
    this.policy = config.orphanPolicy();
    this.grace = config.orphanGrace();
    this.interval = config.pollInterval().multipliedBy(POLLS_PER_SWEEP);
    this.clock = clock;
    this.leading = leading;
    this.registry = registry;
    for (OrphanKind kind : OrphanKind.values()) {
      AtomicInteger count = new AtomicInteger();
      counts.put(kind, count);
      Gauge.builder("ec2fleet.orphans", count, AtomicInteger::get).tag("kind", kind.label())
          .description("EC2 resources tagged for this installation whose owning resource no longer exists")
          .register(registry);
    }
  }

  /** Schedules the sweeps: the first one interval from now. */
  public void start() {
    long ms = interval.toMillis();
    thread.scheduleWithFixedDelay(this::sweepSafely, ms, ms, TimeUnit.MILLISECONDS);
    log.info("orphan sweep every {}s, policy {}{}", interval.toSeconds(), policy.text(),
        policy == OrphanPolicy.DELETE ? ", grace " + grace.toSeconds() + "s" : "");
  }

  private void sweepSafely() {
    if (!leading.getAsBoolean()) {
      ledger.clear(); // a replica that leads again starts every clock afresh
      return;
    }
    try {
      sweep();
      if (failure != null) {
        log.info("orphan sweep: complete again");
      }
      failure = null;
      sweeps("complete");
    } catch (RuntimeException e) {
      if (closed) {
        return; // interrupted by close(): not a failure worth a warning
      }
      String message = String.valueOf(e.getMessage());
      if (!message.equals(failure)) {
        log.warn("orphan sweep abandoned, nothing acted on; trying again at the next sweep: {}", message);
      } else {
        log.debug("orphan sweep abandoned again: {}", message);
      }
      failure = message;
      sweeps("aborted");
    }
  }

  /** One sweep; throws on any failure to see Kubernetes or EC2 completely. */
  void sweep() {
    KnownOwners listed = owners.list();
    List<OwnershipClaim> orphans = new ArrayList<>();
    Map<String, Ec2Gateway> where = new java.util.HashMap<>(); // an orphan's id → the gateway of its region
    for (Source source : sources.get()) {
      List<SweptResource> seen = new ArrayList<>();
      source.instances().get().forEach(i -> seen.add(SweptResource.of(i)));
      source.groups().get().forEach(g -> seen.add(SweptResource.of(g)));
      for (SweptResource r : seen) {
        var judgement = verdict.judge(r, listed, owners::existsNow);
        if (judgement.outcome() == OrphanVerdict.Outcome.ORPHAN) {
          orphans.add(judgement.claim().orElseThrow());
          where.put(r.ec2Id(), source.ec2());
        }
      }
    }
    Instant now = clock.instant();
    for (OwnershipClaim found : ledger.record(now, orphans)) {
      log.warn("orphan {} {}: tagged {}={} ({}={}), but no {} {} exists; {}", found.kind().label(), found.ec2Id(),
          OwnershipTags.OWNER, found.owner(), OwnershipTags.OWNER_UID, found.uid(), found.kind().ownerKind(),
          found.owner(), whatHappens(found, now));
    }
    publish(orphans);
    if (policy == OrphanPolicy.DELETE) {
      for (OwnershipClaim orphan : orphans) {
        if (ledger.due(orphan, now, grace)) {
          remove(orphan, new OrphanRemoval(where.get(orphan.ec2Id()), cluster));
        }
      }
    }
  }

  private void remove(OwnershipClaim orphan, OrphanRemoval removal) {
    Instant since = ledger.orphanedSince(orphan).orElseThrow();
    OrphanRemoval.Result result = removal.remove(orphan);
    if (result == OrphanRemoval.Result.IN_USE) {
      return;
    }
    ledger.forget(orphan.ec2Id());
    counts.get(orphan.kind()).decrementAndGet();
    if (result == OrphanRemoval.Result.REMOVED) {
      Counter.builder("ec2fleet.orphans.removed").tag("kind", orphan.kind().label())
          .description("Orphans removed under ORPHAN_POLICY=delete").register(registry).increment();
      log.warn("orphan sweep: {} {} {} (owner {} {}, uid {}, orphaned since {}; ORPHAN_POLICY=delete)",
          orphan.kind() == OrphanKind.SECURITY_GROUP ? "deleted" : "terminated", orphan.kind().label(),
          orphan.ec2Id(), orphan.kind().ownerKind(), orphan.owner(), orphan.uid(), since);
    }
  }

  private String whatHappens(OwnershipClaim orphan, Instant now) {
    if (policy == OrphanPolicy.REPORT) {
      return "reported only (ORPHAN_POLICY=report): left as it is, counted in ec2fleet_orphans";
    }
    return "it will be " + (orphan.kind() == OrphanKind.SECURITY_GROUP ? "deleted" : "terminated")
        + " if still orphaned at " + now.plus(grace) + " (ORPHAN_POLICY=delete, ORPHAN_GRACE=" + grace.toSeconds() + "s)";
  }

  private void publish(List<OwnershipClaim> orphans) {
    Map<OrphanKind, Integer> byKind = new EnumMap<>(OrphanKind.class);
    orphans.forEach(o -> byKind.merge(o.kind(), 1, Integer::sum));
    counts.forEach((kind, count) -> count.set(byKind.getOrDefault(kind, 0)));
  }

  private void sweeps(String outcome) {
    Counter.builder("ec2fleet.orphan.sweeps").tag("outcome", outcome)
        .description("Orphan sweeps, by outcome (complete or aborted)").register(registry).increment();
  }

  /** Stops the sweeps; one under way is interrupted. */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

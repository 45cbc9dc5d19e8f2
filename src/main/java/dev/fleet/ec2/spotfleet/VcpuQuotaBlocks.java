package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.cloud.VcpuQuotaBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The vCPU quotas a fleet launch found used up, in one (account, region): EC2's {@code VcpuLimitExceeded}.
 * A quota covers a whole bucket of instance families (all standard families share one), so once one pool's
 * launch is refused, every pool of its bucket would be refused too: they are all left alone for
 * {@link #BLOCKED_FOR}, and the fleet fills from pools of other buckets. When the time is up one launch tries
 * again (the quota may have been raised, or vCPUs freed): one refused call per bucket per period, not a storm.
 */
final class VcpuQuotaBlocks {
  static final Duration BLOCKED_FOR = Duration.ofMinutes(5);

  private record Block(Instant until, String message) {}

  private final Clock clock;
  private final Map<String, Block> byQuota = new ConcurrentHashMap<>();

  VcpuQuotaBlocks(Clock clock) {
    this.clock = clock;
  }

  /** The quota a launch of {@code instanceType} counts against; a type of no known bucket stands for itself. */
  static String quotaOf(String instanceType, boolean spot) {
    return VcpuQuotaBucket.of(instanceType).flatMap(b -> b.quotaCode(spot))
        .orElse(instanceType + (spot ? "/spot" : "/on-demand"));
  }

  /** EC2 refused a launch of {@code instanceType} with {@code message}: its bucket is blocked for a while. */
  void refused(String instanceType, boolean spot, String message) {
    byQuota.put(quotaOf(instanceType, spot), new Block(clock.instant().plus(BLOCKED_FOR), message));
  }

  /** Why a launch of {@code instanceType} would be refused now (EC2's message, quota named), if it would. */
  Optional<String> blocking(String instanceType, boolean spot) {
    Block b = byQuota.get(quotaOf(instanceType, spot));
    return b != null && b.until().isAfter(clock.instant()) ? Optional.of(b.message()) : Optional.empty();
  }

  /** The keys of those pools whose Spot quota is blocked now. */
  Set<String> blockedSpotPools(List<Pool> pools) {
    return pools.stream().filter(p -> blocking(p.instanceType(), true).isPresent()).map(Pool::key)
        .collect(Collectors.toSet());
  }

  /** Why the first of these pools is blocked (for the condition when all are), if one is. */
  Optional<String> why(List<Pool> pools) {
    return pools.stream().map(p -> blocking(p.instanceType(), true)).flatMap(Optional::stream).findFirst();
  }

  /** How long until the first block still in force ends: when a fleet with every pool blocked looks again. */
  Duration untilFirstEnds() {
    Instant now = clock.instant();
    return byQuota.values().stream().map(Block::until).filter(now::isBefore).min(Instant::compareTo)
        .map(until -> Duration.between(now, until)).orElse(Duration.ZERO);
  }
}

package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.FleetInstance;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds the whole SpotFleet status, the one place it is built. Pure. */
public final class SpotFleetStatusMapper {

  private SpotFleetStatusMapper() {}

  /**
   * @param book bookkeeping carried over (counters, client token, fulfilledOnce) and the previous conditions
   * @param members the instances counted toward the target
   * @param warned instances still running whose capacity is being replaced after a warning (listed, not counted)
   * @param warnings interruption warnings by instance id, recorded on the listed instances
   */
  public static SpotFleetStatus map(SpotFleetStatus book, long generation, int target, List<ObservedInstance> members,
      List<ObservedInstance> warned, Map<String, InterruptionTracker.Warning> warnings, SyncOutcome outcome,
      Instant now) {
    SpotFleetStatus s = carriedOver(book, generation, target);
    int spot = 0;
    int onDemand = 0;
    for (ObservedInstance i : members) {
      if ("spot".equals(i.lifecycle())) {
        spot += weight(i);
      } else {
        onDemand += weight(i);
      }
    }
    s.setSpotCapacity(spot);
    s.setOnDemandCapacity(onDemand);
    s.setFulfilledCapacity(spot + onDemand);
    s.setFulfilledOnce(Boolean.TRUE.equals(book.getFulfilledOnce()) || spot + onDemand >= target ? Boolean.TRUE : null);
    s.setInstances(Stream.concat(members.stream(), warned.stream()).distinct()
        .sorted(Comparator.comparing(ObservedInstance::instanceId)).map(i -> entry(i, warnings.get(i.instanceId())))
        .toList());
    s.setConditions(conditions(book, outcome, spot + onDemand, target, "units running", generation, now));
    return s;
  }

  /**
   * A pass that ended before it could count the members (EC2 unreachable or throttled, a reference not
   * ready, a spec EC2 refuses): everything last reported stays, Synced and Terminal follow the outcome,
   * Ready follows the last count.
   */
  public static SpotFleetStatus uncounted(SpotFleetStatus book, long generation, int target, SyncOutcome outcome,
      Instant now) {
    SpotFleetStatus s = carriedOver(book, generation, target);
    int fulfilled = zeroIfAbsent(book.getFulfilledCapacity());
    s.setSpotCapacity(zeroIfAbsent(book.getSpotCapacity()));
    s.setOnDemandCapacity(zeroIfAbsent(book.getOnDemandCapacity()));
    s.setFulfilledCapacity(fulfilled);
    s.setFulfilledOnce(book.getFulfilledOnce());
    s.setInstances(book.getInstances() == null ? List.of() : book.getInstances());
    s.setConditions(conditions(book, outcome, fulfilled, target, "units running when last counted", generation,
        now));
    return s;
  }

  /** What every status carries over from the last one, whatever this pass saw. */
  private static SpotFleetStatus carriedOver(SpotFleetStatus book, long generation, int target) {
    SpotFleetStatus s = new SpotFleetStatus();
    s.setClientToken(book.getClientToken());
    s.copyLifecycleFrom(book);
    s.setPendingLaunch(book.getPendingLaunch());
    s.setInterruptions(zeroIfAbsent(book.getInterruptions()));
    s.setReplacements(zeroIfAbsent(book.getReplacements()));
    s.setLastInterruptionTime(book.getLastInterruptionTime());
    s.setObservedGeneration(generation);
    s.setTargetCapacity(target);
    return s;
  }

  /** Synced and Terminal from the outcome, Ready from the units counted against the target. */
  private static List<Condition> conditions(SpotFleetStatus book, SyncOutcome outcome, int units, int target,
      String counted, long generation, Instant now) {
    boolean fulfilled = units >= target;
    var c = Conditions.set(book.getConditions(), Conditions.SYNCED, outcome.kind() == SyncOutcome.Kind.IN_SYNC,
        outcome.reason(), outcome.message(), generation, now);
    c = Conditions.set(c, Conditions.READY, fulfilled, fulfilled ? "Fulfilled" : "Unfulfilled",
        units + " of " + target + " " + counted, generation, now);
    boolean terminal = outcome.kind() == SyncOutcome.Kind.TERMINAL;
    return Conditions.set(c, Conditions.TERMINAL, terminal, terminal ? outcome.reason() : "NoError",
        terminal ? outcome.message() : "", generation, now);
  }

  private static int zeroIfAbsent(Integer units) {
    return units == null ? 0 : units;
  }

  static int weight(ObservedInstance i) {
    String w = i.tags().get(SpotFleetDesired.WEIGHT_TAG);
    try {
      return w == null ? 1 : Integer.parseInt(w);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static FleetInstance entry(ObservedInstance i, InterruptionTracker.Warning warning) {
    FleetInstance f = new FleetInstance();
    f.setInstanceId(i.instanceId());
    f.setInstanceType(i.instanceType());
    f.setAvailabilityZone(i.availabilityZone());
    f.setLifecycle(i.lifecycle());
    f.setWeightedCapacity(weight(i));
    f.setState(i.state());
    f.setLaunchTime(i.launchTime() == null ? null : i.launchTime().toString());
    if (warning != null) {
      f.setWarning(warning.kind());
      f.setWarningTime(warning.receivedAt().toString());
    }
    return f;
  }
}

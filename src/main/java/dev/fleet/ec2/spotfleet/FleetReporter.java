package dev.fleet.ec2.spotfleet;

import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetStatus;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cost.HourlyCost;
import dev.fleet.ec2.cost.Pricing;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.status.StatusWriter;
import dev.fleet.ec2.status.SyncOutcome;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a fleet's status (through {@link SpotFleetStatusMapper}), its capacity gauges and its cost gauge; forgets
 * them on delete.
 */
final class FleetReporter {
  /**
   * One pass's count of a fleet: the members counted toward the target and those named for a warning (both
   * lists change as the pass launches and terminates), the warnings, the pools' spot prices and the fleet's region.
   */
  record Count(List<ObservedInstance> counted, List<ObservedInstance> warned,
      Map<String, InterruptionTracker.Warning> warnings, Function<String, BigDecimal> priceOf, String region) {}

  private final ConditionReporter conditions;
  private final FleetMetrics metrics;
  private final String cluster;
  private final Clock clock;
  private final Pricing pricing;

  FleetReporter(ConditionReporter conditions, FleetMetrics metrics, String cluster, Clock clock, Pricing pricing) {
    this.conditions = conditions;
    this.metrics = metrics;
    this.cluster = cluster;
    this.clock = clock;
    this.pricing = pricing;
  }

  /** A pass that could not count the members: the last count stands, the conditions say why. */
  void uncounted(SpotFleet fleet, SpotFleetStatus book, SyncOutcome outcome, Context<SpotFleet> context) {
    var status = SpotFleetStatusMapper.uncounted(book, fleet.getMetadata().getGeneration(),
        fleet.getSpec().getTargetCapacity(), outcome, clock.instant());
    conditions.changed(fleet, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(fleet, status, context);
    book.setConditions(status.getConditions());
  }

  /** The pass's count and outcome; rechecks soon while something is under way. */
  UpdateControl<SpotFleet> counted(SpotFleet fleet, SpotFleetStatus book, Count count, SyncOutcome outcome,
      Context<SpotFleet> context) {
    int target = fleet.getSpec().getTargetCapacity();
    ClusterNameGuard.record(book, !count.counted().isEmpty() || !count.warned().isEmpty(), cluster);
    var status = SpotFleetStatusMapper.map(book, fleet.getMetadata().getGeneration(), target, count.counted(),
        count.warned(), count.warnings(), count.priceOf(), count.region(), pricing.onDemand(), outcome,
        clock.instant());
    conditions.changed(fleet, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(fleet, status, context);
    book.setConditions(status.getConditions());
    book.setFulfilledOnce(status.getFulfilledOnce());
    book.setTargetCapacity(target);
    book.setPools(status.getPools());
    book.setWarnedInstances(status.getWarnedInstances());
    metrics.capacity(name(fleet), target, status.getFulfilledCapacity(), status.getSpotCapacity(),
        status.getOnDemandCapacity());
    pricing.record(fleet, HourlyCost.Estimate.of(status.getEstimatedHourlyCost(), status.getCostBasis()));
    UpdateControl<SpotFleet> control = UpdateControl.noUpdate();
    return outcome.kind() == SyncOutcome.Kind.PROGRESSING
        ? control.rescheduleAfter(SpotFleetReconciler.RECHECK_MS) : control;
  }

  /** The fleet is deleted: its gauges and its count in the resource census go with it. */
  void forget(SpotFleet fleet) {
    metrics.forget(name(fleet)); // the conditions' bookkeeping is the lifecycle's to forget
    pricing.forget(fleet);
  }

  private static String name(SpotFleet fleet) {
    return fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName();
  }
}

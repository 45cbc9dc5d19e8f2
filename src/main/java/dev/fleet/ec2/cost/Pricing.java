package dev.fleet.ec2.cost;

import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.spotfleet.SpotPrices;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * What the kinds that run instances price them with: the on-demand prices, the spot prices of a scope (one cache
 * per scope, shared by instances and fleets, so pricing adds no EC2 call a fleet does not already make), and the
 * cost gauges.
 */
public record Pricing(OnDemandPrices onDemand, Function<Ec2Scope, SpotPrices> spotIn, CostMetrics metrics) {

  /**
   * What an instance in {@code scope} costs an hour as EC2 reports it (type, zone, state, spot or not); null, so
   * that the last estimate stands, when status names an instance ({@code recordedId}) this pass did not see.
   */
  public HourlyCost.Estimate ofInstance(Ec2Scope scope, ObservedInstance observed, String recordedId) {
    if (observed == null) {
      return recordedId == null ? HourlyCost.noInstance() : null;
    }
    boolean spot = "spot".equals(observed.lifecycle());
    Function<String, BigDecimal> spotPrice = spot ? spotIn.apply(scope).forTypes(List.of(observed.instanceType()))
        : pool -> null;
    return HourlyCost.ofInstance(observed.state(), observed.instanceType(), scope.key().region(),
        observed.availabilityZone(), spot, onDemand, spotPrice);
  }

  /** The resource's estimate as of this pass, into its gauge. */
  public void record(HasMetadata resource, HourlyCost.Estimate estimate) {
    metrics.record(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        estimate);
  }

  /** The resource is deleted: its gauge goes. */
  public void forget(HasMetadata resource) {
    metrics.forget(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }
}

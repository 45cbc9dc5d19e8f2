package dev.fleet.ec2.cost;

import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.spotfleet.SpotPrices;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Function;

/**
 * What the kinds that run instances price them with: the on-demand prices, the spot prices of a scope (one cache
 * per scope, shared by instances and fleets, so pricing adds no EC2 call a fleet does not already make), and the
 * cost gauges.
 */
public record Pricing(OnDemandPrices onDemand, Function<Ec2Scope, SpotPrices> spotIn, CostMetrics metrics) {

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

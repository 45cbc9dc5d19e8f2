package dev.fleet.ec2.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A fleet of spot (and optionally on-demand) instances that the operator keeps at its target capacity. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("SpotFleet")
@Plural("spotfleets")
@ShortNames("sf")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "TARGET", jsonPath = ".spec.targetCapacity", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "FULFILLED", jsonPath = ".status.fulfilledCapacity", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "SPOT", jsonPath = ".status.spotCapacity", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "ON-DEMAND", jsonPath = ".status.onDemandCapacity", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "STRATEGY", jsonPath = ".spec.allocationStrategy", type = Type.STRING)
@AdditionalPrinterColumn(name = "COST/H", jsonPath = ".status.estimatedHourlyCost", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class SpotFleet extends CustomResource<SpotFleetSpec, SpotFleetStatus> implements Namespaced {

  @Override
  protected SpotFleetStatus initStatus() {
    return new SpotFleetStatus();
  }
}

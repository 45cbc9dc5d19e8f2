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

/** One EC2 instance, declared the Kubernetes way. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("Ec2Instance")
@Plural("ec2instances")
@ShortNames("ec2")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "ID", jsonPath = ".status.instanceId", type = Type.STRING)
@AdditionalPrinterColumn(name = "STATE", jsonPath = ".status.state", type = Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.instanceType", type = Type.STRING)
@AdditionalPrinterColumn(name = "ZONE", jsonPath = ".status.availabilityZone", type = Type.STRING)
@AdditionalPrinterColumn(name = "PUBLIC-IP", jsonPath = ".status.publicIpAddress", type = Type.STRING)
@AdditionalPrinterColumn(name = "COST/H", jsonPath = ".status.estimatedHourlyCost", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Ec2Instance extends CustomResource<Ec2InstanceSpec, Ec2InstanceStatus> implements Namespaced {

  @Override
  protected Ec2InstanceStatus initStatus() {
    return new Ec2InstanceStatus();
  }
}

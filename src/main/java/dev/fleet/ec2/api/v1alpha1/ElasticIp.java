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

/** One Elastic IP address (domain vpc), optionally associated with an Ec2Instance of the same namespace. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("ElasticIp")
@Plural("elasticips")
@ShortNames("eip")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "PUBLIC-IP", jsonPath = ".status.publicIp", type = Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "INSTANCE", jsonPath = ".spec.instanceRef.name", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class ElasticIp extends CustomResource<ElasticIpSpec, ElasticIpStatus> implements Namespaced {

  @Override
  protected ElasticIpStatus initStatus() {
    return new ElasticIpStatus();
  }
}

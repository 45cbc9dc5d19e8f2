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

/** One EC2 key pair; a created one's private key is kept in a Secret the key pair owns. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("KeyPair")
@Plural("keypairs")
@ShortNames("kp")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "KEY-NAME", jsonPath = ".status.keyName", type = Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".status.keyType", type = Type.STRING)
@AdditionalPrinterColumn(name = "SECRET", jsonPath = ".status.secretName", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class KeyPair extends CustomResource<KeyPairSpec, KeyPairStatus> implements Namespaced {

  @Override
  protected KeyPairStatus initStatus() {
    return new KeyPairStatus();
  }
}

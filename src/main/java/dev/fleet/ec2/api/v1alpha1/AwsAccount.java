package dev.fleet.ec2.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** How the operator acts in one AWS account, and which namespaces may use it. Cluster-scoped: an administrator's. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("AwsAccount")
@Plural("awsaccounts")
@ShortNames("acct")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "ACCOUNT", jsonPath = ".status.accountId", type = Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AwsAccount extends CustomResource<AwsAccountSpec, AwsAccountStatus> {

  @Override
  protected AwsAccountStatus initStatus() {
    return new AwsAccountStatus();
  }
}

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

/** One EC2 security group and its rules. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@Kind("SecurityGroup")
@Plural("securitygroups")
@ShortNames("sg")
// kubectl get prints these columns in this order (the build keeps it): what it is and its state first, AGE last
@AdditionalPrinterColumn(name = "GROUP-ID", jsonPath = ".status.groupId", type = Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "VPC", jsonPath = ".status.vpcId", type = Type.STRING)
@AdditionalPrinterColumn(name = "INGRESS", jsonPath = ".status.ingressRuleCount", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "EGRESS", jsonPath = ".status.egressRuleCount", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class SecurityGroup extends CustomResource<SecurityGroupSpec, SecurityGroupStatus> implements Namespaced {

  @Override
  protected SecurityGroupStatus initStatus() {
    return new SecurityGroupStatus();
  }
}

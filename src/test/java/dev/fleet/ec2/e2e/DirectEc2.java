package dev.fleet.ec2.e2e;

import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.cloud.aws.AwsEc2Gateway;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2 as a user at the console sees it: the tests change things behind the operator's back and check
 * what EC2 really holds through this, never through the operator's own caches.
 */
public final class DirectEc2 implements AutoCloseable {
  private final AwsClients clients;
  private final AwsEc2Gateway gateway;

  public DirectEc2(E2eEnvironment env) {
    clients = new AwsClients(env.operatorConfig(Map.of()));
    gateway = new AwsEc2Gateway(clients.ec2());
  }

  public AwsEc2Gateway gateway() {
    return gateway;
  }

  public Ec2Client sdk() {
    return clients.ec2();
  }

  public ObservedInstance instance(String id) {
    return gateway.describeInstancesById(List.of(id)).stream().findFirst()
        .orElseThrow(() -> new AssertionError("instance " + id + " not found in EC2"));
  }

  /** Instances (not terminated) owned by the Kubernetes resource with this uid. */
  public List<ObservedInstance> ownedBy(String uid) {
    return gateway.describeInstancesByTag("ec2.fleet.dev/owner-uid", uid).stream()
        .filter(i -> !ObservedInstance.TERMINATED.equals(i.state())).toList();
  }

  /** A security group made directly in EC2, in the default VPC. */
  public String createSecurityGroup(String name) {
    String vpc = gateway.findDefaultVpc().orElseThrow().vpcId();
    return sdk().createSecurityGroup(r -> r.groupName(name).description("e2e " + name).vpcId(vpc)).groupId();
  }

  @Override
  public void close() {
    clients.close();
  }
}

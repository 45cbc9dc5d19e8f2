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

  private final java.net.URI endpoint;

  public DirectEc2(E2eEnvironment env) {
    this(env, env.ec2Endpoint());
  }

  /** EC2 at another endpoint: the EC2-like layer in front of the emulator, as someone else's tool sees it. */
  public DirectEc2(E2eEnvironment env, java.net.URI endpoint) {
    this.endpoint = endpoint;
    clients = new AwsClients(env.operatorConfig(Map.of("AWS_ENDPOINT_URL", endpoint.toString())));
    gateway = new AwsEc2Gateway(clients.ec2());
  }

  /** EC2 in another region of the same emulator (and account). */
  public DirectEc2(E2eEnvironment env, String region) {
    this(env, region, new dev.fleet.ec2.cloud.AccountAccess.Own());
  }

  /** EC2 in the account {@code access} reaches (the emulator keeps each account apart), in {@code region}. */
  public DirectEc2(E2eEnvironment env, String region, dev.fleet.ec2.cloud.AccountAccess access) {
    this.endpoint = env.ec2Endpoint();
    clients = new AwsClients(env.operatorConfig(Map.of()), region, access);
    gateway = new AwsEc2Gateway(clients.ec2());
  }

  public AwsEc2Gateway gateway() {
    return gateway;
  }

  public Ec2Client sdk() {
    return clients.ec2();
  }

  /** SQS with the same credentials and region (the emulator keeps queues per account and region). */
  public software.amazon.awssdk.services.sqs.SqsClient sqs() {
    return clients.sqs();
  }

  public ObservedInstance instance(String id) {
    return gateway.describeInstancesById(List.of(id)).stream().findFirst()
        .orElseThrow(() -> new AssertionError("instance " + id + " not found in EC2"));
  }

  /** Every instance EC2 ever launched for the Kubernetes resource with this uid, terminated ones included. */
  public List<ObservedInstance> launchedFor(String uid) {
    return gateway.describeInstancesByTag("ec2.fleet.dev/owner-uid", uid);
  }

  /** Instances (not terminated) owned by the Kubernetes resource with this uid. */
  public List<ObservedInstance> ownedBy(String uid) {
    return gateway.describeInstancesByTag("ec2.fleet.dev/owner-uid", uid).stream()
        .filter(i -> !ObservedInstance.TERMINATED.equals(i.state())).toList();
  }

  /**
   * What EC2 still holds for Kubernetes resources of one namespace (by the owner tag) under a test operator's
   * cluster name (they all start with "e2e"): instances not on their way out, security groups and addresses. Resources
   * released with Retain carry no owner tag, and those a test hands to another installation another cluster
   * tag: neither is listed.
   */
  public List<String> heldFor(String namespace) {
    String prefix = namespace + "/";
    var tagKey = software.amazon.awssdk.services.ec2.model.Filter.builder().name("tag-key")
        .values("ec2.fleet.dev/owner").build();
    List<String> held = new java.util.ArrayList<>();
    sdk().describeInstancesPaginator(r -> r.filters(tagKey)).reservations().forEach(res -> res.instances().forEach(i -> {
      String state = i.state().nameAsString();
      if (!"terminated".equals(state) && !"shutting-down".equals(state) && ownedIn(i.tags(), prefix)) {
        held.add(i.instanceId() + " (" + state + ")");
      }
    }));
    sdk().describeSecurityGroupsPaginator(r -> r.filters(tagKey)).securityGroups().forEach(g -> {
      if (ownedIn(g.tags(), prefix)) {
        held.add(g.groupId() + " (security group " + g.groupName() + ")");
      }
    });
    sdk().describeAddresses(r -> r.filters(tagKey)).addresses().forEach(a -> {
      if (ownedIn(a.tags(), prefix)) {
        held.add(a.allocationId() + " (address " + a.publicIp() + ")");
      }
    });
    return held;
  }

  private static boolean ownedIn(List<software.amazon.awssdk.services.ec2.model.Tag> tags, String ownerPrefix) {
    return tags.stream().anyMatch(t -> t.key().equals("ec2.fleet.dev/owner") && t.value().startsWith(ownerPrefix))
        && tags.stream().anyMatch(t -> t.key().equals("ec2.fleet.dev/cluster") && t.value().startsWith("e2e"));
  }

  /** A security group made directly in EC2, in the default VPC. */
  public String createSecurityGroup(String name) {
    String vpc = gateway.findDefaultVpc().orElseThrow().vpcId();
    return sdk().createSecurityGroup(r -> r.groupName(name).description("e2e " + name).vpcId(vpc)).groupId();
  }

  /**
   * An IAM instance profile in the emulator, which refuses launches naming one it does not know. Through
   * IAM's query API: the operator has no IAM client, and neither do the tests otherwise.
   */
  public void createInstanceProfile(String name) throws java.io.IOException, InterruptedException {
    var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(endpoint)
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request,"
            + " SignedHeaders=host, Signature=0") // the emulator routes by the service named here
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("Action=CreateInstanceProfile&Version=2010-05-08"
            + "&InstanceProfileName=" + name)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new java.io.IOException("CreateInstanceProfile " + name + ": " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    clients.close();
  }
}

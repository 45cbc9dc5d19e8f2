package dev.fleet.ec2.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.access.AwsTemplate;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The emulator's CloudFormation, IAM, EventBridge and SQS, as a platform team would use them to create the
 * operator's AWS side from manifests/aws/: deploys the committed template and reads back what it made.
 */
final class EmulatedAwsSide implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  final CloudFormationClient cloudFormation;
  final IamClient iam;
  final EventBridgeClient events;
  final SqsClient sqs;
  final StsClient sts;

  EmulatedAwsSide(E2eEnvironment env) {
    var http = UrlConnectionHttpClient.create();
    Region region = Region.of(env.region());
    cloudFormation = CloudFormationClient.builder().endpointOverride(env.ec2Endpoint()).region(region)
        .httpClient(http).build();
    iam = IamClient.builder().endpointOverride(env.ec2Endpoint()).region(Region.AWS_GLOBAL).httpClient(http).build();
    events = EventBridgeClient.builder().endpointOverride(env.ec2Endpoint()).region(region).httpClient(http).build();
    sqs = SqsClient.builder().endpointOverride(env.ec2Endpoint()).region(region).httpClient(http).build();
    sts = StsClient.builder().endpointOverride(env.ec2Endpoint()).region(region).httpClient(http).build();
  }

  /** The emulator's account: what a stack's AWS::AccountId is, known before deploying one. */
  String account() {
    return sts.getCallerIdentity().account();
  }

  /** Creates the stack from the committed template, waits until it is complete and returns it (outputs and all). */
  Stack deploy(String name, Map<String, String> parameters) throws IOException {
    String body = Files.readString(E2eEnvironment.ROOT.resolve(AwsTemplate.FILE));
    cloudFormation.createStack(r -> r.stackName(name).templateBody(body).capabilities(Capability.CAPABILITY_IAM)
        .parameters(parameters.entrySet().stream().map(p -> Parameter.builder().parameterKey(p.getKey())
            .parameterValue(p.getValue()).build()).toList()));
    Awaitility.await("stack " + name + " created").atMost(Duration.ofSeconds(60)).until(() -> {
      StackStatus status = stack(name).stackStatus();
      if (status != StackStatus.CREATE_IN_PROGRESS && status != StackStatus.CREATE_COMPLETE) {
        throw new AssertionError("stack " + name + ": " + status + " " + stack(name).stackStatusReason());
      }
      return status == StackStatus.CREATE_COMPLETE;
    });
    return stack(name);
  }

  private Stack stack(String name) {
    return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().get(0);
  }

  static Map<String, String> outputs(Stack stack) {
    return stack.outputs().stream().collect(Collectors.toMap(o -> o.outputKey(), o -> o.outputValue()));
  }

  /** The logical ids of the resources the stack holds (what the emulator could create), sorted. */
  Set<String> created(String stack) {
    return cloudFormation.listStackResources(r -> r.stackName(stack)).stackResourceSummaries().stream()
        .map(s -> s.logicalResourceId()).filter(id -> id != null && !id.isBlank())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The role's inline policy as IAM holds it (IAM answers policy documents URL-encoded). */
  JsonNode rolePolicy(String roleArn, String policyName) throws IOException {
    String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    return decoded(iam.getRolePolicy(r -> r.roleName(role).policyName(policyName)).policyDocument());
  }

  JsonNode trustPolicy(String roleArn) throws IOException {
    String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    return decoded(iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument());
  }

  private static JsonNode decoded(String document) throws IOException {
    return JSON.readTree(URLDecoder.decode(document, StandardCharsets.UTF_8));
  }

  /** Messages on the queue, visible or in flight. */
  int depth(String queueUrl) {
    var a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
        + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
  }

  @Override
  public void close() {
    cloudFormation.close();
    iam.close();
    events.close();
    sqs.close();
    sts.close();
  }
}

package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.cloud.aws.AwsEc2Gateway;
import dev.fleet.ec2.e2e.E2eEnvironment;
import dev.fleet.ec2.e2e.E2eExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A revoked access key, seen through plain SDK clients (default retries) and the operator's own clients: every
 * service refuses it with a code the SDK reads, once per call (nothing the SDK retries), other keys go on,
 * and a restored key works again.
 */
@ExtendWith(E2eExtension.class)
class RevokedKeyIT {
  private static final String KEY = "AKIAREVOKEDUNIT00001";
  private final Ec2LikeFixture fx = new Ec2LikeFixture();

  @AfterEach
  void cleanUp() {
    fx.close();
  }

  @Test
  void everyServiceRefusesARevokedKeyOncePerCallUntilItIsRestored() throws Exception {
    Ec2LikeServer layer = fx.layer(fx.settings());
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, "secret"));
    Region region = Region.of(E2eEnvironment.get().region());
    URI endpoint = layer.endpoint();
    var http = UrlConnectionHttpClient.create();
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(region).httpClient(http)
            .credentialsProvider(creds).build();
        StsClient sts = StsClient.builder().endpointOverride(endpoint).region(region).httpClient(http)
            .credentialsProvider(creds).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(region).httpClient(http)
            .credentialsProvider(creds).build();
        var operatorClients = new AwsClients(E2eEnvironment.get().operatorConfig(Map.of("AWS_ENDPOINT_URL",
            endpoint.toString())), region.id(), new AccountAccess.StaticKeys(KEY, "secret", null));
        Ec2Client own = fx.ec2(endpoint, 3)) {
      assertThat(sts.getCallerIdentity().account()).as("the emulator takes any key").isNotBlank();

      layer.revokeKey(KEY);
      HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
          .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY + "/20260101/" + region.id()
              + "/ec2/aws4_request, SignedHeaders=host, Signature=0")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(raw.statusCode()).isEqualTo(401);
      assertThat(raw.body()).contains("<Response><Errors><Error><Code>AuthFailure</Code>");
      // the SDK's URLConnection client (the operator's) gets the status only: the JDK drops a 401's body on a POST
      assertThatThrownBy(ec2::describeInstances).isInstanceOfSatisfying(Ec2Exception.class,
          e -> assertThat(e.statusCode()).isEqualTo(401));
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
        assertThat(e.statusCode()).isEqualTo(403);
      });
      assertThatThrownBy(sqs::listQueues).isInstanceOfSatisfying(SqsException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(e.statusCode()).isEqualTo(400);
      });
      // the operator's path: what its clients make of either is a credential problem, never a refusal of a spec
      assertThatThrownBy(operatorClients::identity).isInstanceOfSatisfying(CloudException.class,
          e -> assertThat(e.errorCode()).isEqualTo("InvalidClientTokenId"));
      assertThatThrownBy(() -> new AwsEc2Gateway(operatorClients.ec2()).findDefaultVpc())
          .isInstanceOfSatisfying(CloudException.class, e -> assertThat(Ec2ErrorTable.credentialProblem(e.errorCode()))
              .as(e.errorCode()).isTrue());
      assertThat(own.describeInstances().reservations()).as("another key goes on").isNotNull();

      assertThat(layer.refusedFor(KEY)).as("one request per call: the SDK retries none of them").isEqualTo(Map.of(
          "DescribeInstances", 2L, "DescribeVpcs", 1L, "GetCallerIdentity", 2L, "ListQueues", 1L));
      assertThat(layer.stats().requests()).as("refused before EC2 looked: only the other key's call")
          .isEqualTo(Map.of("DescribeInstances", 1L));

      layer.restoreKey(KEY);
      assertThat(ec2.describeInstances().reservations()).isNotNull();
      assertThat(operatorClients.identity().accountId()).isNotBlank();
      assertThat(layer.refusedFor(KEY).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    } finally {
      http.close();
    }
  }
}

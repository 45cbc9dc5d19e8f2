package dev.fleet.ec2.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;

/** The poll's describe asks for small pages: the SDK holds each answer whole in memory while it parses it. */
class AwsEc2GatewayPagingTest {

  /** Stops each call before it is sent, keeping the request. */
  static final class Captured extends RuntimeException {
    Captured() {
      super("captured before sending");
    }
  }

  @Test
  void describesByTagInPagesOfAtMost250() {
    List<DescribeInstancesRequest> sent = new CopyOnWriteArrayList<>();
    ExecutionInterceptor capture = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof DescribeInstancesRequest r) {
          sent.add(r);
        }
        throw new Captured();
      }
    };
    try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9")).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(capture)).build()) {
      assertThatThrownBy(() -> new AwsEc2Gateway(ec2).describeInstancesByTag("ec2.fleet.dev/cluster", "c1"))
          .isNotNull();
    }
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).maxResults()).isEqualTo(AwsEc2Gateway.PAGE).isLessThanOrEqualTo(250);
  }
}

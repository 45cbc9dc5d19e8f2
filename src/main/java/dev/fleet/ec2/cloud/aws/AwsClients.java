package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.config.OperatorConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients from the operator configuration. The endpoint override is the SDK's
 * own, so the same code path serves real AWS and a local emulator.
 */
public final class AwsClients implements AutoCloseable {
  private final SdkHttpClient http;
  private final Ec2Client ec2;
  private final SqsClient sqs;

  public AwsClients(OperatorConfig config) {
    this(config, config.region());
  }

  /** The clients for {@code region}, with the operator's credentials and endpoint. */
  public AwsClients(OperatorConfig config, String region) {
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
    var builder = Ec2Client.builder()
        .region(Region.of(region))
        .httpClient(http)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofSeconds(60))
            .build());
    config.endpointOverride().ifPresent(builder::endpointOverride);
    this.ec2 = builder.build();
    var sqsBuilder = SqsClient.builder().region(Region.of(region)).httpClient(http)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
    config.endpointOverride().ifPresent(sqsBuilder::endpointOverride);
    this.sqs = sqsBuilder.build();
  }

  public SqsClient sqs() {
    return sqs;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  @Override
  public void close() {
    ec2.close();
    sqs.close();
    http.close();
  }
}

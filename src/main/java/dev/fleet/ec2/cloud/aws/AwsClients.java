package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CallerIdentity;
import dev.fleet.ec2.cloud.ParameterStore;
import dev.fleet.ec2.cloud.ServiceQuotas;
import dev.fleet.ec2.config.OperatorConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * Builds the AWS SDK clients from the operator configuration. The endpoint override is the SDK's
 * own, so the same code path serves real AWS and a local emulator.
 */
public final class AwsClients implements AutoCloseable {
  private static final String DEFAULT_SESSION = "ec2-fleet-operator";
  private final SdkHttpClient http;
  private final Ec2Client ec2;
  private final SqsClient sqs;
  private final SsmClient ssm;
  private final StsClient sts;
  /** The STS client that assumes the role (with the operator's own credentials), if this is a role. */
  private final StsClient roleSts;
  private final AwsCredentialsProvider credentials;
  private final ServiceQuotas serviceQuotas;
  private final ParameterStore parameters;

  public AwsClients(OperatorConfig config) {
    this(config, config.region());
  }

  /** The clients for {@code region}, with the operator's credentials and endpoint. */
  public AwsClients(OperatorConfig config, String region) {
    this(config, region, new AccountAccess.Own());
  }

  /** The clients for {@code region} in the account {@code access} reaches. */
  public AwsClients(OperatorConfig config, String region, AccountAccess access) {
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
    this.roleSts = access instanceof AccountAccess.AssumeRole ? sts(config, region,
        DefaultCredentialsProvider.builder().build()) : null;
    this.credentials = credentials(access, roleSts);
    var builder = Ec2Client.builder()
        .region(Region.of(region))
        .httpClient(http)
        .credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofSeconds(60))
            .build());
    config.endpointOverride().ifPresent(builder::endpointOverride);
    this.ec2 = builder.build();
    var sqsBuilder = SqsClient.builder().region(Region.of(region)).httpClient(http)
        .credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
    config.endpointOverride().ifPresent(sqsBuilder::endpointOverride);
    this.sqs = sqsBuilder.build();
    // imageIds that name a parameter (resolve:ssm:...): each resource asks once; adaptive, as many may ask at once
    var ssmBuilder = SsmClient.builder().region(Region.of(region)).httpClient(http).credentialsProvider(credentials)
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofSeconds(30)).build());
    config.endpointOverride().ifPresent(ssmBuilder::endpointOverride);
    this.ssm = ssmBuilder.build();
    this.parameters = new AwsParameterStore(ssm);
    this.sts = sts(config, region, credentials);
    this.serviceQuotas = new AwsServiceQuotas(http, credentials, region, config.endpointOverride());
  }

  private StsClient sts(OperatorConfig config, String region, AwsCredentialsProvider with) {
    var b = StsClient.builder().region(Region.of(region)).httpClient(http).credentialsProvider(with)
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
            .apiCallTimeout(Duration.ofSeconds(30)).build());
    config.endpointOverride().ifPresent(b::endpointOverride);
    return b.build();
  }

  /** A role's credentials are fetched when first needed and again some minutes before they expire. */
  private static AwsCredentialsProvider credentials(AccountAccess access, StsClient roleSts) {
    if (access instanceof AccountAccess.Profile p) {
      return ProfileCredentialsProvider.builder().profileName(p.name()).build();
    }
    if (access instanceof AccountAccess.StaticKeys k) {
      return StaticCredentialsProvider.create(k.sessionToken() == null
          ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())
          : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey(), k.sessionToken()));
    }
    if (access instanceof AccountAccess.AssumeRole r) {
      return StsAssumeRoleCredentialsProvider.builder().stsClient(roleSts)
          .refreshRequest(AssumeRoleRequest.builder().roleArn(r.roleArn()).externalId(r.externalId())
              .roleSessionName(r.sessionName() != null ? r.sessionName() : DEFAULT_SESSION)
              .durationSeconds(r.duration() == null ? null : (int) r.duration().toSeconds()).build())
          .build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** GetCallerIdentity with these credentials: who the operator is in the account (or STS's refusal). */
  public CallerIdentity identity() {
    var answer = AwsErrors.call("GetCallerIdentity", () -> sts.getCallerIdentity(GetCallerIdentityRequest.builder()
        .build()));
    return new CallerIdentity(answer.account(), answer.arn());
  }

  public SqsClient sqs() {
    return sqs;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public ServiceQuotas serviceQuotas() {
    return serviceQuotas;
  }

  /** Systems Manager parameters of this account and region (what a resolve:ssm: imageId names). */
  public ParameterStore parameters() {
    return parameters;
  }

  @Override
  public void close() {
    ec2.close();
    sqs.close();
    ssm.close();
    sts.close();
    if (credentials instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing held beyond memory
      }
    }
    if (roleSts != null) {
      roleSts.close();
    }
    http.close();
  }
}

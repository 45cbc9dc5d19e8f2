package dev.fleet.ec2.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ServiceQuotas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

/**
 * GetServiceQuota as one SigV4-signed JSON request over the SDK's own HTTP client, signer and credentials.
 * Why not the SDK's {@code servicequotas} client: it is not published at the SDK version this operator is
 * built with, and this single read does not justify mixing SDK versions. Same endpoint override as the other
 * clients, so the emulator path is the real path.
 */
final class AwsServiceQuotas implements ServiceQuotas {
  static final String ACTION = "GetServiceQuota";
  private static final String SIGNING_NAME = "servicequotas";
  private static final String TARGET = "ServiceQuotasV20190624." + ACTION;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final URI endpoint;

  AwsServiceQuotas(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
      Optional<URI> endpointOverride) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpointOverride.orElseGet(() -> URI.create("https://"
        + ServiceMetadata.of(SIGNING_NAME).endpointFor(Region.of(region))));
  }

  @Override
  public double appliedQuota(String serviceCode, String quotaCode) {
    JsonNode answer = post(Map.of("ServiceCode", serviceCode, "QuotaCode", quotaCode));
    JsonNode value = answer.path("Quota").path("Value");
    if (!value.isNumber()) {
      throw new CloudException(CloudErrorKind.RETRYABLE, ACTION, "NoValue", "Service Quotas answered for "
          + serviceCode + "/" + quotaCode + " without a value", null);
    }
    return value.asDouble();
  }

  private JsonNode post(Map<String, String> parameters) {
    try {
      byte[] body = JSON.writeValueAsBytes(parameters);
      SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
          .encodedPath(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
          .putHeader("Content-Type", "application/x-amz-json-1.1")
          .putHeader("X-Amz-Target", TARGET)
          .build();
      AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
      SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
          .payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
          .contentStreamProvider(signed.payload().orElse(null)).build()).call();
      JsonNode answer = read(response);
      int status = response.httpResponse().statusCode();
      if (status / 100 == 2) {
        return answer;
      }
      throw refusal(status, answer);
    } catch (CloudException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CloudException(CloudErrorKind.RETRYABLE, ACTION, "ClientError", String.valueOf(e.getMessage()), e);
    }
  }

  private static JsonNode read(HttpExecuteResponse response) throws IOException {
    Optional<? extends InputStream> body = response.responseBody();
    if (body.isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }
  }

  /** AWS JSON errors: {@code __type} is the code, possibly prefixed with a namespace ("...#NoSuchResourceException"). */
  private static CloudException refusal(int status, JsonNode answer) {
    String type = answer.path("__type").asText("");
    String code = type.isEmpty() ? "HTTP" + status : type.substring(type.indexOf('#') + 1);
    String message = answer.hasNonNull("message") ? answer.get("message").asText()
        : answer.path("Message").asText("Service Quotas answered HTTP " + status);
    return new CloudException(AwsErrors.classify(code, status), ACTION, code, message, null);
  }
}

package dev.fleet.ec2.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The emulator's own record of every request it served: an independent count of the EC2 calls the
 * operator made, not taken from the operator's metrics.
 */
public final class EmulatorRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The region in a SigV4 Authorization header: Credential=KEY/DATE/REGION/SERVICE/aws4_request. */
  private static final java.util.regex.Pattern CREDENTIAL_SCOPE =
      java.util.regex.Pattern.compile("Credential=[^/]+/[0-9]+/([a-z0-9-]+)/");
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  public EmulatorRecorder(E2eEnvironment env) {
    this.endpoint = env.ec2Endpoint();
  }

  public void start() throws IOException, InterruptedException {
    post("/moto-api/recorder/reset-recording");
    post("/moto-api/recorder/start-recording");
  }

  /**
   * One recorded request: the region it was signed for, its URL-decoded form body, and its X-Amz-Target header
   * (how JSON-protocol services such as SQS name the action: {@code AmazonSQS.ReceiveMessage}; empty for EC2).
   */
  public record Call(String region, String body, String target) {}

  /** Stops recording and returns the URL-decoded form body of each EC2 request, in order. */
  public List<String> stop() throws IOException, InterruptedException {
    return stopCalls().stream().map(Call::body).toList();
  }

  /** Stops recording and returns each request with the region of its signature, in order. */
  public List<Call> stopCalls() throws IOException, InterruptedException {
    post("/moto-api/recorder/stop-recording");
    return recorded();
  }

  /** What was recorded so far, recording going on. */
  public List<Call> recorded() throws IOException, InterruptedException {
    String lines = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/recorder/download-recording")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    List<Call> calls = new ArrayList<>();
    for (String line : lines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = JSON.readTree(line);
      String body = entry.path("body").asText("");
      if (entry.path("body_encoded").asBoolean(false)) {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      }
      var scope = CREDENTIAL_SCOPE.matcher(entry.path("headers").path("Authorization").asText(""));
      String target = "";
      for (var header : (Iterable<java.util.Map.Entry<String, JsonNode>>) entry.path("headers")::fields) {
        target = header.getKey().equalsIgnoreCase("X-Amz-Target") ? header.getValue().asText() : target;
      }
      calls.add(new Call(scope.find() ? scope.group(1) : "", URLDecoder.decode(body, StandardCharsets.UTF_8),
          target));
    }
    return calls;
  }

  public static long count(List<String> bodies, String action) {
    return bodies.stream().filter(b -> b.startsWith("Action=" + action + "&")).count();
  }

  private void post(String path) throws IOException, InterruptedException {
    var r = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
  }
}

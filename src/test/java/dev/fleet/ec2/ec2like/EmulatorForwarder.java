package dev.fleet.ec2.ec2like;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a client's request on to the emulator as it came (method, path, headers, body) and brings its
 * answer back. Hop-by-hop headers belong to each connection and are not passed on, either way.
 */
final class EmulatorForwarder {
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade", "keep-alive", "proxy-connection", "te", "trailer");
  /** Set by the layer's own HTTP server on its answers. */
  private static final Set<String> OWN_HEADERS = Set.of("date");

  private final URI target;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  EmulatorForwarder(URI target) {
    this.target = target;
  }

  /** The emulator's answer; 502 with no body when it cannot be reached. */
  HttpAnswer forward(IncomingRequest request) {
    HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(request.pathAndQuery()))
        .timeout(Duration.ofSeconds(60))
        .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> {
          try {
            forward.header(name, v);
          } catch (IllegalArgumentException restricted) {
            // a header the JDK client sets itself
          }
        });
      }
    });
    try {
      HttpResponse<byte[]> r = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, List<String>> headers = new LinkedHashMap<>();
      r.headers().map().forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!HOP_HEADERS.contains(lower) && !OWN_HEADERS.contains(lower) && !name.startsWith(":")) {
          headers.put(name, values);
        }
      });
      return new HttpAnswer(r.statusCode(), headers, r.body());
    } catch (IOException e) {
      return new HttpAnswer(502, Map.of(), new byte[0]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HttpAnswer(502, Map.of(), new byte[0]);
    }
  }
}

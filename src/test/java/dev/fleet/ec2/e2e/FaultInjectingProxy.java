package dev.fleet.ec2.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the emulator that answers the next N requests for one EC2 action
 * with an EC2 error, as real EC2 does under throttling or capacity shortage, and forwards the rest.
 * The operator reaches it through the same endpoint override as the emulator itself.
 */
public final class FaultInjectingProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade");
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI target;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger seen = new AtomicInteger();
  private volatile String action = "";
  private volatile String code = "";
  private volatile int status;
  private volatile boolean outage;
  private volatile boolean loseAnswers;
  private final java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FaultInjectingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} requests for {@code ec2Action} fail with {@code httpStatus} and {@code errorCode}. */
  public void fail(String ec2Action, int times, int httpStatus, String errorCode) {
    action = ec2Action;
    status = httpStatus;
    code = errorCode;
    seen.set(0);
    bodies.clear();
    loseAnswers = false;
    failuresLeft.set(times);
  }

  /**
   * The next {@code times} requests for {@code ec2Action} reach the emulator, which acts on them, but
   * the caller gets {@code httpStatus} and {@code errorCode} instead of the answer: a reply lost on the way.
   */
  public void loseAnswers(String ec2Action, int times, int httpStatus, String errorCode) {
    fail(ec2Action, times, httpStatus, errorCode);
    loseAnswers = true;
  }

  /** The bodies of the requests for the failing action seen since {@link #fail} or {@link #loseAnswers}. */
  public java.util.List<String> bodies() {
    return java.util.List.copyOf(bodies);
  }

  /** Every request fails with {@code httpStatus} and {@code errorCode} until {@link #heal}: EC2 down. */
  public void failAll(int httpStatus, String errorCode) {
    status = httpStatus;
    code = errorCode;
    outage = true;
  }

  public void heal() {
    outage = false;
  }

  /** Requests for the failing action seen since {@link #fail}, failed or forwarded. */
  public int seen() {
    return seen.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String form = new String(body, StandardCharsets.UTF_8);
    boolean failing = outage;
    if (form.startsWith("Action=" + action + "&")) {
      seen.incrementAndGet();
      bodies.add(form);
      failing |= failuresLeft.getAndDecrement() > 0;
    }
    if (failing) {
      if (loseAnswers && !outage) {
        forward(ex, body);
      }
      reply(ex, status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
          + "</Code><Message>injected " + code + "</Message></Error></Errors><RequestID>e2e</RequestID></Response>")
          .getBytes(StandardCharsets.UTF_8), "text/xml");
      return;
    }
    HttpResponse<byte[]> r = forward(ex, body);
    if (r == null) {
      reply(ex, 502, new byte[0], "text/plain");
    } else {
      reply(ex, r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse("text/xml"));
    }
  }

  /** The emulator's answer, or null when interrupted. */
  private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException {
    HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
        .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders().forEach((k, values) -> {
      if (!HOP_HEADERS.contains(k.toLowerCase())) {
        values.forEach(v -> forward.header(k, v));
      }
    });
    try {
      return client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void reply(HttpExchange ex, int status, byte[] body, String type) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

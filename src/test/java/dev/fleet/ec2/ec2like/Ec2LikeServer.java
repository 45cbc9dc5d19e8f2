package dev.fleet.ec2.ec2like;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An EC2 that behaves like EC2, in front of the emulator: a loopback HTTP server that the AWS SDK
 * reaches through its endpoint override, and that forwards to the emulator (moto) adding what moto
 * lacks: client-token idempotency, eventual consistency of new resources, throttling, server errors,
 * dropped connections and lost answers (see {@link Ec2Behaviour}). Only EC2 Query calls get this;
 * everything else (SQS, IAM, the emulator's own API) passes through untouched, unless it is signed with a
 * revoked access key ({@link #revokeKey}), which every service refuses, or asks Service Quotas for a quota a
 * test set ({@link #answerServiceQuota}).
 *
 * <p>Its own endpoints: {@code GET /_ec2like/stats} (JSON, keys sorted) and
 * {@code POST /_ec2like/faults?enabled=true|false}. Runs standalone too, with only JDK classes:
 * {@code java -cp target/test-classes dev.fleet.ec2.ec2like.Ec2LikeServer --target=http://127.0.0.1:PORT ...}.
 */
public final class Ec2LikeServer implements AutoCloseable {
  private static final int THREADS = 32;
  private static final String USAGE = "usage: Ec2LikeServer --target=http://127.0.0.1:PORT [--port=0] [--seed=N]"
      + " [--visibility-delay=2s] [--throttle-rate=0.2] [--server-error-rate=0.05] [--reset-rate=0.01]"
      + " [--lost-answer-rate=0.01] [--latency-ms=0-50] [--max-lifetime=30m] [--max-requests=N]";

  private final Ec2LikeSettings settings;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timer;
  private final EmulatorForwarder emulator;
  private final CallStats stats = new CallStats();
  private final ScriptedFaults scripted = new ScriptedFaults();
  private final RevokedKeys revokedKeys = new RevokedKeys();
  private final ServiceQuotaAnswers quotas = new ServiceQuotaAnswers();
  private final Ec2Behaviour ec2;
  private final AtomicLong proxied = new AtomicLong();
  private final Map<String, Consumer<Map<String, String>>> beforeAnswering = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Ec2LikeServer(Ec2LikeSettings settings) throws IOException {
    this.settings = settings;
    this.emulator = new EmulatorForwarder(settings.target());
    this.ec2 = new Ec2Behaviour(settings, emulator, stats, scripted);
    AtomicInteger n = new AtomicInteger();
    handlers = Executors.newFixedThreadPool(THREADS, r -> daemon(r, "ec2like-" + n.incrementAndGet()));
    timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ec2like-timer"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 128);
    server.setExecutor(handlers);
    server.createContext("/", this::proxy);
    server.createContext("/_ec2like/", this::control);
    server.start();
    if (!settings.maxLifetime().isZero()) {
      timer.schedule(this::close, settings.maxLifetime().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts a server listening on 127.0.0.1. */
  public static Ec2LikeServer start(Ec2LikeSettings settings) throws IOException {
    return new Ec2LikeServer(settings);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public long seed() {
    return settings.seed();
  }

  public Ec2LikeSettings settings() {
    return settings;
  }

  /** Random faults and the visibility delay on or off at run time; client tokens and scripted faults stay. */
  public void setFaultsEnabled(boolean enabled) {
    ec2.setFaultsEnabled(enabled);
  }

  public CallStats.Snapshot stats() {
    return stats.snapshot();
  }

  /** The next {@code times} calls of {@code ec2Action} fail with {@code httpStatus} and {@code errorCode}. */
  public void fail(String ec2Action, int times, int httpStatus, String errorCode) {
    scripted.fail(ec2Action, times, httpStatus, errorCode);
  }

  /** Like {@link #fail}, only for the calls that ask for instance type {@code type}, with EC2's message. */
  public void failInstanceType(String ec2Action, String type, int times, int httpStatus, String errorCode,
      String errorMessage) {
    scripted.failInstanceType(ec2Action, type, times, httpStatus, errorCode, errorMessage);
  }

  /** The next {@code times} calls of {@code ec2Action} reach the emulator, which acts on them, but their answer is lost. */
  public void loseAnswers(String ec2Action, int times, int httpStatus, String errorCode) {
    scripted.loseAnswers(ec2Action, times, httpStatus, errorCode);
  }

  /** The form bodies of the scripted action's calls since {@link #fail} or {@link #loseAnswers}. */
  public List<String> bodies() {
    return scripted.bodies();
  }

  /** Every EC2 call fails with {@code httpStatus} and {@code errorCode} until {@link #heal}: EC2 down. */
  public void failAll(int httpStatus, String errorCode) {
    scripted.failAll(httpStatus, errorCode);
  }

  public void heal() {
    scripted.heal();
  }

  /**
   * Every request signed with {@code accessKeyId} (SigV4), to any service, is refused as AWS refuses a key that
   * no longer works (EC2 401 AuthFailure, STS 403 InvalidClientTokenId) until {@link #restoreKey}; it never
   * reaches the emulator, nor counts among the EC2 calls of {@link #stats}.
   */
  public void revokeKey(String accessKeyId) {
    revokedKeys.revoke(accessKeyId);
  }

  public void restoreKey(String accessKeyId) {
    revokedKeys.restore(accessKeyId);
  }

  /** The requests refused for {@code accessKeyId} since this server started, by action (STS's and EC2's alike). */
  public SortedMap<String, Long> refusedFor(String accessKeyId) {
    return revokedKeys.refused(accessKeyId);
  }

  /**
   * Service Quotas' GetServiceQuota for {@code serviceCode}/{@code quotaCode} answers {@code value}, as AWS does
   * for an account (the emulator knows VPC's quotas only); other quotas still reach the emulator.
   */
  public void answerServiceQuota(String serviceCode, String quotaCode, double value) {
    quotas.set(serviceCode, quotaCode, value);
  }

  /** Each GetServiceQuota request so far: "ec2/L-1216C47A signed for servicequotas in us-east-1". */
  public List<String> serviceQuotaRequests() {
    return quotas.asked();
  }

  /**
   * Runs {@code hook} with the parameters of each call of {@code ec2Action} that EC2 carried out, before its
   * answer goes back: someone else acting on the account while the caller waits for that answer.
   */
  public void beforeAnswering(String ec2Action, Consumer<Map<String, String>> hook) {
    beforeAnswering.put(ec2Action, hook);
  }

  /** Calls of the scripted action since {@link #fail} or {@link #loseAnswers}, failed or forwarded. */
  public int seen() {
    return scripted.seen();
  }

  /** Blocks until the server has stopped (closed, lifetime over or request limit reached). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      handlers.shutdownNow();
      timer.shutdownNow();
      stopped.countDown();
    }
  }

  private void proxy(HttpExchange ex) throws IOException {
    try (ex) {
      long n = proxied.incrementAndGet();
      if (settings.maxRequests() > 0 && n > settings.maxRequests()) {
        return; // stopping: closed without an answer
      }
      IncomingRequest request = new IncomingRequest(ex.getRequestMethod(), ex.getRequestURI().toString(),
          ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
      Optional<QueryRequest> call = QueryRequest.parseEc2(request.method(), request.body());
      Optional<HttpAnswer> refused = revokedKeys.refuse(request); // AWS authenticates before anything else
      Optional<HttpAnswer> quota = refused.isPresent() ? Optional.empty() : quotas.answer(request);
      HttpAnswer answer;
      if (refused.isPresent()) {
        answer = refused.get();
      } else if (quota.isPresent()) {
        answer = quota.get();
      } else if (call.isPresent()) {
        answer = ec2.answer(request, call.get());
        var hook = beforeAnswering.get(call.get().action());
        if (hook != null && answer.status() == 200) {
          hook.accept(call.get().params());
        }
      } else {
        stats.passedThrough.increment();
        answer = emulator.forward(request);
      }
      send(ex, answer);
      if (n == settings.maxRequests()) {
        timer.execute(this::close);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    }
  }

  private void control(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if ("/_ec2like/stats".equals(path) && "GET".equals(method)) {
        send(ex, HttpAnswer.json(200, stats.snapshot().toJson(ec2.faultsEnabled(), settings.seed())));
      } else if ("/_ec2like/faults".equals(path) && "POST".equals(method)) {
        String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
        if (query.equals("enabled=true") || query.equals("enabled=false")) {
          ec2.setFaultsEnabled(query.endsWith("true"));
          send(ex, HttpAnswer.json(200, "{\"faults-enabled\":" + ec2.faultsEnabled() + "}"));
        } else {
          send(ex, HttpAnswer.json(400, "{\"error\":\"use ?enabled=true or ?enabled=false\"}"));
        }
      } else {
        send(ex, HttpAnswer.json(404, "{\"error\":\"GET /_ec2like/stats or POST /_ec2like/faults?enabled=...\"}"));
      }
    }
  }

  /**
   * Writes the answer. {@link HttpAnswer#DROP_CONNECTION} closes the exchange before any header was
   * sent, which makes the JDK server close the socket: the client reads end-of-stream where the status
   * line should be, an I/O error the SDK retries.
   */
  private static void send(HttpExchange ex, HttpAnswer answer) throws IOException {
    if (answer == HttpAnswer.DROP_CONNECTION) {
      ex.close();
      return;
    }
    answer.headers().forEach((name, values) -> ex.getResponseHeaders().put(name, List.copyOf(values)));
    byte[] body = answer.body();
    ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The CLI: prints {@code EC2LIKE_ENDPOINT=http://127.0.0.1:<port> seed=<seed>} once listening, then serves. */
  public static void main(String[] args) throws Exception {
    Ec2LikeSettings settings;
    try {
      settings = Ec2LikeSettings.fromArgs(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ec2like: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Ec2LikeServer server = start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ec2like-shutdown")); // SIGTERM
    System.out.println("EC2LIKE_ENDPOINT=" + server.endpoint() + " seed=" + server.seed());
    System.out.flush();
    server.awaitStopped();
    System.exit(0);
  }
}

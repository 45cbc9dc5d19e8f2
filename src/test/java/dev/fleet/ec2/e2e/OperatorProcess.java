package dev.fleet.ec2.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/** The operator as its own process (java -jar), as it runs in a pod; killable with SIGKILL. */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private OperatorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static OperatorProcess start(E2eEnvironment env, String name, Map<String, String> settings)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = E2eEnvironment.ROOT.resolve("target/" + name + ".log");
    ProcessBuilder pb = new ProcessBuilder("java", "-jar",
        E2eEnvironment.ROOT.resolve("target/ec2-fleet-operator.jar").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    env.vars().forEach((k, v) -> {
      if (!"PATH".equals(k)) {
        pb.environment().put(k, v);
      }
    });
    pb.environment().put("HTTP_ADDRESS", "127.0.0.1");
    pb.environment().put("HTTP_PORT", Integer.toString(port));
    pb.environment().putAll(settings);
    OperatorProcess op = new OperatorProcess(pb.start(), port, log);
    Awaitility.await(name + " answering").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> op.get("/healthz").statusCode() == 200);
    return op;
  }

  public String metrics() throws Exception {
    return get("/metrics").body();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook, no lease release. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}

package dev.fleet.ec2.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** The operator as its own process (java -jar), as it runs in a pod; killable with SIGKILL. */
public final class OperatorProcess implements AutoCloseable {
  /** The startup line naming the HTTP port (in JSON logs, slashes come escaped). */
  private static final Pattern LISTENING = Pattern.compile("metrics on http:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");
  private final Process process;
  private final Path log;
  private volatile int port;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the jar on an HTTP port the operator picks itself (HTTP_PORT=0) and reads back from its log:
   * a port picked here could be taken before the new process binds it.
   */
  public static OperatorProcess start(E2eEnvironment env, String name, Map<String, String> settings)
      throws IOException {
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
    pb.environment().put("HTTP_PORT", "0");
    pb.environment().putAll(settings);
    OperatorProcess op = new OperatorProcess(pb.start(), log);
    Awaitility.await(name + " answering").atMost(Duration.ofSeconds(60))
        .until(() -> {
          if (!op.process.isAlive()) {
            throw new IllegalStateException(name + " exited: " + Files.readString(log));
          }
          Matcher m = LISTENING.matcher(Files.readString(log));
          if (!m.find()) {
            return false;
          }
          op.port = Integer.parseInt(m.group(1));
          try {
            return op.get("/healthz").statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
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

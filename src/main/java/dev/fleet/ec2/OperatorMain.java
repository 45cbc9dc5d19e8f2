package dev.fleet.ec2;

import dev.fleet.ec2.config.ConfigException;
import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: read the configuration, start the operator, stop it cleanly on SIGTERM / Ctrl-C. */
public final class OperatorMain {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.load(System.getenv(), args);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("ec2-fleet-operator starting: {}", config.describe());

    KubernetesClient kube = new KubernetesClientBuilder().build();
    // Installed before start, so that Ctrl-C while starting also stops cleanly.
    AtomicReference<OperatorRuntime> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("ec2-fleet-operator stopping");
      OperatorRuntime r = running.get();
      if (r != null) {
        r.close();
      }
      kube.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      running.set(OperatorRuntime.start(config, kube));
    } catch (BindException e) {
      exit("port " + config.httpPort() + " on " + config.httpAddress()
          + " is in use: stop what holds it or choose another with --http-port or HTTP_PORT");
    } catch (IllegalStateException e) {
      exit(e.getMessage());
    } catch (Exception e) {
      exit("could not start: " + oneLine(e) + " (Kubernetes API: " + kube.getMasterUrl() + ")");
    }
    log.info("ec2-fleet-operator running; health, readiness and metrics on http://{}:{}/",
        config.httpAddress(), running.get().httpPort());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void exit(String message) {
    System.err.println("error: " + message);
    System.exit(1);
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = e.getMessage() + (root != e ? " (" + root + ")" : "");
    return msg.replace('\n', ' ');
  }
}

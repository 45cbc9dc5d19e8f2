package dev.fleet.ec2;

import dev.fleet.ec2.access.AwsTemplate;
import dev.fleet.ec2.access.IamPolicyDocument;
import dev.fleet.ec2.access.IamPolicyRequest;
import dev.fleet.ec2.config.ConfigException;
import dev.fleet.ec2.config.LogSettings;
import dev.fleet.ec2.config.OperatorConfig;
import dev.fleet.ec2.spotfleet.SpotFleetRequestConverter;
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
    if (args.length > 0 && "convert-spot-fleet".equals(args[0])) {
      System.exit(convertSpotFleet(args));
    }
    if (args.length > 0 && "iam-policy".equals(args[0])) {
      System.exit(iamPolicy(args));
    }
    if (args.length > 0 && "aws-template".equals(args[0])) {
      System.exit(awsTemplate(args));
    }
    OperatorConfig config;
    try {
      LogSettings.check(System.getenv(), System::getProperty);
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

  /** convert-spot-fleet CONFIG.json [NAME]: prints the SpotFleet YAML; reshaped and unsupported fields go to stderr. */
  static int convertSpotFleet(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: java -jar ec2-fleet-operator.jar convert-spot-fleet CONFIG.json [NAME]");
      return 2;
    }
    try {
      String json = java.nio.file.Files.readString(java.nio.file.Path.of(args[1]));
      var result = SpotFleetRequestConverter.convert(json, args.length > 2 ? args[2] : "converted-fleet");
      System.out.print(io.fabric8.kubernetes.client.utils.Serialization.asYaml(result.fleet()));
      result.notes().forEach(n -> System.err.println("note: " + n));
      result.unsupported().forEach(f -> System.err.println("warning: not converted: " + f));
      return 0;
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("error: cannot convert " + args[1] + ": " + e.getMessage());
      return 1;
    }
  }

  /** iam-policy --cluster-name=NAME ...: prints the IAM policy for that installation. */
  static int iamPolicy(String[] args) {
    try {
      var request = IamPolicyRequest.parse(java.util.Arrays.asList(args).subList(1, args.length));
      System.out.print(new IamPolicyDocument(request).toJson());
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }

  /** aws-template: prints the CloudFormation template of the AWS side (manifests/aws/ec2-fleet-operator.yaml). */
  static int awsTemplate(String[] args) {
    if (args.length > 1) {
      System.err.println("usage: java -jar ec2-fleet-operator.jar aws-template > " + AwsTemplate.FILE
          + " (its parameters are given at deploy time)");
      return 2;
    }
    System.out.print(AwsTemplate.toYaml());
    return 0;
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

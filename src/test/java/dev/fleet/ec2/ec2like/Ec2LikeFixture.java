package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.e2e.E2eEnvironment;
import dev.fleet.ec2.e2e.Ec2InstanceResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Layers, SDK clients and emulator checks for {@link Ec2LikeServerIT}. Everything a test launches is
 * tagged with the test's run id; {@link #close} terminates it and deletes the test's groups in the
 * emulator, so that later test classes find it clean even after a failure.
 */
final class Ec2LikeFixture implements AutoCloseable {
  private static final String RUN_TAG = "ec2like-run";
  private static final String LABEL_TAG = "ec2like-label";

  /** A running CLI process and what it printed. */
  record Cli(Process process, CompletableFuture<String> stdoutLine) {
    String firstLine() throws Exception {
      return stdoutLine.get(60, TimeUnit.SECONDS);
    }

    URI endpoint() throws Exception {
      return URI.create(firstLine().replaceFirst("^EC2LIKE_ENDPOINT=(\\S+) .*$", "$1"));
    }

    String errors() throws IOException {
      return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What the client saw, call by call, and what the layer counted. */
  record FaultSequence(List<String> outcomes, CallStats.Snapshot stats) {}

  private final String run = "ec2like-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());
  private final List<String> groups = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private Ec2Client emulator;

  String run() {
    return run;
  }

  Ec2LikeSettings.Builder settings() {
    return Ec2LikeSettings.builder(E2eEnvironment.get().ec2Endpoint());
  }

  Ec2LikeServer layer(Ec2LikeSettings.Builder settings) {
    try {
      return register(Ec2LikeServer.start(settings.build()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An EC2 client like the operator's (URLConnection HTTP client), with at most {@code attempts} attempts, no backoff. */
  Ec2Client ec2(URI endpoint, int attempts) {
    var http = register(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
    return register(Ec2Client.builder().endpointOverride(endpoint).httpClient(http).region(region())
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(attempts).circuitBreakerEnabled(false).backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build()))
        .build());
  }

  SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(region())
        .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(DefaultCredentialsProvider.builder().build())
        .build();
  }

  /** The emulator itself, without the layer: what EC2 really holds. */
  synchronized Ec2Client emulator() {
    if (emulator == null) {
      emulator = ec2(E2eEnvironment.get().ec2Endpoint(), 3);
    }
    return emulator;
  }

  RunInstancesRequest launch(String clientToken, String type, String label) {
    return RunInstancesRequest.builder().imageId(Ec2InstanceResources.AMI).instanceType(type).minCount(1).maxCount(1)
        .clientToken(clientToken)
        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(
            x -> x.key(RUN_TAG).value(run), x -> x.key(LABEL_TAG).value(label)))
        .build();
  }

  /** This test's instances with {@code label} that the emulator holds, not terminated. */
  List<String> inEmulator(String label) {
    return ids(emulator(), label);
  }

  /** The same, as the layer answers a tag-filtered describe. */
  List<String> viaLayer(Ec2Client ec2, String label) {
    return ids(ec2, label);
  }

  private List<String> ids(Ec2Client ec2, String label) {
    return ec2.describeInstances(r -> r.filters(filter("tag:" + RUN_TAG, run), filter("tag:" + LABEL_TAG, label)))
        .reservations().stream().flatMap(r -> r.instances().stream())
        .filter(i -> i.state().name() != InstanceStateName.TERMINATED).map(Instance::instanceId).sorted().toList();
  }

  Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  String createGroup(Ec2Client ec2, String name) {
    String vpc = emulator().describeVpcs(r -> r.filters(filter("is-default", "true"))).vpcs().get(0).vpcId();
    String id = ec2.createSecurityGroup(r -> r.groupName(name).description("ec2like test").vpcId(vpc)).groupId();
    groups.add(id);
    return id;
  }

  void allowHttps(Ec2Client ec2, String group) {
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(443)
        .toPort(443).ipRanges(x -> x.cidrIp("10.0.0.0/8"))));
  }

  void assertNotFound(ThrowingCallable call, String code, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Ec2Exception.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
      assertThat(e.statusCode()).isEqualTo(400);
    });
  }

  HttpResponse<String> control(Ec2LikeServer layer, String method, String path) throws Exception {
    return control(layer.endpoint(), method, path);
  }

  HttpResponse<String> control(URI endpoint, String method, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** 30 reads through a layer with every kind of random fault, one SDK attempt each. */
  FaultSequence faultSequence(long seed) {
    Ec2LikeServer layer = layer(settings().seed(seed).throttleRate(0.25).serverErrorRate(0.2).resetRate(0.15)
        .latencyMs(0, 3));
    Ec2Client ec2 = ec2(layer.endpoint(), 1);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      try {
        ec2.describeInstances(r -> r.filters(filter("tag:" + RUN_TAG, run)));
        outcomes.add("ok");
      } catch (Ec2Exception e) {
        outcomes.add(e.awsErrorDetails().errorCode());
      } catch (SdkClientException e) {
        outcomes.add("io");
      }
    }
    layer.close();
    return new FaultSequence(outcomes, layer.stats());
  }

  /** The CLI in its own JVM, with nothing but the test classes on its class path (it must need only the JDK). */
  Cli startCli(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Path.of(URI.create(Ec2LikeServer.class.getProtectionDomain().getCodeSource().getLocation().toString()))
            .toString(), Ec2LikeServer.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    synchronized (processes) {
      processes.add(p);
    }
    var stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    return new Cli(p, CompletableFuture.supplyAsync(() -> {
      try {
        return stdout.readLine();
      } catch (IOException e) {
        return null;
      }
    }));
  }

  private Region region() {
    return Region.of(E2eEnvironment.get().vars().get("AWS_REGION"));
  }

  private <T extends AutoCloseable> T register(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Stops what the test started and removes what it made in the emulator; carries on past failures. */
  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
    Ec2Client direct = emulator();
    try {
      List<String> left = direct.describeInstances(r -> r.filters(filter("tag:" + RUN_TAG, run))).reservations()
          .stream().flatMap(r -> r.instances().stream())
          .filter(i -> i.state().name() != InstanceStateName.TERMINATED).map(Instance::instanceId).toList();
      if (!left.isEmpty()) {
        direct.terminateInstances(r -> r.instanceIds(left));
      }
    } catch (RuntimeException e) {
      System.err.println("ec2like cleanup: instances of " + run + ": " + e);
    }
    for (String group : groups) {
      try {
        direct.deleteSecurityGroup(r -> r.groupId(group));
      } catch (RuntimeException e) {
        System.err.println("ec2like cleanup: group " + group + ": " + e);
      }
    }
    List<AutoCloseable> all = new ArrayList<>(closeables);
    Collections.reverse(all);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("ec2like cleanup: " + e);
      }
    }
  }
}

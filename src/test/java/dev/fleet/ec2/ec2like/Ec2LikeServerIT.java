package dev.fleet.ec2.ec2like;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.e2e.E2eEnvironment;
import dev.fleet.ec2.e2e.E2eExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The EC2-like layer driven through the real AWS SDK, checked against the emulator behind it: client
 * tokens, hidden new resources, random and lost answers, dropped connections, replayable seeds, and
 * traffic that is not EC2 left alone.
 */
@ExtendWith(E2eExtension.class)
class Ec2LikeServerIT {
  private final Ec2LikeFixture fx = new Ec2LikeFixture();

  @AfterEach
  void cleanUp() {
    fx.close();
  }

  @Test
  void aClientTokenLaunchesOnceAndRefusesOtherParameters() throws IOException {
    Ec2LikeServer layer = fx.layer(fx.settings());
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 1);
    String token = fx.run() + "-token";

    String first = ec2.runInstances(fx.launch(token, "t3.micro", "token")).instances().get(0).instanceId();
    String again = ec2.runInstances(fx.launch(token, "t3.micro", "token")).instances().get(0).instanceId();
    assertThat(again).as("the same call again returns the first launch").isEqualTo(first);
    assertThat(fx.inEmulator("token")).containsExactly(first);

    assertThatThrownBy(() -> ec2.runInstances(fx.launch(token, "t3.small", "token")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch");
          assertThat(e.statusCode()).isEqualTo(400);
        });
    assertThat(fx.inEmulator("token")).containsExactly(first);
    var stats = layer.stats();
    assertThat(stats.requests("RunInstances")).isEqualTo(3);
    assertThat(stats.tokenReplays()).isEqualTo(1);
    assertThat(stats.tokenMismatches()).isEqualTo(1);
  }

  @Test
  void concurrentCallsWithOneTokenLaunchOnce() throws Exception {
    Ec2LikeServer layer = fx.layer(fx.settings());
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 1);
    String token = fx.run() + "-concurrent";
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<String>> calls = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
          () -> ec2.runInstances(fx.launch(token, "t3.micro", "concurrent")).instances().get(0).instanceId(), pool))
          .toList();
      List<String> ids = calls.stream().map(CompletableFuture::join).distinct().toList();
      assertThat(ids).hasSize(1);
      assertThat(fx.inEmulator("concurrent")).isEqualTo(ids);
      assertThat(layer.stats().tokenReplays()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void newInstancesAndGroupsAreHiddenAndNamingThemIsNotFound() throws IOException {
    Ec2LikeServer layer = fx.layer(fx.settings().visibilityDelay(Duration.ofMinutes(10)));
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 1);

    String groupName = fx.run() + "-sg";
    String group = fx.createGroup(ec2, groupName);
    fx.assertNotFound(() -> fx.allowHttps(ec2, group), "InvalidGroup.NotFound", "security group '" + group + "'");
    fx.assertNotFound(() -> ec2.describeSecurityGroups(r -> r.groupIds(group)), "InvalidGroup.NotFound", group);
    assertThat(ec2.describeSecurityGroups(r -> r.filters(fx.filter("group-name", groupName))).securityGroups())
        .as("a filtered describe leaves it out").isEmpty();
    assertThat(fx.emulator().describeSecurityGroups(r -> r.groupIds(group)).securityGroups())
        .as("the emulator has it all along").hasSize(1);
    fx.assertNotFound(() -> ec2.runInstances(fx.launch(null, "t3.micro", "in-group").toBuilder()
        .securityGroupIds(group).build()), "InvalidGroup.NotFound", group);
    assertThat(fx.inEmulator("in-group")).as("a launch into a hidden group launches nothing").isEmpty();

    String id = ec2.runInstances(fx.launch(null, "t3.micro", "hidden")).instances().get(0).instanceId();
    fx.assertNotFound(() -> ec2.describeInstances(r -> r.instanceIds(id)), "InvalidInstanceID.NotFound",
        "The instance ID '" + id + "' does not exist");
    assertThat(fx.viaLayer(ec2, "hidden")).as("a tag-filtered describe leaves it out").isEmpty();
    fx.assertNotFound(() -> ec2.createTags(r -> r.resources(id).tags(t -> t.key("k").value("v"))),
        "InvalidInstanceID.NotFound", id);
    fx.assertNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(id)), "InvalidInstanceID.NotFound", id);
    assertThat(fx.inEmulator("hidden")).containsExactly(id);
    assertThat(layer.stats().hiddenNotFound()).isEqualTo(6);

    layer.setFaultsEnabled(false); // the delay is a fault like the others: off, everything is visible
    assertThat(ec2.describeInstances(r -> r.instanceIds(id)).reservations()).hasSize(1);
    assertThat(fx.viaLayer(ec2, "hidden")).containsExactly(id);
    fx.allowHttps(ec2, group);
  }

  @Test
  void hiddenResourcesBecomeVisibleWhenTheDelayHasPassed() {
    Duration delay = Duration.ofSeconds(2);
    Ec2LikeServer layer = fx.layer(fx.settings().visibilityDelay(delay));
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 1);
    long before = System.nanoTime();
    String id = ec2.runInstances(fx.launch(null, "t3.micro", "delayed")).instances().get(0).instanceId();
    String groupName = fx.run() + "-delayed";
    String group = fx.createGroup(ec2, groupName);

    List<Duration> visibleAfter = new ArrayList<>();
    Awaitility.await("visible once the delay has passed").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          boolean seen = fx.viaLayer(ec2, "delayed").contains(id) && !ec2.describeSecurityGroups(
              r -> r.filters(fx.filter("group-name", groupName))).securityGroups().isEmpty();
          visibleAfter.add(Duration.ofNanos(System.nanoTime() - before)); // measured after the answers came
          return seen;
        });
    assertThat(visibleAfter.get(visibleAfter.size() - 1)).as("never visible before its delay")
        .isGreaterThanOrEqualTo(delay);
    assertThat(ec2.describeInstances(r -> r.instanceIds(id)).reservations()).hasSize(1);
    assertThat(ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups()).hasSize(1);
  }

  @Test
  void aLostAnswerLaunchedAndTheSameTokenGetsTheLaunchBack() throws IOException {
    Ec2LikeServer layer = fx.layer(fx.settings().seed(7).lostAnswerRate(1.0));
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 1);
    String token = fx.run() + "-lost";

    assertThatThrownBy(() -> ec2.runInstances(fx.launch(token, "t3.micro", "lost")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
          assertThat(e.statusCode()).isEqualTo(500);
        });
    List<String> launched = fx.inEmulator("lost");
    assertThat(launched).as("the emulator acted on the call whose answer was lost").hasSize(1);
    List<String> retried = ec2.runInstances(fx.launch(token, "t3.micro", "lost")).instances().stream()
        .map(Instance::instanceId).toList();
    assertThat(retried).as("the retry under the same token gets the first launch").isEqualTo(launched);
    assertThat(fx.inEmulator("lost")).isEqualTo(launched);
    assertThat(layer.stats().lostAnswers()).isEqualTo(1);
    assertThat(layer.stats().tokenReplays()).isEqualTo(1);

    // the SDK's own retry repeats the token it generated: one launch although every first answer is lost
    Ec2Client retrying = fx.ec2(layer.endpoint(), 3);
    String id = retrying.runInstances(fx.launch(null, "t3.micro", "sdk-retry")).instances().get(0).instanceId();
    assertThat(fx.inEmulator("sdk-retry")).containsExactly(id);
    assertThat(layer.stats().lostAnswers()).isEqualTo(2);
    assertThat(layer.stats().tokenReplays()).isEqualTo(2);
  }

  @Test
  void throttlingExhaustsTheSdkRetriesAndCanBeSwitchedOffAtRunTime() throws Exception {
    Ec2LikeServer layer = fx.layer(fx.settings().throttleRate(1.0));
    Ec2Client ec2 = fx.ec2(layer.endpoint(), 3);

    assertThatThrownBy(() -> ec2.describeInstances(r -> r.filters(fx.filter("tag:ec2like-run", fx.run()))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");
          assertThat(e.statusCode()).isEqualTo(503);
        });
    assertThat(layer.stats().throttles()).as("one per SDK attempt").isEqualTo(3);
    assertThat(layer.stats().requests("DescribeInstances")).isEqualTo(3);

    assertThat(fx.control(layer, "POST", "/_ec2like/faults?enabled=false").body()).isEqualTo("{\"faults-enabled\":false}");
    assertThat(ec2.describeInstances(r -> r.filters(fx.filter("tag:ec2like-run", fx.run()))).reservations()).isEmpty();
    assertThat(fx.control(layer, "POST", "/_ec2like/faults?enabled=maybe").statusCode()).isEqualTo(400);

    HttpResponse<String> stats = fx.control(layer, "GET", "/_ec2like/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(stats.body()).as("keys sorted, documented shape").matches("\\{\"faults\":\\{\"latency-ms\":0,"
        + "\"lost-answer\":0,\"reset\":0,\"scripted\":0,\"server-error\":0,\"throttle\":3},\"faults-enabled\":false,"
        + "\"hidden-not-found\":0,\"passed-through\":0,\"requests\":\\{\"DescribeInstances\":4},\"seed\":-?\\d+,"
        + "\"token-mismatches\":0,\"token-replays\":0}");
    layer.setFaultsEnabled(true);
    assertThatThrownBy(() -> ec2.describeInstances()).isInstanceOf(Ec2Exception.class);
  }

  @Test
  void aResetIsAnIoFailureTheSdkRetries() throws IOException {
    Ec2LikeServer layer = fx.layer(fx.settings().resetRate(1.0));

    assertThatThrownBy(() -> fx.ec2(layer.endpoint(), 1).runInstances(fx.launch(null, "t3.micro", "reset")))
        .isInstanceOf(SdkClientException.class).isNotInstanceOf(Ec2Exception.class)
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(fx.inEmulator("reset")).as("a reset call never reaches EC2").isEmpty();
    long perAttempt = layer.stats().resets(); // the JDK's HttpURLConnection itself resends a POST once
    assertThat(perAttempt).isPositive();

    assertThatThrownBy(() -> fx.ec2(layer.endpoint(), 3).describeInstances()).isInstanceOf(SdkClientException.class);
    assertThat(layer.stats().resets() - perAttempt).as("the SDK retried it: three attempts").isEqualTo(3 * perAttempt);
  }

  @Test
  void theSameSeedGivesTheSameFaults() {
    var first = fx.faultSequence(42);
    var second = fx.faultSequence(42);
    assertThat(second).isEqualTo(first);
    assertThat(first.outcomes()).as("every kind of fault happened").contains("ok", "RequestLimitExceeded", "io")
        .containsAnyOf("InternalError", "Unavailable");
    assertThat(first.stats().latencyMs()).isPositive();
    assertThat(fx.faultSequence(43).outcomes()).as("another seed, other faults").isNotEqualTo(first.outcomes());
  }

  @Test
  void trafficThatIsNotEc2PassesUntouched() throws Exception {
    Ec2LikeServer layer = fx.layer(fx.settings().throttleRate(1.0).serverErrorRate(1.0).resetRate(1.0)
        .lostAnswerRate(1.0).visibilityDelay(Duration.ofMinutes(10)));
    String queue = fx.run() + "-queue";
    try (SqsClient sqs = fx.sqs(layer.endpoint()); SqsClient direct = fx.sqs(E2eEnvironment.get().ec2Endpoint())) {
      String url = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
      try {
        assertThat(direct.getQueueUrl(r -> r.queueName(queue)).queueUrl()).isEqualTo(url);
      } finally {
        direct.deleteQueue(r -> r.queueUrl(url));
      }
    }
    HttpResponse<String> iam = HttpClient.newHttpClient().send(HttpRequest.newBuilder(layer.endpoint())
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request,"
            + " SignedHeaders=host, Signature=0")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListInstanceProfiles&Version=2010-05-08")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(iam.statusCode()).as("IAM's query API: " + iam.body()).isEqualTo(200);
    assertThat(layer.stats().requests()).as("no EC2 call among them").isEmpty();
    assertThat(layer.stats().passedThrough()).isEqualTo(2);
  }

  @Test
  void theCommandLineServesUntilItsRequestLimit() throws Exception {
    URI emulator = E2eEnvironment.get().ec2Endpoint();
    var cli = fx.startCli("--target=" + emulator, "--seed=99", "--throttle-rate=1.0", "--max-requests=2");
    assertThat(cli.firstLine()).matches("EC2LIKE_ENDPOINT=http://127\\.0\\.0\\.1:\\d+ seed=99");
    Ec2Client ec2 = fx.ec2(cli.endpoint(), 1);
    assertThatThrownBy(ec2::describeInstances).isInstanceOfSatisfying(Ec2Exception.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded"));
    assertThat(fx.control(cli.endpoint(), "GET", "/_ec2like/stats").body()).contains("\"seed\":99", "\"throttle\":1");
    fx.control(cli.endpoint(), "POST", "/_ec2like/faults?enabled=false");
    assertThat(ec2.describeInstances().reservations()).isNotNull();
    Awaitility.await("stops after its second proxied request").atMost(Duration.ofSeconds(30))
        .until(() -> !cli.process().isAlive());
    assertThat(cli.process().exitValue()).isZero();

    var term = fx.startCli("--target=" + emulator, "--visibility-delay=2s", "--latency-ms=0-5");
    assertThat(term.firstLine()).startsWith("EC2LIKE_ENDPOINT=");
    term.process().destroy(); // SIGTERM
    Awaitility.await("stops on SIGTERM").atMost(Duration.ofSeconds(30)).until(() -> !term.process().isAlive());

    var refused = fx.startCli("--target=http://10.1.2.3:5000");
    Awaitility.await("refuses a target that is not loopback").atMost(Duration.ofSeconds(30))
        .until(() -> !refused.process().isAlive());
    assertThat(refused.process().exitValue()).isEqualTo(2);
    assertThat(refused.errors()).contains("loopback");
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.AwsAccountResources.account;
import static dev.fleet.ec2.e2e.AwsAccountResources.awaitVerified;
import static dev.fleet.ec2.e2e.InterruptionMessages.spotInterruptionWarning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountSpec;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.ObservedInstance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A queue per (account, region): a SpotFleet in a second account and region hears the interruption queue its
 * AwsAccount names for that region, read with the account's credentials, and not the operator's own queue;
 * the queue is read only while something acts in that scope.
 */
@ExtendWith(E2eExtension.class)
class InterruptionQueuesIT {
  private static final String ROLE = "arn:aws:iam::444444444444:role/ec2-fleet";
  private static final String REGION = "eu-west-1";
  /** The emulator's Amazon Linux 2023 image in eu-west-1 (AMI ids are per region). */
  private static final String AMI = "ami-0841e304792db6a16";
  private static final String RECEIVE = "AmazonSQS.ReceiveMessage";
  private static final String DELETE = "AmazonSQS.DeleteMessage";

  @Test
  void aWarningOnTheAccountsQueueInItsRegionReplacesTheInstanceAndTheQueueIsReadOnlyWhileInUse(
      E2eEnvironment env, TestNamespace ns) throws Exception {
    var kube = env.client();
    String name = "q-" + ns.name();
    try (var own = new DirectEc2(env); var there = new DirectEc2(env, REGION,
        new AccountAccess.AssumeRole(ROLE, null, null, null))) {
      String homeQueue = own.sqs().createQueue(r -> r.queueName("home-" + ns.name())).queueUrl();
      // with the assumed credentials in eu-west-1: the emulator keeps queues per account and region
      String queue = there.sqs().createQueue(r -> r.queueName("eu-" + ns.name())).queueUrl();
      try (var operator = RunningOperator.start(env, Map.of("SPOT_PRICES", SpotFleetResources.PRICES,
          "INTERRUPTION_QUEUE_URL", homeQueue))) {
        kube.resource(account(name, ROLE, List.of(ns.name()))).create();
        awaitVerified(env, name, "444444444444");
        var fleets = kube.resources(SpotFleet.class).inNamespace(ns.name());
        String uid = fleets.resource(fleet(name)).create().getMetadata().getUid();
        var ready = SpotFleetResources.await(fleets.withName("f"), "fulfilled", f -> f.getStatus()
            .getFulfilledCapacity() != null && f.getStatus().getFulfilledCapacity() >= 2);
        Set<String> before = running(there, uid).stream().map(ObservedInstance::instanceId).collect(Collectors.toSet());
        String victim = before.iterator().next();
        assertThat(ready.getStatus().getReplacements()).isZero();

        // the warning waits on the queue until the account names it: the readers follow the account's edits
        var recorder = new EmulatorRecorder(env);
        recorder.start();
        there.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(spotInterruptionWarning(victim)));
        ConflictFreeEdit.edit(kube.resources(AwsAccount.class).withName(name), a -> {
          a.getSpec().setInterruptionQueues(List.of(new AwsAccountSpec.InterruptionQueue(REGION, queue)));
          return a;
        });
        SpotFleetResources.await(fleets.withName("f"), "warned and replaced", f ->
            SpotFleetResources.warnedOfInterruption(f, victim) && f.getStatus().getReplacements() != null
                && f.getStatus().getReplacements() >= 1);
        assertThat(running(there, uid)).extracting(ObservedInstance::instanceId).contains(victim)
            .anyMatch(id -> !before.contains(id));
        List<EmulatorRecorder.Call> calls = recorder.stopCalls();
        assertThat(calls).filteredOn(c -> c.target().equals(DELETE)).as("the warning was taken from the account's"
            + " queue, in its region, and nothing from the operator's own").isNotEmpty()
            .allSatisfy(c -> assertThat(c).satisfies(d -> assertThat(d.body()).contains("/eu-" + ns.name()),
                d -> assertThat(d.region()).isEqualTo(REGION)));
        assertThat(operator.metrics())
            .containsPattern("ec2fleet_interruption_messages_total\\{outcome=\"handled\",scope=\"" + name + "/"
                + REGION + "\"} 1\\.0")
            .doesNotContainPattern("ec2fleet_interruption_messages_total\\{[^}]*scope=\"" + env.region() + "\"");

        // the scope's last resource goes: so does the reading of its queue, while the home queue is still read
        fleets.withName("f").delete();
        Awaitility.await("fleet gone").atMost(Ec2InstanceResources.PATIENCE).until(() -> fleets.withName("f")
            .get() == null);
        recorder.start();
        Awaitility.await("the account's queue no longer read").during(Duration.ofSeconds(25))
            .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
            .until(() -> recorder.recorded().stream().noneMatch(c -> c.target().equals(RECEIVE)
                && c.body().contains("/eu-" + ns.name())));
        assertThat(recorder.stopCalls()).as("the recorder saw the home queue's long polls meanwhile")
            .anyMatch(c -> c.target().equals(RECEIVE) && c.body().contains("/home-" + ns.name()));
        kube.resources(AwsAccount.class).withName(name).delete();
        Awaitility.await("account gone").atMost(Duration.ofSeconds(30))
            .until(() -> kube.resources(AwsAccount.class).withName(name).get() == null);
      }
    }
  }

  @Test
  void theSchemaWantsOneQueuePerRegionWithAnHttpUrl(E2eEnvironment env, TestNamespace ns) {
    var accounts = env.client().resources(AwsAccount.class);
    String url = "https://sqs.eu-west-1.amazonaws.com/444444444444/q";
    Map<String, List<AwsAccountSpec.InterruptionQueue>> refused = Map.of(
        "a region is named twice", List.of(new AwsAccountSpec.InterruptionQueue(REGION, url),
            new AwsAccountSpec.InterruptionQueue(REGION, url + "2")),
        "spec.interruptionQueues[0].url: Required", List.of(new AwsAccountSpec.InterruptionQueue(REGION, null)),
        "spec.interruptionQueues[0].region: Required", List.of(new AwsAccountSpec.InterruptionQueue(null, url)),
        "spec.interruptionQueues[0].url: Invalid value", List.of(new AwsAccountSpec.InterruptionQueue(REGION, "sqs/q")));
    refused.forEach((why, queues) -> {
      var account = account("bad-" + ns.name(), ROLE, List.of(ns.name()));
      account.getSpec().setInterruptionQueues(queues);
      assertThatThrownBy(() -> accounts.resource(account).create()).as(why)
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
          .hasMessageContaining(why);
    });
    var good = account("good-" + ns.name(), ROLE, List.of(ns.name()));
    good.getSpec().setInterruptionQueues(List.of(new AwsAccountSpec.InterruptionQueue(REGION, url),
        new AwsAccountSpec.InterruptionQueue("us-west-2", "http://127.0.0.1:5000/444444444444/q")));
    accounts.resource(good).create();
    accounts.withName(good.getMetadata().getName()).delete();
  }

  /** Two spot pools per default subnet of the account's eu-west-1 VPC, two units. */
  private static SpotFleet fleet(String account) {
    var spec = new SpotFleetSpec();
    spec.setAccountRef(new AccountRef(account));
    spec.setRegion(REGION);
    spec.setTargetCapacity(2);
    spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.lowestPrice);
    spec.setLaunchSpecifications(List.of(launch("t3.small"), launch("t3.medium")));
    var f = new SpotFleet();
    f.setMetadata(new ObjectMetaBuilder().withName("f").build());
    f.setSpec(spec);
    return f;
  }

  private static LaunchSpecification launch(String type) {
    var ls = new LaunchSpecification();
    ls.setImageId(AMI);
    ls.setInstanceType(type);
    return ls;
  }

  private static List<ObservedInstance> running(DirectEc2 ec2, String uid) {
    return ec2.ownedBy(uid).stream().filter(i -> "running".equals(i.state())).toList();
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static dev.fleet.ec2.e2e.AwsAccountResources.account;
import static dev.fleet.ec2.e2e.AwsAccountResources.awaitVerified;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.account.AccountChoice;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two accounts in the emulator, each reached by AssumeRole from the operator's own credentials: an instance in
 * each (one by spec.accountRef, one by its namespace's default), each tagged and visible only in its account;
 * a third namespace the account does not allow is refused, and nothing is launched for it anywhere.
 */
@ExtendWith(E2eExtension.class)
class AccountsIT {
  private static final String ROLE_A = "arn:aws:iam::111111111111:role/ec2-fleet";
  private static final String ROLE_B = "arn:aws:iam::222222222222:role/ec2-fleet";

  @Test
  void anInstanceInEachAccountVisibleOnlyThereAndANamespaceRefused(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var kube = env.client();
    String nsB = ns.name() + "-b";
    String nsC = ns.name() + "-c";
    String acctA = "a-" + ns.name();
    String acctB = "b-" + ns.name();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(nsB)
        .withAnnotations(Map.of(AccountChoice.NAMESPACE_DEFAULT, acctB)).endMetadata().build()).create();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(nsC).endMetadata().build()).create();
    try (var operator = RunningOperator.start(env); var inA = new DirectEc2(env, env.region(),
        new AccountAccess.AssumeRole(ROLE_A, null, null, null)); var inB = new DirectEc2(env, env.region(),
        new AccountAccess.AssumeRole(ROLE_B, null, null, null)); var own = new DirectEc2(env)) {
      kube.resource(account(acctA, ROLE_A, List.of(ns.name()))).create();
      kube.resource(account(acctB, ROLE_B, List.of(nsB))).create();
      awaitVerified(env, acctA, "111111111111");
      awaitVerified(env, acctB, "222222222222");

      var a = instance("web", "t3.micro", Map.of());
      a.getSpec().setAccountRef(new AccountRef(acctA));
      var instancesA = new Ec2InstanceResources(env, ns);
      String uidA = instancesA.create(a).getMetadata().getUid();
      var instancesB = new Ec2InstanceResources(env, new TestNamespace(nsB));
      String uidB = instancesB.create(instance("web", "t3.micro", Map.of())).getMetadata().getUid();
      var refused = instance("web", "t3.micro", Map.of());
      refused.getSpec().setAccountRef(new AccountRef(acctA));
      var instancesC = new Ec2InstanceResources(env, new TestNamespace(nsC));
      String uidC = instancesC.create(refused).getMetadata().getUid();

      String idA = instancesA.awaitReady("web").getStatus().getInstanceId();
      Ec2Instance readyB = instancesB.awaitReady("web");
      String idB = readyB.getStatus().getInstanceId();
      assertThat(readyB.getStatus().getAccount()).as("the namespace's default, recorded").isEqualTo(acctB);
      instancesC.await("web", "refused", hasCondition("Terminal", "True", AccountChoice.NOT_ALLOWED));

      assertThat(inA.ownedBy(uidA)).extracting(ObservedInstance::instanceId).containsExactly(idA);
      assertThat(inA.instance(idA).tags()).containsEntry(OwnershipTags.OWNER_UID, uidA)
          .containsEntry(OwnershipTags.CLUSTER, RunningOperator.CLUSTER);
      assertThat(inB.ownedBy(uidB)).extracting(ObservedInstance::instanceId).containsExactly(idB);
      assertThat(inA.ownedBy(uidB)).as("B's instance is not in A").isEmpty();
      assertThat(inB.ownedBy(uidA)).as("A's instance is not in B").isEmpty();
      assertThat(own.ownedBy(uidA)).as("nor in the operator's own account").isEmpty();
      assertThat(own.ownedBy(uidB)).isEmpty();
      for (DirectEc2 anywhere : List.of(inA, inB, own)) {
        assertThat(anywhere.launchedFor(uidC)).as("nothing launched for the refused namespace").isEmpty();
      }

      // an account still in use is kept: deleting it waits for the resources acting in it
      var accounts = kube.resources(AwsAccount.class);
      accounts.withName(acctA).delete();
      Awaitility.await("account A kept while its instance exists").during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10)).until(() -> accounts.withName(acctA).get() != null);
      assertThat(kube.v1().events().inAnyNamespace().list().getItems()).anySatisfy(e -> {
        assertThat(e.getInvolvedObject().getName()).isEqualTo(acctA);
        assertThat(e.getReason()).isEqualTo("InUse");
      });

      // deleting terminates each in its own account; then the account goes
      instancesA.deleteAndAwaitGone("web");
      instancesB.deleteAndAwaitGone("web");
      instancesC.deleteAndAwaitGone("web");
      assertThat(inA.ownedBy(uidA)).isEmpty();
      assertThat(inB.ownedBy(uidB)).isEmpty();
      Awaitility.await("account A gone with its last user").atMost(Duration.ofSeconds(30))
          .until(() -> accounts.withName(acctA).get() == null);
      accounts.withName(acctB).delete();
      Awaitility.await("account B gone").atMost(Duration.ofSeconds(30))
          .until(() -> accounts.withName(acctB).get() == null);
    } finally {
      kube.namespaces().withName(nsB).delete();
      kube.namespaces().withName(nsC).delete();
    }
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.condition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static dev.fleet.ec2.e2e.Ec2InstanceResources.instance;
import static dev.fleet.ec2.e2e.SecurityGroupResources.group;
import static dev.fleet.ec2.e2e.SecurityGroupResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.account.AccountChoice;
import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountSpec;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An AwsAccount's static keys stop working while an instance and a security group act in it (the key is
 * revoked in the EC2-like layer, for EC2 and STS alike): the account shows STS's code, each resource waits for
 * it, the operator keeps asking at a bounded rate, and once the key works again everything is Ready with what it
 * had before, nothing relaunched.
 */
@ExtendWith(E2eExtension.class)
class AccountCredentialsIT {
  private static final String KEY = "AKIAREVOKETEST000001";
  private static final String STS_CODE = "InvalidClientTokenId";
  /** The operator's POLL_INTERVAL here: each (account, region) in use polls its instances and its groups this often. */
  private static final Duration POLL = Duration.ofSeconds(2);
  /** AwsAccountReconciler: a failed check is repeated after 15 s, doubling, at most every 10 minutes. */
  private static final Duration FIRST_RETRY = Duration.ofSeconds(15);
  private static final Duration RECHECK = Duration.ofMinutes(10);
  /** AwsAccountReconciler: an account whose credentials failed in EC2 is checked at once, unless checked this recently. */
  private static final Duration SOONEST_RECHECK = Duration.ofSeconds(30);
  /** For status writes, informers and a reconcile, on a busy machine. */
  private static final Duration SLACK = Duration.ofSeconds(15);

  @Test
  void aRevokedKeyShowsOnTheAccountAndItsResourcesWithoutAStormAndTheyRecover(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var kube = env.client();
    var accounts = kube.resources(AwsAccount.class);
    String name = "keys-" + ns.name();
    // the test's namespace is the operator's own (POD_NAMESPACE), where an AwsAccount's Secret is read
    kube.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("keys").endMetadata()
        .withStringData(Map.of("aws_access_key_id", KEY, "aws_secret_access_key", "made-up")).build()).create();
    try (var proxy = new FaultInjectingProxy(env.ec2Endpoint());
        var operator = RunningOperator.start(env, Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(),
            "POD_NAMESPACE", ns.name(), "POLL_INTERVAL", POLL.toSeconds() + "s"));
        var ec2 = new DirectEc2(env)) {
      accounts.resource(account(name, ns.name())).create();
      awaitAccount(env, name, "Ready", Duration.ofSeconds(45), c -> "True".equals(c.getStatus()));
      var instances = new Ec2InstanceResources(env, ns);
      var groups = new SecurityGroupResources(env, ns);
      var web = instance("web", "t3.micro", Map.of());
      web.getSpec().setAccountRef(new AccountRef(name));
      String uid = instances.create(web).getMetadata().getUid();
      var https = group("web", List.of(rule("tcp", 443, 443, "10.0.0.0/8", "https")));
      https.getSpec().setAccountRef(new AccountRef(name));
      groups.create(https);
      String instanceId = instances.awaitReady("web").getStatus().getInstanceId();
      String groupId = groups.awaitSynced("web").getStatus().getGroupId();

      long revokedAt = System.nanoTime();
      proxy.revokeKey(KEY);
      // Nothing but the scope's polls asks EC2 in the steady state; the first failed poll more than 30 s after the
      // account's last check (its creation) has it checked at once, and STS refuses the key.
      awaitAccount(env, name, "Ready=False with STS's code", SOONEST_RECHECK.plus(POLL).plus(SLACK),
          c -> "False".equals(c.getStatus()) && STS_CODE.equals(c.getReason()));
      // The account's informer wakes its resources, which wait for it and ask EC2 nothing.
      instances.await("web", "waiting for the account", i -> waiting(condition(i, Conditions.SYNCED).orElse(null)));
      groups.await("web", "waiting for the account", g -> waiting(g.getStatus().getConditions().stream()
          .filter(c -> Conditions.SYNCED.equals(c.getType())).findFirst().orElse(null)));
      proxy.restoreKey(KEY);
      Duration revoked = Duration.ofNanos(System.nanoTime() - revokedAt);

      Map<String, Long> refused = proxy.refusedFor(KEY);
      long checks = refused.getOrDefault("GetCallerIdentity", 0L);
      long seconds = revoked.toSeconds() + 2; // rounded up, and a second for a request on its way at revocation
      System.out.println("revoked for under " + seconds + " s; refused for the key: " + refused);
      // No storm, whatever the time revoked (T seconds):
      // - STS: after a failed check the next comes 15 s later, doubling; a check asked for by a failed EC2 call
      //   comes no sooner than 30 s after the last. So checks are at least 15 s apart: at most 1 + T/15.
      // - EC2: one instance poll and one group poll for the (account, region), each POLL after the previous one
      //   ended: at most 1 + T/POLL each. Resources ask nothing: in sync they make no call, waiting neither (so
      //   none of them retries with its 2 s doubling backoff, which would show as any other action here).
      assertThat(Set.of("GetCallerIdentity", "DescribeInstances", "DescribeSecurityGroups"))
          .as("actions refused for the revoked key over %s s: %s", seconds, refused).containsAll(refused.keySet());
      assertThat(checks).as("STS checks over %s s", seconds).isBetween(1L, 1 + seconds / FIRST_RETRY.toSeconds());
      for (String poll : List.of("DescribeInstances", "DescribeSecurityGroups")) {
        assertThat(refused.getOrDefault(poll, 0L)).as("%s over %s s", poll, seconds)
            .isBetween(1L, 1 + seconds / POLL.toSeconds());
      }

      // The next check is the one the backoff reached: 15 s after the first failure, doubling with each.
      Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(checks - 1, 5));
      awaitAccount(env, name, "Ready again", (backoff.compareTo(RECHECK) > 0 ? RECHECK : backoff).plus(SLACK),
          c -> "True".equals(c.getStatus()));
      var again = instances.await("web", "Ready and Synced again", hasCondition("Ready", "True", "Running")
          .and(hasCondition(Conditions.SYNCED, "True", "Synced")));
      assertThat(again.getStatus().getInstanceId()).as("the same instance").isEqualTo(instanceId);
      assertThat(ec2.ownedBy(uid)).as("nothing relaunched").extracting(ObservedInstance::instanceId)
          .containsExactly(instanceId);
      assertThat(groups.awaitSynced("web").getStatus().getGroupId()).as("the same group").isEqualTo(groupId);

      E2eExtension.deleteAllAndAwait(ns); // while the operator still runs
      accounts.withName(name).delete();
      Awaitility.await("account gone with its last user").atMost(Duration.ofSeconds(30))
          .until(() -> accounts.withName(name).get() == null);
    } finally {
      dropLeftOver(env, name);
    }
  }

  /** Synced=False, waiting for the account, with STS's code in the message. */
  private static boolean waiting(Condition synced) {
    return synced != null && "False".equals(synced.getStatus())
        && AccountChoice.WAITING_REASON.equals(synced.getReason()) && synced.getMessage().contains(STS_CODE);
  }

  private static AwsAccount account(String name, String namespace) {
    var account = new AwsAccount();
    account.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new AwsAccountSpec();
    var keys = new AwsAccountSpec.SecretRef();
    keys.setName("keys");
    spec.setSecretRef(keys);
    var allowed = new AwsAccountSpec.AllowedNamespaces();
    allowed.setNames(List.of(namespace));
    spec.setAllowedNamespaces(allowed);
    account.setSpec(spec);
    return account;
  }

  private static void awaitAccount(E2eEnvironment env, String name, String what, Duration atMost,
      Predicate<Condition> ready) {
    Awaitility.await(name + ": " + what).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
      var a = env.client().resources(AwsAccount.class).withName(name).get();
      return a != null && a.getStatus() != null && a.getStatus().getConditions() != null && a.getStatus()
          .getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).anyMatch(ready);
    });
  }

  /** An account a failed test left: with the operator gone, only dropping its finalizer lets it go. */
  private static void dropLeftOver(E2eEnvironment env, String name) {
    var left = env.client().resources(AwsAccount.class).withName(name);
    try {
      if (left.get() != null) {
        ConflictFreeEdit.edit(left, a -> {
          a.getMetadata().setFinalizers(List.of());
          return a;
        });
        left.delete();
      }
    } catch (KubernetesClientException gone) {
      // deleted meanwhile
    }
  }
}

package dev.fleet.ec2.e2e;

import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountSpec;
import dev.fleet.ec2.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** AwsAccount resources in end-to-end tests: one reached by AssumeRole in the emulator, and its verification. */
final class AwsAccountResources {
  private AwsAccountResources() {}

  /** An account reached by assuming {@code roleArn} (the emulator takes the account id from it). */
  static AwsAccount account(String name, String roleArn, List<String> namespaces) {
    var account = new AwsAccount();
    account.setMetadata(new ObjectMetaBuilder().withName(name).build());
    var spec = new AwsAccountSpec();
    var role = new AwsAccountSpec.AssumeRole();
    role.setRoleArn(roleArn);
    spec.setAssumeRole(role);
    var allowed = new AwsAccountSpec.AllowedNamespaces();
    allowed.setNames(namespaces);
    spec.setAllowedNamespaces(allowed);
    account.setSpec(spec);
    return account;
  }

  /** Waits until STS has answered for the account with {@code accountId}: Ready for its current generation. */
  static void awaitVerified(E2eEnvironment env, String name, String accountId) {
    Awaitility.await(name + " Ready").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions().until(() -> {
          var a = env.client().resources(AwsAccount.class).withName(name).get();
          return accountId.equals(a.getStatus().getAccountId())
              && Conditions.isTrueFor(a.getStatus().getConditions(), Conditions.READY, a.getMetadata().getGeneration());
        });
  }
}

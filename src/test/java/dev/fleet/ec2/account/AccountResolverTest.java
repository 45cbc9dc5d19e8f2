package dev.fleet.ec2.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountSpec;
import dev.fleet.ec2.api.v1alpha1.AwsAccountStatus;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.status.Conditions;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountResolverTest {
  private final Map<String, AwsAccount> accounts = new HashMap<>();
  private final Map<String, NamespaceDirectory.Facts> namespaces = new HashMap<>();
  private final AccountResolver resolver = new AccountResolver(name -> Optional.ofNullable(accounts.get(name)),
      new NamespaceDirectory(null, Clock.systemUTC()) {
        @Override
        protected Facts load(String namespace) {
          return namespaces.getOrDefault(namespace, new Facts(Map.of(), Map.of()));
        }
      });

  @Test
  void withoutARefOrANamespaceDefaultTheOperatorsOwnCredentials() {
    assertThat(resolver.choose(instance("team-a"), null, null)).isEqualTo(AccountChoice.own());
  }

  @Test
  void aRefToAnAllowedReadyAccountAssumesItsRole() {
    accounts.put("prod", account("prod", List.of("team-a"), null, true));

    var choice = resolver.choose(instance("team-a"), new AccountRef("prod"), null);

    assertThat(choice.usable()).isTrue();
    assertThat(choice.access()).isEqualTo(new AccountAccess.AssumeRole("arn:aws:iam::222222222222:role/fleet",
        null, null, null));
  }

  @Test
  void aNamespaceTheAccountDoesNotAllowIsRefusedForGood() {
    accounts.put("prod", account("prod", List.of("team-a"), null, true));

    var choice = resolver.choose(instance("team-b"), new AccountRef("prod"), null);

    assertThat(choice.refused()).isNotNull();
    assertThat(choice.refused().errorCode()).isEqualTo(AccountChoice.NOT_ALLOWED);
    assertThat(choice.refused().getMessage()).contains("team-b");
  }

  @Test
  void namespacesAreAllowedByLabelsToo() {
    accounts.put("prod", account("prod", null, Map.of("tier", "prod"), true));
    namespaces.put("payments", new NamespaceDirectory.Facts(Map.of("tier", "prod"), Map.of()));

    assertThat(resolver.choose(instance("payments"), new AccountRef("prod"), null).usable()).isTrue();
    assertThat(resolver.choose(instance("sandbox"), new AccountRef("prod"), null).refused()).isNotNull();
  }

  @Test
  void theNamespaceDefaultAppliesUnlessStatusRecordedAnotherAccount() {
    accounts.put("prod", account("prod", List.of("team-a"), null, true));
    accounts.put("dev", account("dev", List.of("team-a"), null, true));
    namespaces.put("team-a", new NamespaceDirectory.Facts(Map.of(), Map.of(AccountChoice.NAMESPACE_DEFAULT, "prod")));

    assertThat(resolver.choose(instance("team-a"), null, null).account()).isEqualTo("prod");
    assertThat(resolver.choose(instance("team-a"), null, "dev").account()).as("what exists never moves")
        .isEqualTo("dev");
  }

  @Test
  void aMissingOrUnverifiedAccountIsWaitedFor() {
    assertThat(resolver.choose(instance("team-a"), new AccountRef("prod"), null).waiting().message())
        .contains("does not exist");
    accounts.put("prod", account("prod", List.of("team-a"), null, false));
    assertThat(resolver.choose(instance("team-a"), new AccountRef("prod"), null).waiting().message())
        .contains("not Ready").contains("AccessDenied");
  }

  @Test
  void anAccountBeingDeletedStaysUsableSoThatItsResourcesCanGoFirst() {
    var prod = account("prod", List.of("team-a"), null, true);
    prod.getMetadata().setGeneration(2L); // deletion moved the generation past the last check
    accounts.put("prod", prod);
    assertThat(resolver.choose(instance("team-a"), new AccountRef("prod"), null).usable()).isFalse();

    prod.getMetadata().setDeletionTimestamp("2026-12-01T12:00:00Z");
    assertThat(resolver.choose(instance("team-a"), new AccountRef("prod"), null).usable()).isTrue();
  }

  @Test
  void aSecretIsNamedByTheChoiceAndReadOnlyWhenClientsAreBuilt() {
    var spec = new AwsAccountSpec();
    var ref = new AwsAccountSpec.SecretRef();
    ref.setName("keys");
    spec.setSecretRef(ref);
    assertThat(AccountResolver.access(spec)).isEqualTo(new AccountAccess.SecretKeys("keys"));

    assertThat(AccountResolver.keys(new AccountAccess.SecretKeys("keys"), name -> Optional.of(Map.of(
        "aws_access_key_id", "AKIA0000000000000000", "aws_secret_access_key", "s"))))
        .isEqualTo(new AccountAccess.StaticKeys("AKIA0000000000000000", "s", null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccountResolver.keys(
        new AccountAccess.SecretKeys("keys"), name -> Optional.empty())).hasMessageContaining("SecretNotFound");
    var role = new AccountAccess.AssumeRole("arn:aws:iam::222222222222:role/fleet", null, null, null);
    assertThat(AccountResolver.keys(role, name -> {
      throw new AssertionError("no Secret read for a role");
    })).isEqualTo(role);
  }

  @Test
  void labelSelectorExpressions() {
    var selector = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("In")
        .withValues("prod", "staging").endMatchExpression().addNewMatchExpression().withKey("frozen")
        .withOperator("DoesNotExist").endMatchExpression().build();
    assertThat(AccountResolver.matches(selector, Map.of("tier", "staging"))).isTrue();
    assertThat(AccountResolver.matches(selector, Map.of("tier", "staging", "frozen", "yes"))).isFalse();
    assertThat(AccountResolver.matches(selector, Map.of("tier", "dev"))).isFalse();
  }

  private static Ec2Instance instance(String namespace) {
    var i = new Ec2Instance();
    i.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace(namespace).build());
    return i;
  }

  private static AwsAccount account(String name, List<String> names, Map<String, String> labels, boolean ready) {
    var a = new AwsAccount();
    a.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    var spec = new AwsAccountSpec();
    var role = new AwsAccountSpec.AssumeRole();
    role.setRoleArn("arn:aws:iam::222222222222:role/fleet");
    spec.setAssumeRole(role);
    var allowed = new AwsAccountSpec.AllowedNamespaces();
    allowed.setNames(names);
    if (labels != null) {
      allowed.setSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    }
    spec.setAllowedNamespaces(allowed);
    a.setSpec(spec);
    var status = new AwsAccountStatus();
    status.setConditions(Conditions.set(List.of(), Conditions.READY, ready, ready ? "Verified" : "AccessDenied",
        ready ? "ok" : "not allowed to assume the role", 1L, Instant.EPOCH));
    a.setStatus(status);
    return a;
  }
}

package dev.fleet.ec2.account;

import dev.fleet.ec2.api.v1alpha1.AccountRef;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.AwsAccountSpec;
import dev.fleet.ec2.cloud.AccountAccess;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.status.Conditions;
import dev.fleet.ec2.status.SyncOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which account a resource acts in ({@link AccountChoice}): the AwsAccount its spec names, else the
 * one recorded in its status (so that a namespace's default changing later never moves what exists), else its
 * namespace's default (annotation {@value AccountChoice#NAMESPACE_DEFAULT}), else the operator's own
 * credentials. An account is used only by the namespaces it allows, and only once STS has answered for it.
 */
public final class AccountResolver {
  private final Function<String, Optional<AwsAccount>> accounts;
  private final NamespaceDirectory namespaces;

  /**
   * @param accounts AwsAccounts by name (an informer's cache: no API call)
   */
  public AccountResolver(Function<String, Optional<AwsAccount>> accounts, NamespaceDirectory namespaces) {
    this.accounts = accounts;
    this.namespaces = namespaces;
  }

  public AccountChoice choose(HasMetadata resource, AccountRef ref, String recorded) {
    String namespace = resource.getMetadata().getNamespace();
    String name = ref != null ? ref.getName() : recorded != null && !recorded.isEmpty() ? recorded
        : namespaces.of(namespace).annotations().get(AccountChoice.NAMESPACE_DEFAULT);
    if (name == null || name.isBlank()) {
      return AccountChoice.own();
    }
    Optional<AwsAccount> account = accounts.apply(name);
    if (account.isEmpty()) {
      return waiting(name, "AwsAccount " + name + " does not exist");
    }
    AwsAccountSpec spec = account.get().getSpec();
    if (!allows(spec.getAllowedNamespaces(), namespace)) {
      return new AccountChoice(name, null, null, new CloudException(CloudErrorKind.TERMINAL, "Configuration",
          AccountChoice.NOT_ALLOWED, "AwsAccount " + name + " does not allow namespace " + namespace
          + " (spec.allowedNamespaces); its administrator can add it, and this resource then goes on", null));
    }
    var status = account.get().getStatus();
    long generation = account.get().getMetadata().getGeneration() == null ? 0
        : account.get().getMetadata().getGeneration();
    // being deleted (which moves the generation on): as it was last verified, so its resources can go first
    boolean deleting = account.get().getMetadata().getDeletionTimestamp() != null;
    boolean ready = status != null && (Conditions.isTrueFor(status.getConditions(), Conditions.READY, generation)
        || deleting && status.getConditions() != null && status.getConditions().stream()
            .anyMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus())));
    if (!ready) {
      String why = status == null || status.getConditions() == null ? null : status.getConditions().stream()
          .filter(c -> Conditions.READY.equals(c.getType()) && "False".equals(c.getStatus()))
          .map(c -> c.getReason() + ": " + c.getMessage()).findFirst().orElse(null);
      return waiting(name, "AwsAccount " + name + " is not Ready" + (why == null ? " yet" : " (" + why + ")"));
    }
    return new AccountChoice(name, access(spec), null, null);
  }

  /** How to reach the account its spec describes; a Secret is named, and read only by {@link #keys}. */
  public static AccountAccess access(AwsAccountSpec spec) {
    if (spec.getAssumeRole() != null) {
      var r = spec.getAssumeRole();
      return new AccountAccess.AssumeRole(r.getRoleArn(), r.getExternalId(), r.getSessionName(),
          r.getDurationSeconds() == null ? null : Duration.ofSeconds(r.getDurationSeconds()));
    }
    if (spec.getProfile() != null) {
      return new AccountAccess.Profile(spec.getProfile().getName());
    }
    return new AccountAccess.SecretKeys(spec.getSecretRef().getName());
  }

  /** The interruption queue URL the account's spec names for {@code region}, if any. */
  public static Optional<String> interruptionQueue(AwsAccountSpec spec, String region) {
    return spec == null || spec.getInterruptionQueues() == null ? Optional.empty()
        : spec.getInterruptionQueues().stream().filter(q -> region.equals(q.getRegion()))
            .map(AwsAccountSpec.InterruptionQueue::getUrl).findFirst();
  }

  /**
   * What clients are built with: a Secret's keys read now (once per set of clients), anything else as it is.
   * {@code secrets}: a Secret's decoded data by name, in the operator's own namespace.
   * Throws a retryable error when the Secret is gone or holds no aws_access_key_id.
   */
  public static AccountAccess keys(AccountAccess access, Function<String, Optional<Map<String, String>>> secrets) {
    if (!(access instanceof AccountAccess.SecretKeys ref)) {
      return access;
    }
    Map<String, String> data = secrets.apply(ref.secretName()).orElse(Map.of());
    if (data.get("aws_access_key_id") == null) {
      throw new CloudException(CloudErrorKind.RETRYABLE, "GetSecret", "SecretNotFound", "the Secret "
          + ref.secretName() + " is not in the operator's namespace, or has no aws_access_key_id", null);
    }
    return new AccountAccess.StaticKeys(data.get("aws_access_key_id"),
        data.getOrDefault("aws_secret_access_key", ""), data.get("aws_session_token"));
  }

  private boolean allows(AwsAccountSpec.AllowedNamespaces allowed, String namespace) {
    if (allowed == null) {
      return false;
    }
    if (allowed.getNames() != null && allowed.getNames().contains(namespace)) {
      return true;
    }
    return allowed.getSelector() != null && matches(allowed.getSelector(), namespaces.of(namespace).labels());
  }

  /** Kubernetes label selector semantics: every matchLabels entry and every expression must hold. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
        : selector.getMatchExpressions();
    return expressions.stream().allMatch(r -> {
      String value = labels.get(r.getKey());
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      return switch (r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
    });
  }

  private static AccountChoice waiting(String name, String why) {
    return new AccountChoice(name, null, new SyncOutcome(SyncOutcome.Kind.WAITING, AccountChoice.WAITING_REASON,
        why), null);
  }
}

package dev.fleet.ec2.keypair;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.KeyPairStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.CreatedKeyPair;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.lifecycle.ClusterNameGuard;
import dev.fleet.ec2.lifecycle.CreatedInEc2;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.scope.Ec2Scope;
import dev.fleet.ec2.status.StatusWriter;
import dev.fleet.ec2.status.SyncOutcome;
import dev.fleet.ec2.tags.TagDelta;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * KeyPair's own steps on the shared lifecycle ({@link ManagedReconciler}): observe (the scope's key pair poll and
 * the Secrets key pairs wrote), diff (private key kept? tags), act (KeyPairSync, KeyPairSecret), report
 * (KeyPairStatusMapper). A created key pair's private key exists in EC2's one answer and then only in its Secret:
 * a key pair whose Secret does not hold it (a crash between the two, a Secret deleted) is replaced by a new one.
 */
public final class KeyPairReconciler extends ManagedReconciler<KeyPair, KeyPairStatus> {
  static final long RECHECK_MS = 2_000;

  private final InventoryEvents<KeyPair> inventoryEvents;
  private final Clock clock;
  private final VisibilityWindow visibility;
  private final String cluster;

  /** What a pass uses in its resource's scope: the view of EC2 there, and the calls that act there. */
  private record Kit(OwnedInventory<ObservedKeyPair, KeyPair> inventory, KeyPairSync sync) {}

  /** Why a KeyPair that would create a key is refused when the operator may not touch Secrets. */
  public static final String SECRETS_NOT_ALLOWED = "SecretsNotAllowed";

  private final boolean secretsAllowed;

  /**
   * @param secretsAllowed whether the administrator lets the operator keep private keys in Secrets (the chart's
   *     keyPairs.secrets): without it only public keys can be imported, and no Secret is read or written
   */
  public KeyPairReconciler(LifecycleContext lifecycle, InventoryEvents<KeyPair> inventoryEvents, Clock clock,
      VisibilityWindow visibility, boolean secretsAllowed) {
    super(lifecycle, new Kind<>(KeyPair.class, KeyPairStatus::new, r -> r.getSpec().getRegion(),
        r -> r.getSpec().getAccountRef()));
    this.inventoryEvents = inventoryEvents;
    this.clock = clock;
    this.visibility = visibility;
    this.cluster = lifecycle.cluster();
    this.secretsAllowed = secretsAllowed;
  }

  private Kit kit(Ec2Scope scope) {
    return scope.kit(Kit.class, s -> new Kit(s.keyPairs(), new KeyPairSync(s.ec2(), lifecycle.events(), cluster)));
  }

  @Override
  protected OwnedInventory<ObservedKeyPair, KeyPair> inventory(Ec2Scope scope) {
    return scope.keyPairs();
  }

  /** Besides EC2 and accounts: the Secrets key pairs wrote (by label only), so a deleted one is noticed at once. */
  @Override
  public List<EventSource<?, KeyPair>> prepareEventSources(EventSourceContext<KeyPair> context) {
    if (!secretsAllowed) {
      return List.of(inventoryEvents, accountEvents(context));
    }
    var secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, KeyPair.class)
        .withName("key-pair-secrets")
        .withLabelSelector(KeyPairSecret.LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(KeyPair.class))
        .withPrimaryToSecondaryMapper((KeyPair k) -> secretName(k) == null ? Set.of()
            : Set.of(new ResourceID(secretName(k), k.getMetadata().getNamespace())))
        .build(), context);
    return List.of(inventoryEvents, accountEvents(context), secrets);
  }

  @Override
  protected UpdateControl<KeyPair> sync(KeyPair resource, KeyPairStatus book, Ec2Scope scope,
      Context<KeyPair> context) {
    Kit k = kit(scope);
    ResourceID id = ResourceID.fromResource(resource);
    KeyPairDesired desired = KeyPairDesired.from(resource, cluster);
    if (!desired.imported() && !secretsAllowed) { // before EC2 hears of it: its private key would have nowhere to go
      throw new CloudException(CloudErrorKind.TERMINAL, "Configuration", SECRETS_NOT_ALLOWED, "this operator may not"
          + " keep private keys in Secrets (its administrator set the chart's keyPairs.secrets: false,"
          + " --key-pair-secrets=false): a KeyPair can only import a public key here (spec.publicKey)", null);
    }
    book.setSecretName(desired.secretName());
    ObservedKeyPair observed = locate(k, resource, book, id);
    Secret secret = desired.imported() ? null : secret(resource, desired, context, observed);
    boolean lost = false;
    if (observed != null && !desired.imported()
        && !KeyPairSecret.heldFingerprint(secret, resource).filter(observed.fingerprint()::equals).isPresent()) {
      KeyPairSecret.requireWritable(secret, resource, desired.secretName());
      k.sync().delete(resource, observed, "Secret " + desired.secretName() + " does not hold its private key");
      lifecycle.events().warning(resource, "PrivateKeyLost", "the private key of key pair " + observed.keyName()
          + " is not in Secret " + desired.secretName() + " (deleted or changed, or never written after a crash):"
          + " a new key pair replaces it; instances launched with the old key keep the old key");
      observed = null;
      lost = true;
    }
    if (observed == null) {
      if (book.getKeyPairId() != null && !lost) {
        lifecycle.events().warning(resource, "Recreated", "key pair " + book.getKeyPairId() + " was deleted outside"
            + " the operator; creating it again (instances launched with the old key keep the old key)");
      }
      observed = create(k, resource, book, desired, secret, context);
      k.inventory().record(id, observed);
    } else if (secret != null && !secret.getData().containsKey(KeyPairSecret.PUBLIC_KEY)
        && observed.publicKey() != null) {
      KeyPairSecret.addPublicKey(context.getClient(), resource, desired.secretName(), observed.publicKey());
    }
    TagDelta tags = TagDelta.between(desired.allTags(), desired.userTagKeys(), observed.tags(),
        book.getManagedTagKeys());
    if (!tags.isEmpty()) {
      k.sync().applyTags(resource, observed, tags);
    }
    book.setManagedTagKeys(new ArrayList<>(new TreeSet<>(desired.userTagKeys())));
    return reportSeen(resource, book, observed, tags.isEmpty() ? SyncOutcome.inSync()
        : SyncOutcome.progressing("Updating", "tags not yet as declared"), context);
  }

  /**
   * Creates (or imports) the key pair; a created one's private key goes into the Secret before anything else.
   * If the Secret cannot be written, the key pair is deleted again: nobody could ever use it.
   */
  private ObservedKeyPair create(Kit k, KeyPair resource, KeyPairStatus book, KeyPairDesired desired, Secret secret,
      Context<KeyPair> context) {
    if (!desired.imported()) { // before EC2 hears of it; the cache holds only Secrets key pairs wrote
      KeyPairSecret.requireWritable(secret != null ? secret : context.getClient().secrets()
          .inNamespace(resource.getMetadata().getNamespace()).withName(desired.secretName()).get(), resource,
          desired.secretName());
    }
    book.setCreateRequestedAt(visibility.now()); // write-ahead: deletion looks for what a lost answer created
    reportSeen(resource, book, null, SyncOutcome.progressing("Creating", "creating key pair " + desired.keyName()),
        context);
    ObservedKeyPair made;
    if (desired.imported()) {
      made = k.sync().importKey(resource, desired);
    } else {
      CreatedKeyPair created = k.sync().create(resource, desired);
      try {
        KeyPairSecret.write(context.getClient(), resource, desired.secretName(), created);
      } catch (RuntimeException e) {
        k.sync().delete(resource, created.pair(), "its private key could not be written to Secret "
            + desired.secretName());
        throw e;
      }
      made = created.pair();
    }
    book.setKeyPairId(made.keyPairId());
    book.setKeyType(desired.imported() ? made.keyType() : desired.keyType());
    return made;
  }

  /** The Secret as cached; when the cache does not show the key held, as the API server has it now (cache lag). */
  private static Secret secret(KeyPair resource, KeyPairDesired desired, Context<KeyPair> context,
      ObservedKeyPair observed) {
    Secret cached = context.getSecondaryResource(Secret.class).orElse(null);
    if (observed == null || KeyPairSecret.heldFingerprint(cached, resource).filter(observed.fingerprint()::equals)
        .isPresent()) {
      return cached;
    }
    return context.getClient().secrets().inNamespace(resource.getMetadata().getNamespace())
        .withName(desired.secretName()).get();
  }

  private ObservedKeyPair locate(Kit k, KeyPair resource, KeyPairStatus book, ResourceID id) {
    return CreatedInEc2.locate(k.inventory(), id, book.getKeyPairId(), book, visibility,
        () -> k.sync().owned(KeyPairDesired.from(resource, cluster).ownership()), "DescribeKeyPairs", "a key pair");
  }

  @Override
  protected Optional<Duration> remove(KeyPair resource, KeyPairStatus book, Ec2Scope scope,
      Context<KeyPair> context) {
    Kit k = kit(scope);
    boolean retain = resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain;
    var recheck = CreatedInEc2.remove(k.sync().owned(KeyPairDesired.from(resource, cluster).ownership()), book,
        visibility, retain, key -> k.sync().release(resource, key),
        key -> k.sync().delete(resource, key, "the KeyPair is deleted; instances launched with it keep the key"));
    if (recheck.isPresent()) {
      return recheck;
    }
    if (book.getSecretName() != null && secretsAllowed) {
      if (retain) {
        KeyPairSecret.release(context.getClient(), resource, book.getSecretName());
      } else {
        KeyPairSecret.delete(context.getClient(), resource, book.getSecretName());
      }
    }
    return Optional.empty();
  }

  @Override
  protected UpdateControl<KeyPair> report(KeyPair resource, KeyPairStatus book, Ec2Scope scope, SyncOutcome outcome,
      Context<KeyPair> context) {
    ObservedKeyPair known = book.getKeyPairId() == null ? null
        : kit(scope).inventory().get(ResourceID.fromResource(resource), book.getKeyPairId()).orElse(null);
    return reportSeen(resource, book, known, outcome, context);
  }

  @Override
  protected boolean hasEc2Resources(KeyPairStatus book) {
    return book.getKeyPairId() != null || book.getCreateRequestedAt() != null;
  }

  @Override
  protected String recordedId(KeyPairStatus book) {
    return book.getKeyPairId();
  }

  private static String secretName(KeyPair k) {
    return KeyPairDesired.from(k, "-").secretName();
  }

  private UpdateControl<KeyPair> reportSeen(KeyPair resource, KeyPairStatus book, ObservedKeyPair observed,
      SyncOutcome outcome, Context<KeyPair> context) {
    ClusterNameGuard.record(book, book.getKeyPairId() != null, cluster);
    var status = KeyPairStatusMapper.map(book, resource.getMetadata().getGeneration(), observed, outcome,
        clock.instant());
    lifecycle.conditions().changed(resource, book.getConditions(), status.getConditions(), outcome);
    StatusWriter.write(resource, status, context);
    book.setConditions(status.getConditions());
    book.setKeyName(status.getKeyName());
    book.setFingerprint(status.getFingerprint());
    UpdateControl<KeyPair> control = UpdateControl.noUpdate();
    return outcome.kind() == SyncOutcome.Kind.PROGRESSING ? control.rescheduleAfter(RECHECK_MS) : control;
  }
}

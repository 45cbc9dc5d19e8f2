package dev.fleet.ec2;

import dev.fleet.ec2.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.util.Locale;
import java.util.Objects;

/** What every kind's controller is registered with: when it wakes, how it retries, what it watches. */
final class ControllerSettings {
  private ControllerSettings() {}

  static <R extends HasMetadata> void apply(ControllerConfigurationOverrider<R> o, Class<R> kind,
      OperatorConfig config) {
    o.withName(kind.getSimpleName().toLowerCase(Locale.ROOT));
    // Spec (generation) and metadata changes wake a resource (the adopt and reboot annotations live
    // there); its own status writes must not, or every failed attempt would retry at once, past the backoff.
    o.withGenerationAware(false);
    o.withOnUpdateFilter(ControllerSettings::changedBeyondStatus);
    if (ManagedFieldsDroppingStore.fitsOneInformer(config)) { // thousands of resources: keep only what is read
      o.withItemStore(new ManagedFieldsDroppingStore<>());
    }
    // Recoverable EC2 errors: capped exponential backoff, never giving up, never a storm.
    o.withRetry(new GenericRetry().setInitialInterval(2_000).setIntervalMultiplier(2.0)
        .setMaxInterval(300_000).withoutMaxAttempts());
    if (!config.watchesAllNamespaces()) {
      o.settingNamespaces(config.watchNamespaces());
    }
    config.labelSelector().ifPresent(o::withLabelSelector);
  }

  static boolean changedBeyondStatus(HasMetadata now, HasMetadata before) {
    var a = now.getMetadata();
    var b = before.getMetadata();
    return !Objects.equals(a.getGeneration(), b.getGeneration())
        || !Objects.equals(a.getAnnotations(), b.getAnnotations())
        || !Objects.equals(a.getLabels(), b.getLabels())
        || !Objects.equals(a.getFinalizers(), b.getFinalizers())
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp());
  }
}

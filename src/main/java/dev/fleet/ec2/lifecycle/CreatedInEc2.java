package dev.fleet.ec2.lifecycle;

import dev.fleet.ec2.api.v1alpha1.ResourceStatus;
import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.observe.OwnedInventory;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finding and removing the one EC2 object a resource creates with a call that has no client token (a key pair,
 * an address): the create is written ahead in {@code status.createRequestedAt}, so a crash or a lost answer
 * leaves evidence, and what it made is found by the resource's owner-uid tag rather than made twice.
 */
public final class CreatedInEc2 {
  static final Duration RECHECK = Duration.ofSeconds(2);

  private CreatedInEc2() {}

  /**
   * The object: by the id in status, else any the view lists as this resource's (an answer lost), else, while a
   * create may still be invisible, what EC2 lists by the owner-uid tag ({@code owned}); a create that EC2 does not
   * list yet is retried rather than repeated. Null when there is none.
   */
  public static <R> R locate(OwnedInventory<R, ?> inventory, ResourceID owner, String recordedId, ResourceStatus book,
      VisibilityWindow visibility, Supplier<List<R>> owned, String describeAction, String what) {
    Optional<R> found = recordedId != null ? inventory.get(owner, recordedId) : Optional.empty();
    if (found.isEmpty()) {
      found = inventory.all(owner).stream().findFirst();
    }
    if (found.isEmpty() && visibility.open(book.getCreateRequestedAt())) {
      found = owned.get().stream().findFirst();
      if (found.isEmpty()) {
        throw new CloudException(CloudErrorKind.RETRYABLE, describeAction, "NotYetVisible", what + " created moments"
            + " ago is not listed by EC2 yet", null);
      }
    }
    found.ifPresent(x -> book.setCreateRequestedAt(null)); // listed: absence from now on means gone
    return found.orElse(null);
  }

  /**
   * Removes ({@code delete}) or releases ({@code retain}) everything EC2 lists as the resource's; empty when done,
   * else when to look again (created moments ago: it must not outlive the resource).
   */
  public static <R> Optional<Duration> remove(List<R> owned, ResourceStatus book, VisibilityWindow visibility,
      boolean retainIt, Consumer<R> retain, Consumer<R> delete) {
    if (owned.isEmpty() && visibility.open(book.getCreateRequestedAt())) {
      return Optional.of(RECHECK);
    }
    owned.forEach(retainIt ? retain : delete);
    return Optional.empty();
  }
}

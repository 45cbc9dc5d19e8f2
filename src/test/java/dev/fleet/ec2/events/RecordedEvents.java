package dev.fleet.ec2.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What would have been written as Kubernetes events, in order, for unit tests. */
public final class RecordedEvents implements EventRecorder {
  private final List<String> written = new CopyOnWriteArrayList<>();
  private final List<String> reasons = new CopyOnWriteArrayList<>();

  @Override
  public void normal(HasMetadata resource, String reason, String message) {
    written.add("Normal " + reason + ": " + message);
    reasons.add(reason);
  }

  @Override
  public void warning(HasMetadata resource, String reason, String message) {
    written.add("Warning " + reason + ": " + message);
    reasons.add(reason);
  }

  /** Each event as "Type Reason: message". */
  public List<String> written() {
    return written;
  }

  /** Each event's reason. */
  public List<String> reasons() {
    return reasons;
  }
}

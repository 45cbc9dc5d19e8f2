package dev.fleet.ec2.tags;

import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Applies a {@link TagDelta} to one EC2 resource, with an event per call. Used by each kind's Sync. */
public final class TagWriter {
  private final Ec2Gateway ec2;
  private final EventRecorder events;

  public TagWriter(Ec2Gateway ec2, EventRecorder events) {
    this.ec2 = ec2;
    this.events = events;
  }

  public void apply(HasMetadata resource, String resourceId, TagDelta delta) {
    if (!delta.toSet().isEmpty()) {
      ec2.createTags(resourceId, delta.toSet());
      events.normal(resource, "TagsUpdated", "set tags " + String.join(", ", delta.toSet().keySet()));
    }
    if (!delta.toRemove().isEmpty()) {
      ec2.deleteTags(resourceId, delta.toRemove());
      events.normal(resource, "TagsUpdated", "removed tags " + String.join(", ", delta.toRemove()));
    }
  }
}

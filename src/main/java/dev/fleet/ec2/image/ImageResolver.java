package dev.fleet.ec2.image;

import dev.fleet.ec2.cloud.CloudErrorKind;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.ParameterStore;
import dev.fleet.ec2.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Reads the AMI id a {@code resolve:ssm:} imageId names, in the resource's own scope (its account and region:
 * public parameters hold each region's own AMI), with an event saying what it found. Callers record the answer in
 * status before they launch with it and never ask again for that resource: a parameter that moves on later changes
 * no launch of a resource that resolved it already.
 */
public final class ImageResolver {
  /** Our code for a parameter whose value is not an AMI id: launching from it cannot work until it changes. */
  public static final String NOT_AN_IMAGE = "ParameterNotAnImage";
  public static final String RESOLVED = "ImageResolved";

  private final ParameterStore parameters;
  private final EventRecorder events;
  private final String region;

  public ImageResolver(ParameterStore parameters, EventRecorder events, String region) {
    this.parameters = parameters;
    this.events = events;
    this.region = region;
  }

  /**
   * The AMI id to launch for {@code imageId}: itself, or the value its parameter holds now. Throws
   * {@link CloudException}: Systems Manager's refusal (its code, its message, and which imageId and region), or
   * {@value #NOT_AN_IMAGE}.
   */
  public String resolve(HasMetadata resource, String imageId) {
    ImageReference reference = ImageReference.parse(imageId);
    if (reference.parameter() == null) {
      return imageId;
    }
    ParameterStore.Value value;
    try {
      value = parameters.get(reference.parameter());
    } catch (CloudException e) {
      throw e.explained(" (imageId " + imageId + " in " + region + ")");
    }
    String ami = value.value().trim();
    if (!ImageReference.isAmiId(ami)) { // the value itself is not repeated: it may be anything
      throw new CloudException(CloudErrorKind.TERMINAL, "GetParameter", NOT_AN_IMAGE, "parameter "
          + reference.parameter() + " (version " + value.version() + ") in " + region + " does not hold an AMI id"
          + " (ami- and 8 or 17 hexadecimal digits)", null);
    }
    events.normal(resource, RESOLVED, imageId + " is " + ami + " in " + region + " (parameter version "
        + value.version() + "); this resource launches it until it is recreated");
    return ami;
  }
}

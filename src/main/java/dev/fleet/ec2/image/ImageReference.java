package dev.fleet.ec2.image;

import dev.fleet.ec2.api.v1alpha1.ImageIdSyntax;
import java.util.regex.Pattern;

/**
 * What a spec's {@code imageId} names: an AMI id, or the Systems Manager parameter that holds one
 * ({@code resolve:ssm:<name>[:<version>|:<label>]}, as EC2 takes it). Pure: the syntax was checked at admission
 * ({@link ImageIdSyntax#PATTERN}); this only tells the two apart.
 *
 * @param parameter the parameter as GetParameter takes it (its name, with the version or label if given), or
 *     null for an AMI id
 */
public record ImageReference(String imageId, String parameter) {
  private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8,17}");

  public static ImageReference parse(String imageId) {
    if (imageId != null && imageId.startsWith(ImageIdSyntax.SSM_PREFIX)
        && imageId.length() > ImageIdSyntax.SSM_PREFIX.length()) {
      return new ImageReference(imageId, imageId.substring(ImageIdSyntax.SSM_PREFIX.length()));
    }
    return new ImageReference(imageId, null);
  }

  /** True when the imageId names a parameter, whose value must be read before a launch. */
  public static boolean namesParameter(String imageId) {
    return parse(imageId).parameter() != null;
  }

  /** True for a string shaped like an AMI id (what a parameter must hold to be launched from). */
  public static boolean isAmiId(String value) {
    return value != null && AMI_ID.matcher(value).matches();
  }
}

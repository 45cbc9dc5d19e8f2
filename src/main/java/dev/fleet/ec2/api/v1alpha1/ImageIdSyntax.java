package dev.fleet.ec2.api.v1alpha1;

/**
 * What an {@code imageId} may say, checked at admission: an AMI id, or {@code resolve:ssm:} and a Systems
 * Manager parameter that holds one, as EC2's own RunInstances takes it: the parameter's name (a path such as
 * {@code /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}), optionally followed by
 * {@code :version} or {@code :label}.
 */
public final class ImageIdSyntax {
  public static final String SSM_PREFIX = "resolve:ssm:";
  /** A parameter name: letters, digits and {@code _.-/} (no colon), then an optional version or label. */
  public static final String PATTERN = "^(ami-[0-9a-f]{8,17}|" + SSM_PREFIX
      + "[a-zA-Z0-9_./-]+(:([1-9][0-9]{0,9}|[a-zA-Z][a-zA-Z0-9_.-]{0,99}))?)$";
  /** SSM's longest parameter name (2,048), with the prefix and the longest label. */
  public static final long MAX_LENGTH = 2200;
  public static final String DESCRIPTION = "The AMI to launch: an id (ami-...), or resolve:ssm:<parameter> for the"
      + " AMI id a Systems Manager parameter holds, as EC2 takes it, optionally with :<version> or :<label>, for"
      + " example resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 (public"
      + " parameters differ per region: the resource's region is asked).";

  private ImageIdSyntax() {}
}

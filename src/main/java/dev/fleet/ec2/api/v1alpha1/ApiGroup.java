package dev.fleet.ec2.api.v1alpha1;

/** The API group and version every kind of this operator lives in. */
public final class ApiGroup {
  public static final String NAME = "ec2.fleet.dev";
  public static final String VERSION = "v1alpha1";

  private ApiGroup() {}
}

package dev.fleet.ec2.cloud;

/**
 * Systems Manager Parameter Store, as far as the operator reads it: one parameter's value in the account and
 * region of the scope (public parameters such as {@code /aws/service/...} hold different values per region).
 * Throws {@link CloudException} with Systems Manager's error code: {@code ParameterNotFound},
 * {@code ParameterVersionNotFound}, throttling, not permitted.
 */
public interface ParameterStore {
  /** A parameter's value and the version that holds it. */
  record Value(String value, long version) {}

  /** GetParameter: {@code name} as it takes it, a parameter's name optionally followed by :version or :label. */
  Value get(String name);
}

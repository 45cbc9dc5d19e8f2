package dev.fleet.ec2.config;

/** Missing or invalid configuration; its message is one line that says what to change. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}

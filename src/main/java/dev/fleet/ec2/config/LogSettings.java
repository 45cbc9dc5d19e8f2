package dev.fleet.ec2.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Checks the logging settings logback reads by itself (logback.xml): it takes an unknown {@code LOG_FORMAT} as an
 * appender that does not exist and logs nothing at all, and an unknown level as DEBUG. Refused here instead, with
 * the one-line message every other bad setting gets.
 */
public final class LogSettings {
  static final Set<String> FORMATS = Set.of("text", "json");
  static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LogSettings() {}

  /** @param property a Java system property by name (logback reads those before the environment) */
  public static void check(Map<String, String> env, UnaryOperator<String> property) {
    String format = value("LOG_FORMAT", env, property);
    if (format != null && !FORMATS.contains(format)) {
      throw new ConfigException("LOG_FORMAT must be text or json, not '" + format + "'");
    }
    for (String name : new String[] {"LOG_LEVEL", "LOG_LEVEL_JOSDK"}) {
      String level = value(name, env, property);
      if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
        throw new ConfigException(name + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not '" + level + "'");
      }
    }
  }

  private static String value(String name, Map<String, String> env, UnaryOperator<String> property) {
    String v = property.apply(name);
    return v != null ? v : env.get(name);
  }
}

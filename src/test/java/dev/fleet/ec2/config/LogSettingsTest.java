package dev.fleet.ec2.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
  @Test
  void acceptsWhatLogbackUnderstandsAndNothingSet() {
    assertThatCode(() -> LogSettings.check(Map.of(), name -> null)).doesNotThrowAnyException();
    assertThatCode(() -> LogSettings.check(Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "debug",
        "LOG_LEVEL_JOSDK", "WARN"), name -> null)).doesNotThrowAnyException();
  }

  @Test
  void refusesAFormatThatWouldSilenceEveryLog() {
    assertThatThrownBy(() -> LogSettings.check(Map.of("LOG_FORMAT", "JSON"), name -> null))
        .isInstanceOf(ConfigException.class).hasMessage("LOG_FORMAT must be text or json, not 'JSON'");
  }

  @Test
  void refusesALevelLogbackWouldTakeForDebug() {
    assertThatThrownBy(() -> LogSettings.check(Map.of("LOG_LEVEL", "verbose"), name -> null))
        .hasMessageStartingWith("LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
  }

  @Test
  void aJavaPropertyWinsOverTheEnvironmentAsInLogback() {
    assertThatThrownBy(() -> LogSettings.check(Map.of("LOG_FORMAT", "json"),
        name -> "LOG_FORMAT".equals(name) ? "xml" : null)).hasMessageContaining("not 'xml'");
  }
}

package dev.fleet.ec2.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the operator's Prometheus text in end-to-end tests. */
final class MetricsText {
  private MetricsText() {}

  /** The sum of group 1 over every line {@code series} matches (one series per label set). */
  static double sum(String metrics, Pattern series) {
    Matcher m = series.matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }
}

package dev.fleet.ec2.ec2like;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an {@link Ec2LikeServer} behaves. Everything that makes it unlike the emulator is off by default,
 * except honouring client tokens, which real EC2 always does.
 *
 * @param target the emulator, on a loopback address
 * @param port the port to listen on (0: any free one)
 * @param seed the one seed of every random fault, so that a run can be replayed
 * @param visibilityDelay how long new instances and security groups stay invisible (zero: never)
 * @param throttleRate chance of 503 RequestLimitExceeded per EC2 request
 * @param serverErrorRate chance of 500 InternalError or 503 Unavailable per EC2 request
 * @param resetRate chance of a connection closed without an answer per EC2 request
 * @param lostAnswerRate chance, per EC2 write that reaches the emulator, that its answer is replaced by 500 InternalError
 * @param latencyMinMs least added latency per EC2 request
 * @param latencyMaxMs most added latency per EC2 request
 * @param maxLifetime after this the server stops itself (zero: never)
 * @param maxRequests after this many proxied requests the server stops itself (zero: no limit)
 * @param honourClientTokens whether RunInstances client tokens are idempotent, as in EC2
 */
public record Ec2LikeSettings(URI target, int port, long seed, Duration visibilityDelay, double throttleRate,
    double serverErrorRate, double resetRate, double lostAnswerRate, int latencyMinMs, int latencyMaxMs,
    Duration maxLifetime, long maxRequests, boolean honourClientTokens) {

  /** The CLI's lifetime when none is given: a forgotten server must not outlive the run by much. */
  static final Duration CLI_DEFAULT_LIFETIME = Duration.ofMinutes(30);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Pattern LATENCY = Pattern.compile("(\\d+)(?:-(\\d+))?");

  public Ec2LikeSettings {
    requireLoopback(target);
    check(port >= 0 && port <= 65535, "port must be 0..65535: " + port);
    check(!visibilityDelay.isNegative(), "visibility delay must not be negative");
    check(!maxLifetime.isNegative(), "max lifetime must not be negative");
    check(maxRequests >= 0, "max requests must not be negative");
    check(latencyMinMs >= 0 && latencyMinMs <= latencyMaxMs, "latency must be MIN-MAX with 0 <= MIN <= MAX");
    for (double rate : new double[] {throttleRate, serverErrorRate, resetRate, lostAnswerRate}) {
      check(rate >= 0 && rate <= 1, "rates are between 0 and 1: " + rate);
    }
  }

  public static Builder builder(URI target) {
    return new Builder(target);
  }

  /** Whether any random fault or latency can happen at all. */
  boolean hasRateFaults() {
    return throttleRate > 0 || serverErrorRate > 0 || resetRate > 0 || lostAnswerRate > 0 || latencyMaxMs > 0;
  }

  /** The settings from the CLI's {@code --name=value} arguments; an IllegalArgumentException names what is wrong. */
  static Ec2LikeSettings fromArgs(String... args) {
    Builder b = new Builder(null).maxLifetime(CLI_DEFAULT_LIFETIME);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      check(arg.startsWith("--") && eq > 2, "arguments are --name=value: " + arg);
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      try {
        option(b, name, value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " is not a number: " + value, e);
      }
    }
    check(b.target != null, "--target=http://127.0.0.1:PORT is required");
    return b.build();
  }

  private static void option(Builder b, String name, String value) {
    switch (name) {
      case "target" -> b.target = URI.create(value);
      case "port" -> b.port(Integer.parseInt(value));
      case "seed" -> b.seed(Long.parseLong(value));
      case "visibility-delay" -> b.visibilityDelay(duration(value));
      case "throttle-rate" -> b.throttleRate(Double.parseDouble(value));
      case "server-error-rate" -> b.serverErrorRate(Double.parseDouble(value));
      case "reset-rate" -> b.resetRate(Double.parseDouble(value));
      case "lost-answer-rate" -> b.lostAnswerRate(Double.parseDouble(value));
      case "latency-ms" -> {
        Matcher m = LATENCY.matcher(value);
        check(m.matches(), "--latency-ms is MIN-MAX or N: " + value);
        int min = Integer.parseInt(m.group(1));
        b.latencyMs(min, m.group(2) == null ? min : Integer.parseInt(m.group(2)));
      }
      case "max-lifetime" -> b.maxLifetime(duration(value));
      case "max-requests" -> b.maxRequests(Long.parseLong(value));
      default -> throw new IllegalArgumentException("unknown option --" + name);
    }
  }

  /** {@code 500ms}, {@code 2s}, {@code 30m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    check(m.matches(), "a duration is N[ms|s|m|h]: " + text);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** The layer sits on loopback only, in front of a local emulator: never a path to anything real. */
  private static void requireLoopback(URI target) {
    check(target != null && "http".equals(target.getScheme()) && target.getHost() != null,
        "the target is http://127.0.0.1:PORT: " + target);
    try {
      check(InetAddress.getByName(target.getHost()).isLoopbackAddress(), "the target must be on loopback: " + target);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("the target host is not known: " + target, e);
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Defaults: everything off but client tokens, a random seed, no lifetime or request limit. */
  public static final class Builder {
    private URI target;
    private int port;
    private long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private Duration visibilityDelay = Duration.ZERO;
    private double throttleRate;
    private double serverErrorRate;
    private double resetRate;
    private double lostAnswerRate;
    private int latencyMinMs;
    private int latencyMaxMs;
    private Duration maxLifetime = Duration.ZERO;
    private long maxRequests;
    private boolean honourClientTokens = true;

    private Builder(URI target) {
      this.target = target;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder visibilityDelay(Duration delay) {
      this.visibilityDelay = delay;
      return this;
    }

    public Builder throttleRate(double rate) {
      this.throttleRate = rate;
      return this;
    }

    public Builder serverErrorRate(double rate) {
      this.serverErrorRate = rate;
      return this;
    }

    public Builder resetRate(double rate) {
      this.resetRate = rate;
      return this;
    }

    public Builder lostAnswerRate(double rate) {
      this.lostAnswerRate = rate;
      return this;
    }

    public Builder latencyMs(int min, int max) {
      this.latencyMinMs = min;
      this.latencyMaxMs = max;
      return this;
    }

    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = lifetime;
      return this;
    }

    public Builder maxRequests(long max) {
      this.maxRequests = max;
      return this;
    }

    public Builder honourClientTokens(boolean honour) {
      this.honourClientTokens = honour;
      return this;
    }

    public Ec2LikeSettings build() {
      return new Ec2LikeSettings(target, port, seed, visibilityDelay, throttleRate, serverErrorRate, resetRate,
          lostAnswerRate, latencyMinMs, latencyMaxMs, maxLifetime, maxRequests, honourClientTokens);
    }
  }
}

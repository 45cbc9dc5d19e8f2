package dev.fleet.ec2.ec2like;

import java.util.Random;

/**
 * The random faults, from one seeded {@link Random}: the same seed and the same sequence of requests
 * give the same faults, so that a failing run can be replayed. Every roll draws the same number of
 * values whatever comes out, so one request's outcome never shifts the dice of the next.
 */
final class FaultPlan {
  /** What happens to a request before it reaches the emulator. */
  enum Fault { NONE, THROTTLE, INTERNAL_ERROR, UNAVAILABLE, RESET }

  /**
   * One request's dice.
   *
   * @param latencyMs added before anything else
   * @param fault the request's fate at the front door
   * @param loseAnswer whether the answer is lost, should the request be a write that reaches the emulator
   */
  record Roll(long latencyMs, Fault fault, boolean loseAnswer) {
    static final Roll NONE = new Roll(0, Fault.NONE, false);

    /** The answer the fault gives instead of the emulator's, or null when the request goes on. */
    HttpAnswer answer() {
      return switch (fault) {
        case THROTTLE -> HttpAnswer.ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
        case INTERNAL_ERROR -> internalError();
        case UNAVAILABLE -> HttpAnswer.ec2Error(503, "Unavailable", "The service is unavailable. Please try again shortly.");
        case RESET -> HttpAnswer.DROP_CONNECTION;
        case NONE -> null;
      };
    }

    static HttpAnswer internalError() {
      return HttpAnswer.ec2Error(500, "InternalError", "An internal error has occurred.");
    }
  }

  private final Random random;
  private final Ec2LikeSettings settings;

  FaultPlan(Ec2LikeSettings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  synchronized Roll roll() {
    int spread = settings.latencyMaxMs() - settings.latencyMinMs();
    long latency = settings.latencyMinMs() + random.nextInt(spread + 1);
    boolean throttle = random.nextDouble() < settings.throttleRate();
    boolean serverError = random.nextDouble() < settings.serverErrorRate();
    boolean internal = random.nextBoolean();
    boolean reset = random.nextDouble() < settings.resetRate();
    boolean lose = random.nextDouble() < settings.lostAnswerRate();
    Fault fault = throttle ? Fault.THROTTLE
        : serverError ? (internal ? Fault.INTERNAL_ERROR : Fault.UNAVAILABLE)
        : reset ? Fault.RESET : Fault.NONE;
    return new Roll(latency, fault, lose);
  }
}

package dev.fleet.ec2.ec2like;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What happens to one EC2 call, in the order EC2's own layers would do it:
 * <ol>
 *   <li>latency, then the front door: a scripted failure, throttling, a server error or a reset
 *       (the call never reaches EC2);</li>
 *   <li>NotFound for a call naming a resource that is not visible yet;</li>
 *   <li>client token: a replay or a mismatch is answered from the ledger, only a first call goes on;</li>
 *   <li>the emulator; what it created is hidden for a while, and hidden resources are taken out of Describe answers;</li>
 *   <li>on the way back: a scripted lost answer, or a random one for a write that reached the emulator.</li>
 * </ol>
 * A replayed (or mismatched) client token never reached the emulator, so it does not roll for a lost
 * answer: it changed nothing that could be lost, and a client retrying a lost launch under its token
 * gets the launch back, as from EC2 (its throttle, server-error and reset dice still apply).
 */
final class Ec2Behaviour {
  /** The answer a call got, and whether it came from the emulator (rather than the ledger or the visibility check). */
  private record Reached(HttpAnswer answer, boolean fromEmulator) {}

  private final Ec2LikeSettings settings;
  private final EmulatorForwarder emulator;
  private final CallStats stats;
  private final ScriptedFaults scripted;
  private final FaultPlan plan;
  private final VisibilityDelay visibility;
  private final ClientTokenLedger tokens = new ClientTokenLedger();
  private volatile boolean faultsEnabled = true;

  Ec2Behaviour(Ec2LikeSettings settings, EmulatorForwarder emulator, CallStats stats, ScriptedFaults scripted) {
    this.settings = settings;
    this.emulator = emulator;
    this.stats = stats;
    this.scripted = scripted;
    this.plan = new FaultPlan(settings);
    this.visibility = new VisibilityDelay(settings.visibilityDelay(), Clock.systemUTC());
  }

  /**
   * Rate faults and the visibility delay on or off; client tokens and scripted faults are not affected.
   * While off, nothing is hidden and nothing new is noted as created, and the dice are not rolled.
   */
  void setFaultsEnabled(boolean enabled) {
    faultsEnabled = enabled;
  }

  boolean faultsEnabled() {
    return faultsEnabled;
  }

  HttpAnswer answer(IncomingRequest request, QueryRequest call) throws InterruptedException {
    stats.request(call.action());
    boolean faults = faultsEnabled;
    FaultPlan.Roll roll = faults && settings.hasRateFaults() ? plan.roll() : FaultPlan.Roll.NONE;
    if (roll.latencyMs() > 0) {
      stats.latencyMs.add(roll.latencyMs());
      Thread.sleep(roll.latencyMs());
    }
    ScriptedFaults.Injection injection = scripted.match(call);
    if (injection != null && !injection.loseAnswer()) {
      stats.scripted.increment();
      return injection.answer();
    }
    HttpAnswer refused = roll.answer();
    if (refused != null) {
      stats.fault(roll.fault());
      return refused;
    }
    boolean hiding = faults && visibility.isActive();
    Reached reached = reach(request, call, hiding);
    if (injection != null) {
      stats.scripted.increment();
      return injection.answer();
    }
    if (roll.loseAnswer() && call.isWrite() && reached.fromEmulator()) {
      stats.lostAnswers.increment();
      return FaultPlan.Roll.internalError();
    }
    return reached.answer();
  }

  private Reached reach(IncomingRequest request, QueryRequest call, boolean hiding) {
    if (hiding) {
      Optional<HttpAnswer> notFound = visibility.notFound(call);
      if (notFound.isPresent()) {
        stats.hiddenNotFound.increment();
        return new Reached(notFound.get(), false);
      }
    }
    // what the emulator created is hidden before anyone can get the answer (a concurrent replay included)
    Supplier<HttpAnswer> viaEmulator = () -> hiding ? visibility.onAnswer(call, emulator.forward(request))
        : emulator.forward(request);
    Optional<String> token = settings.honourClientTokens() && "RunInstances".equals(call.action())
        ? call.param("ClientToken") : Optional.empty();
    if (token.isEmpty()) {
      return new Reached(viaEmulator.get(), true);
    }
    ClientTokenLedger.Outcome outcome = tokens.call(token.get(), call.canonicalWithout("ClientToken"), viaEmulator);
    switch (outcome.kind()) {
      case REPLAY -> stats.tokenReplays.increment();
      case MISMATCH -> stats.tokenMismatches.increment();
      case FIRST_CALL -> { }
    }
    return new Reached(outcome.answer(), outcome.kind() == ClientTokenLedger.Kind.FIRST_CALL);
  }
}

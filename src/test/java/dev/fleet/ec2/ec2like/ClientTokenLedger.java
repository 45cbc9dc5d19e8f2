package dev.fleet.ec2.ec2like;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * EC2's idempotency for client tokens: the first successful call with a token is remembered with its
 * parameters and answer; the same call again gets that answer without launching anything; the token
 * with other parameters is refused with IdempotentParameterMismatch. A failed first call records
 * nothing, so a retry really retries. Calls with one token run one at a time, so that two concurrent
 * retries cannot both launch.
 */
final class ClientTokenLedger {
  enum Kind { FIRST_CALL, REPLAY, MISMATCH }

  record Outcome(Kind kind, HttpAnswer answer) {}

  /** One token's record; its monitor serializes the calls with that token. */
  private static final class Slot {
    private String params;
    private HttpAnswer answer;
  }

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** Answers a call with {@code token}: from the record, or by {@code firstCall} (the emulator) when there is none. */
  Outcome call(String token, String canonicalParams, Supplier<HttpAnswer> firstCall) {
    Slot slot = slots.computeIfAbsent(token, t -> new Slot());
    synchronized (slot) {
      if (slot.answer != null) {
        return slot.params.equals(canonicalParams) ? new Outcome(Kind.REPLAY, slot.answer)
            : new Outcome(Kind.MISMATCH, HttpAnswer.ec2Error(400, "IdempotentParameterMismatch",
                "Arguments on this idempotent request are inconsistent with arguments used in previous request(s)."));
      }
      HttpAnswer answer = firstCall.get();
      if (answer.isSuccess()) {
        slot.params = canonicalParams;
        slot.answer = answer;
      }
      return new Outcome(Kind.FIRST_CALL, answer);
    }
  }
}

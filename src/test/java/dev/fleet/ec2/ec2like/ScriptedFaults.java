package dev.fleet.ec2.ec2like;

import java.util.ArrayList;
import java.util.List;

/**
 * Faults a test asks for by name: the next N calls of one action fail (or reach the emulator and lose
 * their answer), optionally only those for one instance type, or every EC2 call fails until healed. Deterministic, unlike {@link FaultPlan}, and
 * independent of {@code setFaultsEnabled}.
 */
final class ScriptedFaults {
  /**
   * A scripted fault that applies to one request.
   *
   * @param loseAnswer the request still reaches the emulator (it takes effect), only its answer is replaced
   */
  record Injection(int status, String code, String message, boolean loseAnswer) {
    HttpAnswer answer() {
      return HttpAnswer.ec2Error(status, code, message != null ? message : "injected " + code);
    }
  }

  private String action = "";
  private int failuresLeft;
  private int status;
  private String code = "";
  private boolean loseAnswers;
  /** Only calls whose InstanceType parameter is this one are scripted (counted, failed); null: every call. */
  private String instanceType;
  private String message;
  private int seen;
  private final List<String> bodies = new ArrayList<>();
  private Injection outage;

  /** The next {@code times} calls of {@code ec2Action} fail with {@code httpStatus} and {@code errorCode}. */
  synchronized void fail(String ec2Action, int times, int httpStatus, String errorCode) {
    action = ec2Action;
    failuresLeft = times;
    status = httpStatus;
    code = errorCode;
    loseAnswers = false;
    instanceType = null;
    message = null;
    seen = 0;
    bodies.clear();
  }

  /**
   * Like {@link #fail}, for the calls that ask for {@code type} only (RunInstances' InstanceType: a vCPU quota
   * refuses one bucket of instance types, not the others), answered with EC2's {@code errorMessage}.
   */
  synchronized void failInstanceType(String ec2Action, String type, int times, int httpStatus, String errorCode,
      String errorMessage) {
    fail(ec2Action, times, httpStatus, errorCode);
    instanceType = type;
    message = errorMessage;
  }

  /** Like {@link #fail}, but each of those calls reaches the emulator first: a reply lost on the way back. */
  synchronized void loseAnswers(String ec2Action, int times, int httpStatus, String errorCode) {
    fail(ec2Action, times, httpStatus, errorCode);
    loseAnswers = true;
  }

  /** Every EC2 call fails, without reaching the emulator, until {@link #heal}: EC2 down. */
  synchronized void failAll(int httpStatus, String errorCode) {
    outage = new Injection(httpStatus, errorCode, null, false);
  }

  synchronized void heal() {
    outage = null;
  }

  /** Calls of the scripted action since {@link #fail} or {@link #loseAnswers}, failed or not. */
  synchronized int seen() {
    return seen;
  }

  /** The form bodies of those calls. */
  synchronized List<String> bodies() {
    return List.copyOf(bodies);
  }

  /** The scripted fault for this call, or null; counts the call when it is of the scripted action. */
  synchronized Injection match(QueryRequest request) {
    boolean scripted = false;
    if (request.action().equals(action)
        && (instanceType == null || instanceType.equals(request.params().get("InstanceType")))) {
      seen++;
      bodies.add(request.form());
      scripted = failuresLeft > 0;
      failuresLeft = Math.max(0, failuresLeft - 1);
    }
    if (outage != null) {
      return outage;
    }
    return scripted ? new Injection(status, code, message, loseAnswers) : null;
  }
}

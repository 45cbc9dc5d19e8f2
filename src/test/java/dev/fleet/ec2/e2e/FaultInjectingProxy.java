package dev.fleet.ec2.e2e;

import dev.fleet.ec2.ec2like.Ec2LikeServer;
import dev.fleet.ec2.ec2like.Ec2LikeSettings;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.SortedMap;

/**
 * A loopback HTTP proxy in front of the emulator that answers the next N requests for one EC2 action
 * with an EC2 error, as real EC2 does under throttling or capacity shortage, and forwards the rest.
 * The operator reaches it through the same endpoint override as the emulator itself.
 *
 * <p>An {@link Ec2LikeServer} with only its scripted faults: no random faults, no visibility delay, and
 * client tokens not honoured, so that every attempt reaches the emulator as it would without the proxy
 * (the tests that use this count the emulator's launches).
 */
public final class FaultInjectingProxy implements AutoCloseable {
  private final Ec2LikeServer server;

  public FaultInjectingProxy(URI target) throws IOException {
    server = Ec2LikeServer.start(Ec2LikeSettings.builder(target).honourClientTokens(false).build());
  }

  public URI endpoint() {
    return server.endpoint();
  }

  /** The next {@code times} requests for {@code ec2Action} fail with {@code httpStatus} and {@code errorCode}. */
  public void fail(String ec2Action, int times, int httpStatus, String errorCode) {
    server.fail(ec2Action, times, httpStatus, errorCode);
  }

  /**
   * The next {@code times} requests for {@code ec2Action} that ask for instance type {@code type} fail with
   * {@code errorCode} and EC2's {@code errorMessage}; requests for other types go through (and are not counted).
   */
  public void failInstanceType(String ec2Action, String type, int times, int httpStatus, String errorCode,
      String errorMessage) {
    server.failInstanceType(ec2Action, type, times, httpStatus, errorCode, errorMessage);
  }

  /**
   * The next {@code times} requests for {@code ec2Action} reach the emulator, which acts on them, but
   * the caller gets {@code httpStatus} and {@code errorCode} instead of the answer: a reply lost on the way.
   */
  public void loseAnswers(String ec2Action, int times, int httpStatus, String errorCode) {
    server.loseAnswers(ec2Action, times, httpStatus, errorCode);
  }

  /** The bodies of the requests for the failing action seen since {@link #fail} or {@link #loseAnswers}. */
  public List<String> bodies() {
    return server.bodies();
  }

  /** Every EC2 request fails with {@code httpStatus} and {@code errorCode} until {@link #heal}: EC2 down. */
  public void failAll(int httpStatus, String errorCode) {
    server.failAll(httpStatus, errorCode);
  }

  public void heal() {
    server.heal();
  }

  /** Every request signed with {@code accessKeyId}, to EC2 or STS, is refused as AWS refuses a dead key, until restored. */
  public void revokeKey(String accessKeyId) {
    server.revokeKey(accessKeyId);
  }

  public void restoreKey(String accessKeyId) {
    server.restoreKey(accessKeyId);
  }

  /** What was refused for {@code accessKeyId} so far, by action. */
  public SortedMap<String, Long> refusedFor(String accessKeyId) {
    return server.refusedFor(accessKeyId);
  }

  /** GetServiceQuota for this quota answers {@code value}, as Service Quotas does for an account; others reach the emulator. */
  public void answerServiceQuota(String serviceCode, String quotaCode, double value) {
    server.answerServiceQuota(serviceCode, quotaCode, value);
  }

  /** Each GetServiceQuota request so far: "ec2/L-1216C47A signed for servicequotas in us-east-1". */
  public List<String> serviceQuotaRequests() {
    return server.serviceQuotaRequests();
  }

  /** Requests for the failing action (and type) seen since {@link #fail}, failed or forwarded. */
  public int seen() {
    return server.seen();
  }

  @Override
  public void close() {
    server.close();
  }
}

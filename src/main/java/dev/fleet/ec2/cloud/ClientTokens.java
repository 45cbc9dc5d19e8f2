package dev.fleet.ec2.cloud;

import java.util.UUID;

/**
 * RunInstances client tokens: {@code <resource uid>-g<generation>-<random>}, at most 64 characters as
 * EC2 requires. The uid and generation say which resource and which spec a recorded token was made for.
 */
public final class ClientTokens {

  private ClientTokens() {}

  public static String next(String uid, long generation) {
    return uid + "-g" + generation + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static boolean isFor(String token, String uid, long generation) {
    return token != null && token.startsWith(uid + "-g" + generation + "-");
  }

  /**
   * The token of the {@code index}-th launch of a pass whose base token is {@code base}: a pass retried
   * under the same base repeats the same tokens, and EC2 answers a repeated token with what it launched.
   */
  public static String forLaunch(String base, int index) {
    return base + "-" + index;
  }
}

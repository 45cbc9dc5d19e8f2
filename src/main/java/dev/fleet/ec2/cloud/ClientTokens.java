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
   * The token of one launch of a pass whose base token is {@code base}, named by what it launches
   * ({@code what}: pool, purpose, count), not by its place in the plan: a retried pass that plans the same
   * launch repeats its token, and EC2 answers a repeated token with what it launched the first time.
   */
  public static String forLaunch(String base, String what) {
    return base + "-" + String.format("%08x", what.hashCode());
  }
}

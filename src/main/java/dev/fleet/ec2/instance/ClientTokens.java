package dev.fleet.ec2.instance;

import java.util.UUID;

/**
 * RunInstances client tokens: {@code <resource uid>-g<generation>-<random>}, at most 64 characters as
 * EC2 requires. The uid and generation say which resource and which spec a recorded token was made for.
 */
final class ClientTokens {

  private ClientTokens() {}

  static String next(String uid, long generation) {
    return uid + "-g" + generation + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static boolean isFor(String token, String uid, long generation) {
    return token != null && token.startsWith(uid + "-g" + generation + "-");
  }
}

package dev.fleet.ec2.securitygroup;

/** Delay before the next attempt to delete a group still in use: 2 s doubling, at most 5 minutes. */
final class DeletionBackoff {
  static final long FIRST_MS = 2_000;
  static final long MAX_MS = 300_000;

  private DeletionBackoff() {}

  static long delayMillis(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 20));
    return Math.min(MAX_MS, FIRST_MS << doublings);
  }
}

package dev.fleet.ec2.observe;

/** Lets tests in other packages run one poll on their own thread, without the schedule. */
public final class Polls {
  private Polls() {}

  public static void pollOnce(Ec2Poll<?> poll) {
    poll.pollSafely();
  }
}

package dev.fleet.ec2.cloud;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for an answer another thread is fetching (a batched call, a cache load), with its own errors. */
final class Futures {
  private Futures() {}

  /**
   * The answer, or the very exception the fetching thread got. Interrupted, it gives up with a retryable
   * error whose outcome is unknown: the call it waited for may still take effect.
   */
  static <T> T await(CompletableFuture<T> answer, String action) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudErrorKind.RETRYABLE, action, "ClientError",
          "interrupted while waiting for a call made by another thread", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}

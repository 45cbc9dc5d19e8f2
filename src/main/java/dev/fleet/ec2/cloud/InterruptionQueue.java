package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.List;

/** The queue EC2's interruption, rebalance and state-change events arrive on (EventBridge to SQS). */
public interface InterruptionQueue {

  /** One message: its body and the handle that deletes it. */
  record Message(String body, String receiptHandle) {}

  /** Long-polls for up to {@code max} messages, waiting at most {@code wait}. */
  List<Message> receive(int max, Duration wait);

  void delete(String receiptHandle);
}

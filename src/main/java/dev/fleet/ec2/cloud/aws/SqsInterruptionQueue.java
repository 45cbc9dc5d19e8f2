package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.InterruptionQueue;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link InterruptionQueue} over SQS. */
public final class SqsInterruptionQueue implements InterruptionQueue {
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsInterruptionQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public List<Message> receive(int max, Duration wait) {
    return AwsErrors.call("ReceiveMessage", () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
            .maxNumberOfMessages(max).waitTimeSeconds((int) wait.toSeconds()))
        .messages().stream().map(m -> new Message(m.body(), m.receiptHandle())).toList());
  }

  @Override
  public void delete(String receiptHandle) {
    AwsErrors.call("DeleteMessage", () -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle)));
  }
}

package dev.fleet.ec2.e2e;

/** EventBridge messages as EC2 puts them on an interruption queue. */
final class InterruptionMessages {
  private InterruptionMessages() {}

  static String spotInterruptionWarning(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"7f1e2d3c-0000-4000-8000-000000000001\","
        + "\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\","
        + "\"account\":\"123456789012\",\"time\":\"2026-11-26T10:00:00Z\",\"region\":\"us-east-1\","
        + "\"resources\":[\"arn:aws:ec2:us-east-1a:instance/" + instanceId + "\"],"
        + "\"detail\":{\"instance-id\":\"" + instanceId + "\",\"instance-action\":\"terminate\"}}";
  }
}

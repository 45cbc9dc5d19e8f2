package dev.fleet.ec2.ec2like;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the client gets back: the emulator's answer (status, end-to-end headers, body), one made up
 * here, or {@link #DROP_CONNECTION}: no answer at all.
 */
record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body) {
  /** The connection closed before any answer: what a reset or a crashed front end looks like to a client. */
  static final HttpAnswer DROP_CONNECTION = new HttpAnswer(0, Map.of(), new byte[0]);

  /** An error the way EC2 writes one: XML {@code Response/Errors/Error/(Code, Message)}. */
  static HttpAnswer ec2Error(int status, String code, String message) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + escape(code)
        + "</Code><Message>" + escape(message) + "</Message></Error></Errors><RequestID>" + requestId()
        + "</RequestID></Response>";
    return new HttpAnswer(status, Map.of("Content-Type", List.of("text/xml;charset=UTF-8")),
        xml.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An error the way the other Query APIs (STS, IAM, SQS's old protocol) write one: XML
   * {@code ErrorResponse/Error/(Type, Code, Message)} and a {@code RequestId}.
   */
  static HttpAnswer queryError(int status, String code, String message) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>"
        + escape(code) + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>" + requestId()
        + "</RequestId></ErrorResponse>";
    return new HttpAnswer(status, Map.of("Content-Type", List.of("text/xml")), xml.getBytes(StandardCharsets.UTF_8));
  }

  /** An error the way JSON-protocol services (SQS today) write one: {@code __type} and {@code message}. */
  static HttpAnswer jsonError(int status, String code, String message) {
    String json = "{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}";
    return new HttpAnswer(status, Map.of("Content-Type", List.of("application/x-amz-json-1.0"),
        "x-amzn-RequestId", List.of(requestId())), json.getBytes(StandardCharsets.UTF_8));
  }

  static HttpAnswer json(int status, String json) {
    return new HttpAnswer(status, Map.of("Content-Type", List.of("application/json")),
        json.getBytes(StandardCharsets.UTF_8));
  }

  HttpAnswer withBody(byte[] newBody) {
    return new HttpAnswer(status, headers, newBody);
  }

  boolean isSuccess() {
    return status == 200;
  }

  private static String requestId() {
    return "ec2like-" + Long.toHexString(System.nanoTime());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

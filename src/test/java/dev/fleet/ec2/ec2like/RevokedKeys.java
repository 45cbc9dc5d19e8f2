package dev.fleet.ec2.ec2like;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access keys that stopped working (deleted, deactivated, an expired session): every request signed with
 * one is refused the way AWS refuses an unknown key, by any service, before anything else looks at it,
 * until the key is restored. What was refused is counted per key and action, so that a test can tell how
 * hard a client kept trying. The emulator itself accepts any key.
 */
final class RevokedKeys {
  /** SigV4: {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...}. */
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[^/]*/([^/]*)/([^/]+)/aws4_request");
  private static final String INVALID_KEY = "The security token included in the request is invalid.";

  /** Who signed a request: the access key id and the service it was signed for. */
  record Signer(String accessKeyId, String region, String service) {}

  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<String, LongAdder>> refused = new ConcurrentHashMap<>();

  void revoke(String accessKeyId) {
    revoked.add(accessKeyId);
  }

  void restore(String accessKeyId) {
    revoked.remove(accessKeyId);
  }

  /** What was refused for {@code accessKeyId} so far, by action ({@code GetCallerIdentity}, {@code DescribeInstances}). */
  SortedMap<String, Long> refused(String accessKeyId) {
    SortedMap<String, Long> byAction = new TreeMap<>();
    refused.getOrDefault(accessKeyId, Map.of()).forEach((action, n) -> byAction.put(action, n.sum()));
    return Collections.unmodifiableSortedMap(byAction);
  }

  /**
   * The refusal for a request signed with a revoked key, in its service's own error format so that the SDK
   * reads the code: EC2 401 {@code AuthFailure}; a JSON-protocol service 400 {@code UnrecognizedClientException};
   * any other Query API (STS, IAM) 403 {@code InvalidClientTokenId}. Empty for any other request.
   */
  Optional<HttpAnswer> refuse(IncomingRequest request) {
    if (revoked.isEmpty()) {
      return Optional.empty();
    }
    Optional<Signer> signer = signer(request.headers());
    if (signer.isEmpty() || !revoked.contains(signer.get().accessKeyId())) {
      return Optional.empty();
    }
    String target = header(request.headers(), "X-Amz-Target").orElse(null);
    String action = target != null ? target.substring(target.lastIndexOf('.') + 1)
        : QueryRequest.parse(request.method(), request.body()).map(QueryRequest::action).orElse(request.method());
    refused.computeIfAbsent(signer.get().accessKeyId(), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(action, a -> new LongAdder()).increment();
    if ("ec2".equals(signer.get().service())) {
      return Optional.of(HttpAnswer.ec2Error(401, "AuthFailure",
          "AWS was not able to validate the provided access credentials"));
    }
    if (target != null) {
      return Optional.of(HttpAnswer.jsonError(400, "UnrecognizedClientException", INVALID_KEY));
    }
    return Optional.of(HttpAnswer.queryError(403, "InvalidClientTokenId", INVALID_KEY));
  }

  static Optional<Signer> signer(Map<String, List<String>> headers) {
    return header(headers, "Authorization").map(CREDENTIAL::matcher).filter(Matcher::find)
        .map(m -> new Signer(m.group(1), m.group(2), m.group(3)));
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
        .flatMap(e -> e.getValue().stream()).findFirst();
  }
}

package dev.fleet.ec2.ec2like;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One EC2 Query API call: a form-encoded POST body {@code Action=...&Version=2016-11-15&...}. IAM, STS
 * and SQS's old query protocol look the same but carry their own API version, so the version tells EC2
 * apart; SQS's JSON protocol has no form body at all.
 */
record QueryRequest(String action, Map<String, String> params, String form) {
  /** The only EC2 API version there is (the SDK has sent it since 2016). */
  static final String EC2_API_VERSION = "2016-11-15";
  /** Parameter names (their last non-numeric segment) whose values name an instance or security group. */
  private static final Set<String> REFERENCE_NAMES = Set.of("InstanceId", "GroupId", "SecurityGroupId", "ResourceId");

  /** The EC2 call in this request, if it is one. */
  static Optional<QueryRequest> parseEc2(String method, byte[] body) {
    return parse(method, body).filter(call -> EC2_API_VERSION.equals(call.params().get("Version")));
  }

  /** The Query API call of any service (EC2, STS, IAM, SQS's old protocol) in this request, if it is one. */
  static Optional<QueryRequest> parse(String method, byte[] body) {
    if (!"POST".equalsIgnoreCase(method) || body.length == 0 || body[0] == '{') {
      return Optional.empty();
    }
    String form = new String(body, StandardCharsets.UTF_8);
    Map<String, String> params = new LinkedHashMap<>();
    try {
      for (String pair : form.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(name, value);
      }
    } catch (IllegalArgumentException notAForm) {
      return Optional.empty();
    }
    String action = params.get("Action");
    if (action == null || action.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new QueryRequest(action, Collections.unmodifiableMap(params), form));
  }

  /** Describe* and Get* only read; every other action may change something in EC2. */
  boolean isWrite() {
    return !action.startsWith("Describe") && !action.startsWith("Get");
  }

  Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty());
  }

  /** The parameters that make two calls "the same call" for a client token: all but the token, sorted. */
  String canonicalWithout(String excluded) {
    Map<String, String> sorted = new TreeMap<>(params);
    sorted.remove(excluded);
    return sorted.toString();
  }

  /**
   * The ids this call names: {@code InstanceId}, {@code InstanceId.N}, {@code ResourceId.N},
   * {@code GroupId}, {@code GroupId.N}, {@code SecurityGroupId.N}, also nested (such as
   * {@code NetworkInterface.1.SecurityGroupId.1} or {@code IpPermissions.1.Groups.1.GroupId}). Filter
   * values ({@code Filter.N.Value.M}) are not references: EC2 answers those with fewer items.
   */
  List<String> referencedIds() {
    List<String> ids = new ArrayList<>();
    params.forEach((name, value) -> {
      if (REFERENCE_NAMES.contains(lastNamedSegment(name)) && !value.isEmpty()) {
        ids.add(value);
      }
    });
    return ids;
  }

  private static String lastNamedSegment(String name) {
    String[] segments = name.split("\\.");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].chars().allMatch(Character::isDigit)) {
        return segments[i];
      }
    }
    return "";
  }
}

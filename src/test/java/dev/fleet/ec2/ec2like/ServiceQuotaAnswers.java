package dev.fleet.ec2.ec2like;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Service Quotas' GetServiceQuota answered for the quotas a test sets, as AWS answers it: the emulator knows
 * VPC's quotas only, not EC2's. A request for any other quota goes on to the emulator. Every GetServiceQuota
 * request is logged with the service and region its signature names, so a test sees how it was signed.
 */
final class ServiceQuotaAnswers {
  static final String TARGET = "ServiceQuotasV20190624.GetServiceQuota";
  private static final Pattern SERVICE_CODE = Pattern.compile("\"ServiceCode\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern QUOTA_CODE = Pattern.compile("\"QuotaCode\"\\s*:\\s*\"([^\"]+)\"");

  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** GetServiceQuota for {@code serviceCode}/{@code quotaCode} answers {@code value} from now on. */
  void set(String serviceCode, String quotaCode, double value) {
    values.put(serviceCode + "/" + quotaCode, value);
  }

  /** "ec2/L-1216C47A signed for servicequotas in us-east-1", one per request, answered here or not. */
  List<String> asked() {
    return List.copyOf(asked);
  }

  /** The answer for a GetServiceQuota request of a quota set here; empty for anything else. */
  Optional<HttpAnswer> answer(IncomingRequest request) {
    boolean getQuota = request.headers().entrySet().stream()
        .anyMatch(h -> h.getKey().toLowerCase(Locale.ROOT).equals("x-amz-target") && h.getValue().contains(TARGET));
    if (!getQuota) {
      return Optional.empty();
    }
    String body = new String(request.body(), StandardCharsets.UTF_8);
    String quota = first(SERVICE_CODE, body) + "/" + first(QUOTA_CODE, body);
    String signedFor = RevokedKeys.signer(request.headers())
        .map(s -> s.service() + " in " + s.region()).orElse("nothing (unsigned)");
    asked.add(quota + " signed for " + signedFor);
    Double value = values.get(quota);
    if (value == null) {
      return Optional.empty();
    }
    String[] codes = quota.split("/", 2);
    String json = "{\"Quota\":{\"ServiceCode\":\"" + codes[0] + "\",\"QuotaCode\":\"" + codes[1]
        + "\",\"Value\":" + value + ",\"Unit\":\"None\",\"Adjustable\":true,\"GlobalQuota\":false}}";
    return Optional.of(new HttpAnswer(200, Map.of("Content-Type", List.of("application/x-amz-json-1.1")),
        json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String first(Pattern p, String body) {
    Matcher m = p.matcher(body);
    return m.find() ? m.group(1) : "?";
  }
}

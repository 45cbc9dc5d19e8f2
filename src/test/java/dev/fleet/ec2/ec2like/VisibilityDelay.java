package dev.fleet.ec2.ec2like;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC2's eventual consistency for new resources: an instance or security group that was just created
 * is, for a while, missing from Describe answers, and calls naming it fail with NotFound, although
 * the create call succeeded. The emulator is strongly consistent, so this layer hides what it saw
 * created until {@code created + delay}.
 */
final class VisibilityDelay {
  private final Duration delay;
  private final Clock clock;
  private final Map<String, Instant> visibleFrom = new ConcurrentHashMap<>();

  VisibilityDelay(Duration delay, Clock clock) {
    this.delay = delay;
    this.clock = clock;
  }

  boolean isActive() {
    return !delay.isZero();
  }

  /**
   * Notes what a successful answer from the emulator created, and takes the hidden out of a Describe
   * answer. Not for replayed answers: a replay creates nothing, so it must not hide anything again.
   */
  HttpAnswer onAnswer(QueryRequest request, HttpAnswer answer) {
    if (!answer.isSuccess()) {
      return answer;
    }
    return switch (request.action()) {
      case "RunInstances" -> {
        hide(Ec2ResponseXml.launchedInstanceIds(answer.body()));
        yield answer;
      }
      case "CreateSecurityGroup" -> {
        hide(Ec2ResponseXml.createdGroupId(answer.body()).stream().toList());
        yield answer;
      }
      case "DescribeInstances" -> Ec2ResponseXml.withoutInstances(answer.body(), this::isHidden)
          .map(answer::withBody).orElse(answer);
      case "DescribeSecurityGroups" -> Ec2ResponseXml.withoutGroups(answer.body(), this::isHidden)
          .map(answer::withBody).orElse(answer);
      default -> answer;
    };
  }

  /**
   * EC2's NotFound for a call naming a hidden resource explicitly (describe by id, tag it, terminate it,
   * authorize a rule on it, launch into it), if it names one.
   */
  Optional<HttpAnswer> notFound(QueryRequest request) {
    for (String id : request.referencedIds()) {
      if (isHidden(id)) {
        return Optional.of(id.startsWith("sg-")
            ? HttpAnswer.ec2Error(400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist")
            : HttpAnswer.ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist"));
      }
    }
    return Optional.empty();
  }

  boolean isHidden(String id) {
    Instant from = visibleFrom.get(id);
    return from != null && clock.instant().isBefore(from);
  }

  private void hide(List<String> ids) {
    Instant now = clock.instant();
    visibleFrom.values().removeIf(from -> !now.isBefore(from)); // visible for good: forget
    Instant from = now.plus(delay);
    ids.forEach(id -> visibleFrom.put(id, from));
  }
}

package dev.fleet.ec2.cloud;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A thread-safe fake for the decorators' tests: records every call with its ids, knows every instance id
 * except those starting with {@code i-gone}, and, like EC2, fails a whole multi-id call when one id in it is
 * one of {@link #refuse}d ones.
 */
final class RecordingEc2Gateway extends ForwardingEc2Gateway {
  /** One call as the fake received it. */
  record Call(String action, List<String> ids) { }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<String, CloudException> refused = new java.util.concurrent.ConcurrentHashMap<>();
  final AtomicInteger vpcCalls = new AtomicInteger();
  final AtomicInteger subnetCalls = new AtomicInteger();
  /** When set, fails the next calls as a whole (throttling, say). */
  volatile CloudException failAll;
  /** Runs inside describe-like calls before they answer, so tests can hold a call in flight. */
  volatile Runnable during = () -> { };

  RecordingEc2Gateway() {
    super(new InMemoryEc2Gateway());
  }

  void refuse(String id, String code, CloudErrorKind kind) {
    refused.put(id, new CloudException(kind, "Any", code, "refused " + id, null));
  }

  List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  static ObservedInstance instance(String id) {
    return new ObservedInstance(id, "ami-1", "t3.micro", ObservedInstance.RUNNING, "subnet-1", "vpc-1", "us-east-1a",
        "10.0.0.1", null, null, Instant.EPOCH, "on-demand", null, Set.of(), Map.of(), null);
  }

  private <T> T record(String action, Collection<String> ids, Supplier<T> answer) {
    calls.add(new Call(action, List.copyOf(ids)));
    if (failAll != null) {
      throw failAll;
    }
    for (String id : ids) {
      if (refused.containsKey(id)) {
        throw refused.get(id);
      }
    }
    return answer.get();
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> ids) {
    return record("DescribeInstances", ids, () -> {
      during.run();
      return ids.stream().filter(id -> !id.startsWith("i-gone")).map(RecordingEc2Gateway::instance).toList();
    });
  }

  @Override
  public void terminateInstances(Collection<String> ids) {
    record("TerminateInstances", ids, () -> null);
  }

  @Override
  public void stopInstances(Collection<String> ids) {
    record("StopInstances", ids, () -> null);
  }

  @Override
  public void createTags(Collection<String> ids, Map<String, String> tags) {
    record("CreateTags " + new java.util.TreeMap<>(tags), ids, () -> null);
  }

  @Override
  public Optional<Vpc> findDefaultVpc() {
    vpcCalls.incrementAndGet();
    return record("DescribeVpcs", List.of(), () -> {
      during.run();
      return Optional.of(new Vpc("vpc-1", "10.0.0.0/16", true));
    });
  }

  @Override
  public Optional<Subnet> describeSubnet(String subnetId) {
    subnetCalls.incrementAndGet();
    return record("DescribeSubnets", List.of(subnetId), () -> subnetId.startsWith("subnet-new")
        ? Optional.empty() : Optional.of(new Subnet(subnetId, "vpc-1", "us-east-1a", "10.0.0.0/20", true)));
  }
}

package dev.fleet.ec2.cloud;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends the per-id calls that many reconcile threads make at once as one EC2 call where EC2 takes many
 * ids: DescribeInstances by id, Start/Stop/TerminateInstances, and Create/DeleteTags with the same tags.
 * Callers see no difference but a short wait (the idle window, 30 ms by default) and get their own
 * ids' answers and errors: see {@link CallBatcher}. Everything else passes through.
 */
public final class BatchingEc2Gateway extends ForwardingEc2Gateway implements AutoCloseable {
  /** EC2 pages DescribeInstances at 1,000 ids. */
  static final int MAX_DESCRIBE_IDS = 1000;
  /** EC2 documents no limit for the writes; a request this size stays well inside its request size limit. */
  static final int MAX_WRITE_IDS = 500;
  public static final Duration IDLE = Duration.ofMillis(30);
  public static final Duration MAX_WINDOW = Duration.ofMillis(200);

  private final CallBatcher<String, ObservedInstance> describe;
  private final CallBatcher<String, Boolean> start;
  private final CallBatcher<String, Boolean> stop;
  private final CallBatcher<String, Boolean> terminate;
  private final CallBatcher<Map<String, String>, Boolean> createTags;
  private final CallBatcher<Set<String>, Boolean> deleteTags;

  public BatchingEc2Gateway(Ec2Gateway delegate) {
    this(delegate, IDLE, MAX_WINDOW);
  }

  /** {@code idle} zero: no batching, every call goes out alone. */
  public BatchingEc2Gateway(Ec2Gateway delegate, Duration idle, Duration maxWindow) {
    this(delegate, idle, maxWindow, MAX_DESCRIBE_IDS, MAX_WRITE_IDS);
  }

  BatchingEc2Gateway(Ec2Gateway delegate, Duration idle, Duration maxWindow, int maxDescribeIds, int maxWriteIds) {
    super(delegate);
    describe = new CallBatcher<>("DescribeInstances", (none, ids) -> byId(delegate.describeInstancesById(ids)),
        maxDescribeIds, idle, maxWindow);
    Batchers writes = new Batchers(maxWriteIds, idle, maxWindow);
    start = writes.of("StartInstances", (none, ids) -> delegate.startInstances(ids));
    stop = writes.of("StopInstances", (none, ids) -> delegate.stopInstances(ids));
    terminate = writes.of("TerminateInstances", (none, ids) -> delegate.terminateInstances(ids));
    createTags = writes.of("CreateTags", (tags, ids) -> delegate.createTags(ids, tags));
    deleteTags = writes.of("DeleteTags", (keys, ids) -> delegate.deleteTags(ids, keys));
  }

  private interface Write<K> {
    void call(K key, List<String> ids);
  }

  /** Batchers for calls that answer nothing: every id of a call that went through succeeded. */
  private record Batchers(int maxIds, Duration idle, Duration max) {
    <K> CallBatcher<K, Boolean> of(String action, Write<K> write) {
      return new CallBatcher<>(action, (key, ids) -> {
        write.call(key, ids);
        return ids.stream().collect(Collectors.toMap(Function.identity(), id -> Boolean.TRUE));
      }, maxIds, idle, max);
    }
  }

  private static Map<String, ObservedInstance> byId(List<ObservedInstance> found) {
    Map<String, ObservedInstance> byId = new java.util.HashMap<>();
    found.forEach(i -> byId.put(i.instanceId(), i));
    return byId;
  }

  @Override
  public List<ObservedInstance> describeInstancesById(Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return List.of();
    }
    Map<String, ObservedInstance> found = describe.submit("", instanceIds);
    return new LinkedHashSet<>(instanceIds).stream().map(found::get).filter(Objects::nonNull).toList();
  }

  @Override
  public void startInstances(Collection<String> instanceIds) {
    start.submit("", instanceIds);
  }

  @Override
  public void stopInstances(Collection<String> instanceIds) {
    stop.submit("", instanceIds);
  }

  @Override
  public void terminateInstances(Collection<String> instanceIds) {
    terminate.submit("", instanceIds);
  }

  @Override
  public void createTags(Collection<String> resourceIds, Map<String, String> tags) {
    createTags.submit(Map.copyOf(tags), resourceIds);
  }

  @Override
  public void deleteTags(Collection<String> resourceIds, Collection<String> keys) {
    deleteTags.submit(Set.copyOf(keys), resourceIds);
  }

  /** Sends every waiting batch out now; later calls go out alone. */
  @Override
  public void close() {
    List.of(describe, start, stop, terminate, createTags, deleteTags).forEach(CallBatcher::close);
  }
}

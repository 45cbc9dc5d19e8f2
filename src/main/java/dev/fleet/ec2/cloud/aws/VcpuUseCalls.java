package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.ObservedInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The calls of {@link AwsEc2Gateway} that count what uses a vCPU quota: every running instance, and vCPUs per type. */
final class VcpuUseCalls {
  /** DescribeInstanceTypes takes at most 100 types per request. */
  private static final int TYPES_PER_CALL = 100;
  private final Ec2Client ec2;

  VcpuUseCalls(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Anyone's instances, not only ours: everything pending or running counts against the account's quota. */
  List<ObservedInstance> running() {
    return AwsErrors.call("DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.maxResults(
            AwsEc2Gateway.PAGE).filters(Filter.builder().name("instance-state-name").values("pending", "running")
            .build()))
        .reservations().stream()
        .flatMap(res -> res.instances().stream())
        .map(InstanceMapping::observed)
        .toList());
  }

  Map<String, Integer> vcpus(Collection<String> instanceTypes) {
    List<String> types = List.copyOf(new java.util.TreeSet<>(instanceTypes));
    Map<String, Integer> vcpus = new HashMap<>();
    for (int from = 0; from < types.size(); from += TYPES_PER_CALL) {
      List<String> chunk = new ArrayList<>(types.subList(from, Math.min(types.size(), from + TYPES_PER_CALL)));
      AwsErrors.call("DescribeInstanceTypes", () -> {
        ec2.describeInstanceTypesPaginator(r -> r.instanceTypesWithStrings(chunk)).instanceTypes().forEach(t -> {
          if (t.vCpuInfo() != null && t.vCpuInfo().defaultVCpus() != null) {
            vcpus.put(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus());
          }
        });
        return null;
      });
    }
    return vcpus;
  }
}

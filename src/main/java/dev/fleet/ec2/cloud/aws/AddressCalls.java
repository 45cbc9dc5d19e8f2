package dev.fleet.ec2.cloud.aws;

import dev.fleet.ec2.cloud.ObservedAddress;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The Elastic IP address calls of {@link AwsEc2Gateway}. */
final class AddressCalls {
  private final Ec2Client ec2;

  AddressCalls(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  ObservedAddress allocate(Map<String, String> tags) {
    return AwsErrors.call("AllocateAddress", () -> {
      var r = ec2.allocateAddress(b -> b.domain(DomainType.VPC)
          .tagSpecifications(InstanceMapping.tagsAtCreation(ResourceType.ELASTIC_IP, tags)));
      return new ObservedAddress(r.allocationId(), r.publicIp(), null, null, tags);
    });
  }

  /** DescribeAddresses is not paged: EC2 answers every address of the filter at once (a few per account). */
  List<ObservedAddress> byTag(String key, String value) {
    return AwsErrors.call("DescribeAddresses", () -> ec2.describeAddresses(b -> b.filters(
        Filter.builder().name("tag:" + key).values(value).build())).addresses().stream()
        .map(AddressCalls::observed).toList());
  }

  String associate(String allocationId, String instanceId) {
    return AwsErrors.call("AssociateAddress", () -> ec2.associateAddress(b -> b.allocationId(allocationId)
        .instanceId(instanceId).allowReassociation(false)).associationId());
  }

  void disassociate(String associationId) {
    AwsErrors.call("DisassociateAddress", () -> ec2.disassociateAddress(b -> b.associationId(associationId)));
  }

  void release(String allocationId) {
    AwsErrors.call("ReleaseAddress", () -> ec2.releaseAddress(b -> b.allocationId(allocationId)));
  }

  private static ObservedAddress observed(Address a) {
    return new ObservedAddress(a.allocationId(), a.publicIp(), blank(a.associationId()), blank(a.instanceId()),
        InstanceMapping.tagMap(a.tags()));
  }

  /** The emulator answers "" where EC2 leaves a field out. */
  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

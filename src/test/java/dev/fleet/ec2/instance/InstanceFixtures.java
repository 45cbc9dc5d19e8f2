package dev.fleet.ec2.instance;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.Ec2InstanceSpec;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Resources and observations shared by the instance unit tests. */
final class InstanceFixtures {
  static final String UID = "11111111-2222-3333-4444-555555555555";

  private InstanceFixtures() {}

  static Ec2Instance resource(String type, Map<String, String> tags) {
    var r = new Ec2Instance();
    r.setMetadata(new ObjectMetaBuilder().withName("web-1").withNamespace("demo").withUid(UID).withGeneration(1L)
        .build());
    var spec = new Ec2InstanceSpec();
    spec.setImageId("ami-0ed094fb1304fd857");
    spec.setInstanceType(type);
    spec.setTags(tags);
    r.setSpec(spec);
    return r;
  }

  static ObservedInstance observed(String state, String type, Set<String> groups, Map<String, String> userTags) {
    Map<String, String> tags = new HashMap<>(userTags);
    tags.putAll(OwnershipTags.of("c1", "demo", "web-1", UID).asMap());
    return new ObservedInstance("i-0123456789abcdef0", "ami-0ed094fb1304fd857", type, state, "subnet-0000000a",
        "vpc-00000001", "us-east-1a", "172.31.0.10", "203.0.113.10", "ec2-203-0-113-10.compute-1.amazonaws.com",
        Instant.parse("2026-01-01T00:00:00Z"), "on-demand", null, groups, tags, null);
  }
}

package dev.fleet.ec2.spotfleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleet.ec2.api.v1alpha1.BlockDeviceMapping;
import dev.fleet.ec2.api.v1alpha1.EbsVolume;
import dev.fleet.ec2.api.v1alpha1.InstanceMarket;
import dev.fleet.ec2.api.v1alpha1.LaunchSpecification;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.api.v1alpha1.SpotFleetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an EC2 spot-fleet request configuration (the JSON given to {@code aws ec2 request-spot-fleet
 * --spot-fleet-request-config}) into a SpotFleet. Every field it cannot carry over is reported.
 */
public final class SpotFleetRequestConverter {
  private static final Set<String> TOP = Set.of("TargetCapacity", "OnDemandTargetCapacity", "SpotPrice",
      "AllocationStrategy", "Type", "ExcessCapacityTerminationPolicy", "InstanceInterruptionBehavior", "IamFleetRole",
      "LaunchSpecifications", "SpotMaintenanceStrategies", "TagSpecifications");
  private static final Set<String> SPEC = Set.of("ImageId", "InstanceType", "SubnetId", "WeightedCapacity",
      "SpotPrice", "SecurityGroups", "KeyName", "UserData", "IamInstanceProfile", "BlockDeviceMappings",
      "TagSpecifications");
  private static final Set<String> MAPPING = Set.of("DeviceName", "Ebs");
  private static final Set<String> EBS = Set.of("VolumeSize", "VolumeType", "Iops", "Throughput", "Encrypted",
      "DeleteOnTermination");
  /** The most launch specifications a SpotFleet takes (its CRD's limit). */
  private static final int MAX_SPECIFICATIONS = 50;

  /** The fleet, what could not be converted, and what was converted into another shape. */
  public record Result(SpotFleet fleet, List<String> unsupported, List<String> notes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private SpotFleetRequestConverter() {}

  public static Result convert(String json, String name) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root.has("SpotFleetRequestConfig")) {
      root = root.get("SpotFleetRequestConfig"); // the shape DescribeSpotFleetRequests prints
    }
    List<String> unsupported = new ArrayList<>();
    report(root, TOP, "", unsupported);
    SpotFleetSpec spec = new SpotFleetSpec();
    spec.setTargetCapacity(root.path("TargetCapacity").asInt());
    if (root.has("OnDemandTargetCapacity")) {
      spec.setOnDemandTargetCapacity(root.get("OnDemandTargetCapacity").asInt());
    }
    text(root, "SpotPrice").ifPresent(spec::setSpotPrice);
    text(root, "IamFleetRole").ifPresent(spec::setIamFleetRole);
    text(root, "AllocationStrategy").ifPresent(s -> {
      try {
        spec.setAllocationStrategy(SpotFleetSpec.AllocationStrategy.valueOf(s));
      } catch (IllegalArgumentException e) {
        unsupported.add("AllocationStrategy " + s + " (using priceCapacityOptimized)");
      }
    });
    text(root, "Type").ifPresent(t -> {
      if ("request".equals(t) || "maintain".equals(t)) {
        spec.setType(SpotFleetSpec.FleetType.valueOf(t));
      } else {
        unsupported.add("Type " + t + " (using maintain)");
      }
    });
    text(root, "ExcessCapacityTerminationPolicy").ifPresent(p -> spec.setExcessCapacityTerminationPolicy(
        "noTermination".equals(p) ? SpotFleetSpec.ExcessCapacityTerminationPolicy.NO_TERMINATION
            : SpotFleetSpec.ExcessCapacityTerminationPolicy.DEFAULT));
    text(root, "InstanceInterruptionBehavior").ifPresent(b ->
        spec.setInstanceInterruptionBehavior(InstanceMarket.InterruptionBehavior.valueOf(b)));
    JsonNode rebalance = root.path("SpotMaintenanceStrategies").path("CapacityRebalance");
    if (!rebalance.isMissingNode()) {
      String strategy = rebalance.path("ReplacementStrategy").asText("launch");
      spec.setCapacityRebalance("launch-before-terminate".equals(strategy)
          ? SpotFleetSpec.CapacityRebalance.launchBeforeTerminate : SpotFleetSpec.CapacityRebalance.launch);
      if (rebalance.has("TerminationDelay")) {
        spec.setTerminationDelaySeconds(rebalance.get("TerminationDelay").asInt());
      }
    }
    spec.setTags(tags(root.path("TagSpecifications")));
    List<LaunchSpecification> specs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int n = 0;
    for (JsonNode ls : root.path("LaunchSpecifications")) {
      String prefix = "LaunchSpecifications[" + n++ + "]";
      report(ls, SPEC, prefix + ".", unsupported);
      LaunchSpecification converted = launchSpecification(ls);
      converted.setBlockDeviceMappings(blockDevices(ls.path("BlockDeviceMappings"), prefix, unsupported));
      List<String> subnets = subnets(ls);
      if (subnets.size() > 1) {
        notes.add(prefix + ": SubnetId lists " + subnets.size() + " subnets; EC2 makes each its own pool, so it"
            + " becomes one launch specification per subnet: " + String.join(", ", subnets));
      }
      specs.addAll(perSubnet(converted, subnets));
    }
    if (specs.size() > MAX_SPECIFICATIONS) {
      unsupported.add("LaunchSpecifications: " + specs.size() + " after one per subnet, but a SpotFleet takes at most "
          + MAX_SPECIFICATIONS + ": split the request into several fleets");
    }
    spec.setLaunchSpecifications(specs);
    SpotFleet fleet = new SpotFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName(name).build());
    fleet.setSpec(spec);
    fleet.setStatus(null);
    return new Result(fleet, unsupported, notes);
  }

  private static LaunchSpecification launchSpecification(JsonNode ls) {
    LaunchSpecification s = new LaunchSpecification();
    s.setImageId(ls.path("ImageId").asText(null));
    s.setInstanceType(ls.path("InstanceType").asText(null));
    if (ls.has("WeightedCapacity")) {
      s.setWeightedCapacity((int) Math.max(1, Math.round(ls.get("WeightedCapacity").asDouble())));
    }
    text(ls, "SpotPrice").ifPresent(s::setSpotPrice);
    text(ls, "KeyName").ifPresent(s::setKeyName);
    text(ls, "UserData").ifPresent(u -> s.setUserData(new String(Base64.getDecoder().decode(u),
        StandardCharsets.UTF_8)));
    JsonNode profile = ls.path("IamInstanceProfile");
    if (!profile.isMissingNode()) {
      s.setIamInstanceProfile(profile.has("Arn") ? profile.get("Arn").asText() : profile.path("Name").asText(null));
    }
    List<String> groups = new ArrayList<>();
    ls.path("SecurityGroups").forEach(g -> groups.add(g.path("GroupId").asText()));
    if (!groups.isEmpty()) {
      s.setSecurityGroupIds(groups);
    }
    s.setTags(tags(ls.path("TagSpecifications")));
    return s;
  }

  /**
   * The subnets of {@code SubnetId}: EC2 takes a comma-separated list ("subnet-a, subnet-b") and treats each
   * (specification, subnet) as one capacity pool.
   */
  private static List<String> subnets(JsonNode ls) {
    return text(ls, "SubnetId").map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
        .distinct().toList()).orElse(List.of());
  }

  /** The specification once per subnet (a SpotFleet launch specification has one), or as it is without any. */
  private static List<LaunchSpecification> perSubnet(LaunchSpecification converted, List<String> subnets) {
    if (subnets.isEmpty()) {
      return List.of(converted);
    }
    List<LaunchSpecification> specs = new ArrayList<>();
    for (String subnet : subnets) {
      LaunchSpecification copy = JSON.convertValue(converted, LaunchSpecification.class);
      copy.setSubnetId(subnet);
      specs.add(copy);
    }
    return specs;
  }

  /** EBS mappings as they are; the fields and mappings a SpotFleet cannot carry (instance store, NoDevice) reported. */
  private static List<BlockDeviceMapping> blockDevices(JsonNode mappings, String prefix, List<String> unsupported) {
    List<BlockDeviceMapping> converted = new ArrayList<>();
    int i = 0;
    for (JsonNode m : mappings) {
      String at = prefix + ".BlockDeviceMappings[" + i++ + "]";
      if (!m.path("Ebs").isObject() || !m.hasNonNull("DeviceName")) {
        unsupported.add(at + " (" + m.path("DeviceName").asText("no DeviceName") + ": only EBS volumes with a"
            + " device name are carried; instance store and NoDevice mappings are not)");
        continue;
      }
      report(m, MAPPING, at + ".", unsupported);
      JsonNode ebs = m.get("Ebs");
      report(ebs, EBS, at + ".Ebs.", unsupported);
      EbsVolume volume = new EbsVolume();
      integer(ebs, "VolumeSize").ifPresent(volume::setVolumeSize);
      integer(ebs, "Iops").ifPresent(volume::setIops);
      integer(ebs, "Throughput").ifPresent(volume::setThroughput);
      text(ebs, "VolumeType").ifPresent(t -> {
        try {
          volume.setVolumeType(EbsVolume.VolumeType.valueOf(t));
        } catch (IllegalArgumentException e) {
          unsupported.add(at + ".Ebs.VolumeType " + t + " (EC2's default applies)");
        }
      });
      if (ebs.hasNonNull("Encrypted")) {
        volume.setEncrypted(ebs.get("Encrypted").asBoolean());
      }
      if (ebs.hasNonNull("DeleteOnTermination")) {
        volume.setDeleteOnTermination(ebs.get("DeleteOnTermination").asBoolean());
      }
      BlockDeviceMapping mapping = new BlockDeviceMapping();
      mapping.setDeviceName(m.get("DeviceName").asText());
      mapping.setEbs(volume);
      converted.add(mapping);
    }
    return converted.isEmpty() ? null : converted;
  }

  private static java.util.Optional<Integer> integer(JsonNode node, String field) {
    return node.hasNonNull(field) ? java.util.Optional.of(node.get(field).asInt()) : java.util.Optional.empty();
  }

  private static Map<String, String> tags(JsonNode specs) {
    Map<String, String> tags = new LinkedHashMap<>();
    specs.forEach(ts -> ts.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText(""))));
    return tags.isEmpty() ? null : tags;
  }

  private static java.util.Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? java.util.Optional.of(node.get(field).asText()) : java.util.Optional.empty();
  }

  private static void report(JsonNode node, Set<String> known, String prefix, List<String> unsupported) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        unsupported.add(prefix + f);
      }
    }
  }
}

package dev.fleet.ec2.elasticip;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.ElasticIpSpec;
import dev.fleet.ec2.api.v1alpha1.ReservedTagKeys;
import dev.fleet.ec2.cloud.OwnershipTags;
import java.util.Map;

/** What an ElasticIp asks for: an address with these tags, and whether to keep it on delete. Pure. */
public record ElasticIpDesired(OwnershipTags ownership, Map<String, String> userTags, boolean retain) {

  public static ElasticIpDesired from(ElasticIp resource, String cluster) {
    ElasticIpSpec spec = resource.getSpec();
    var meta = resource.getMetadata();
    Map<String, String> tags = spec.getTags() == null ? Map.of() : ReservedTagKeys.withoutReserved(spec.getTags());
    return new ElasticIpDesired(OwnershipTags.of(cluster, meta.getNamespace(), meta.getName(), meta.getUid()),
        Map.copyOf(tags), spec.getDeletionPolicy() == DeletionPolicy.Retain);
  }

  /** Every tag the address carries: the user's, then the ownership tags (which win). */
  public Map<String, String> allTags() {
    return ownership.over(userTags);
  }
}

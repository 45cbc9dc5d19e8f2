package dev.fleet.ec2.sweep;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;
import java.util.List;
import java.util.Set;

/**
 * The Kubernetes resources that may own EC2 resources, read straight from the API server (not the
 * operator's informer caches, which a label selector narrows): one paginated listing of each kind per
 * sweep in the watched namespaces, and a live GET by namespace/name before anything is called an orphan.
 * Every failure is thrown: the sweep never judges from a partial view.
 */
final class OwnerDirectory {
  private static final long PAGE = 500;
  private final KubernetesClient kube;
  private final Set<String> namespaces;

  /** @param namespaces the watched namespaces; empty: all */
  OwnerDirectory(KubernetesClient kube, Set<String> namespaces) {
    this.kube = kube;
    this.namespaces = Set.copyOf(namespaces);
  }

  /** Every Ec2Instance, SecurityGroup and SpotFleet in the watched namespaces, whatever their labels. */
  KnownOwners list() {
    KnownOwners owners = new KnownOwners();
    for (OrphanKind kind : OrphanKind.values()) {
      if (namespaces.isEmpty()) {
        listInto(owners, kind, kube.resources(type(kind)).inAnyNamespace());
      } else {
        for (String ns : namespaces) {
          listInto(owners, kind, kube.resources(type(kind)).inNamespace(ns));
        }
      }
    }
    return owners;
  }

  /** True when a resource of the claim's owner kind exists at its namespace/name now (a live GET). */
  boolean existsNow(OwnershipClaim claim) {
    return kube.resources(type(claim.kind())).inNamespace(claim.namespace()).withName(claim.name()).get() != null;
  }

  private static void listInto(KnownOwners owners, OrphanKind kind,
      Listable<? extends KubernetesResourceList<? extends HasMetadata>> resources) {
    String next = null;
    do {
      var page = resources.list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      List<? extends HasMetadata> items = page.getItems();
      for (HasMetadata r : items) {
        var m = r.getMetadata();
        owners.add(kind.ownerKind(), m.getNamespace(), m.getName(), m.getUid());
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  static Class<? extends HasMetadata> type(OrphanKind kind) {
    return switch (kind) {
      case INSTANCE -> Ec2Instance.class;
      case FLEET_INSTANCE -> SpotFleet.class;
      case SECURITY_GROUP -> SecurityGroup.class;
    };
  }
}

package dev.fleet.ec2.e2e;

import static dev.fleet.ec2.e2e.Ec2InstanceResources.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleet.ec2.api.v1alpha1.DeletionPolicy;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.ElasticIpSpec;
import dev.fleet.ec2.api.v1alpha1.LocalRef;
import dev.fleet.ec2.api.v1alpha1.PowerState;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.cloud.OwnershipTags;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ElasticIp end to end: an address bound to an Ec2Instance is its public IP and stays so across a stop and start
 * by the spec; disassociated by hand it is associated again; a new instanceRef moves it; Delete releases it and
 * Retain leaves it allocated without the operator's tags.
 */
@ExtendWith(E2eExtension.class)
class ElasticIpIT {

  @Test
  void anAddressFollowsItsInstanceAcrossStopStartDriftAndAMove(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var addresses = env.client().resources(ElasticIp.class).inNamespace(ns.name());
    var instances = new Ec2InstanceResources(env, ns);
    try (var operator = RunningOperator.start(env); var ec2 = new DirectEc2(env)) {
      String uid = addresses.resource(elasticIp("ssh", "web-1", DeletionPolicy.Delete)).create().getMetadata()
          .getUid();
      // the address is allocated at once; it waits for its instance
      ElasticIp waiting = await(addresses.withName("ssh"), "waiting for its instance",
          has("Synced", "False", "WaitingForInstance"));
      String ip = waiting.getStatus().getPublicIp();
      String allocation = waiting.getStatus().getAllocationId();
      assertThat(allocation).startsWith("eipalloc-");
      assertThat(ownedBy(ec2, uid)).singleElement().satisfies(a -> {
        assertThat(a.tags()).as("tagged at creation").containsEntry(OwnershipTags.CLUSTER, RunningOperator.CLUSTER)
            .containsEntry("Name", "ssh-by-test");
        assertThat(a.associated()).isFalse();
      });

      instances.create(Ec2InstanceResources.instance("web-1", "t3.micro", Map.of()));
      String first = instances.awaitReady("web-1").getStatus().getInstanceId();
      ElasticIp bound = await(addresses.withName("ssh"), "associated", has("Ready", "True", "Associated"));
      assertThat(bound.getStatus().getInstanceId()).isEqualTo(first);
      assertThat(ec2.instance(first).publicIpAddress()).as("EC2's public IP of the instance").isEqualTo(ip);
      Ec2Instance shown = instances.await("web-1", "its public IP is the address",
          i -> ip.equals(i.getStatus().getPublicIpAddress()) && "ssh".equals(i.getStatus().getElasticIp()));
      assertThat(shown.getStatus().getElasticIp()).isEqualTo("ssh");

      // stopped and started by the spec: the same public IP afterwards
      instances.edit("web-1", i -> {
        i.getSpec().setState(PowerState.stopped);
        return i;
      });
      instances.await("web-1", "stopped", hasCondition("Ready", "True", "Stopped"));
      instances.edit("web-1", i -> {
        i.getSpec().setState(PowerState.running);
        return i;
      });
      instances.await("web-1", "running again with the same public IP", i -> hasCondition("Ready", "True", "Running")
          .test(i) && ip.equals(i.getStatus().getPublicIpAddress()));
      Awaitility.await("EC2 reports the address as the instance's public IP").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> ip.equals(ec2.instance(first).publicIpAddress()));

      // disassociated by hand: associated again. Whatever association is current is taken away, again if the
      // operator just associated the address for another reason (after the restart), until it reports the repair
      Awaitility.await("associated again after a disassociation by hand").atMost(Ec2InstanceResources.PATIENCE)
          .pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            ObservedAddress a = ownedBy(ec2, uid).get(0);
            boolean repaired = env.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
                .anyMatch(e -> "DisassociatedOutside".equals(e.getReason()));
            if (repaired) {
              return a.associated() && first.equals(a.instanceId());
            }
            if (a.associated()) {
              ec2.gateway().disassociateAddress(a.associationId());
            }
            return false;
          });

      // a new instanceRef moves it
      instances.create(Ec2InstanceResources.instance("web-2", "t3.micro", Map.of()));
      String second = instances.awaitReady("web-2").getStatus().getInstanceId();
      ConflictFreeEdit.edit(addresses.withName("ssh"), e -> {
        e.getSpec().setInstanceRef(new LocalRef("web-2"));
        return e;
      });
      await(addresses.withName("ssh"), "moved", e -> has("Ready", "True", "Associated").test(e)
          && second.equals(e.getStatus().getInstanceId()));
      assertThat(ec2.instance(second).publicIpAddress()).isEqualTo(ip);
      instances.await("web-2", "shows the address", i -> ip.equals(i.getStatus().getPublicIpAddress())
          && "ssh".equals(i.getStatus().getElasticIp()));
      instances.await("web-1", "no longer shows it", i -> i.getStatus().getElasticIp() == null);
      assertThat(ec2.instance(first).publicIpAddress()).isNotEqualTo(ip);

      // Delete: disassociated and released
      addresses.withName("ssh").delete();
      Awaitility.await("released").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> addresses.withName("ssh").get() == null && ownedBy(ec2, uid).isEmpty());
      assertThat(ec2.sdk().describeAddresses().addresses()).noneMatch(a -> allocation.equals(a.allocationId()));
      instances.deleteAndAwaitGone("web-1", "web-2");
    }
  }

  @Test
  void retainLeavesTheAddressAllocatedWithoutTheOperatorsTags(E2eEnvironment env, TestNamespace ns)
      throws Exception {
    var addresses = env.client().resources(ElasticIp.class).inNamespace(ns.name());
    try (var operator = RunningOperator.start(env); var ec2 = new DirectEc2(env)) {
      String uid = addresses.resource(elasticIp("kept", null, DeletionPolicy.Retain)).create().getMetadata()
          .getUid();
      ElasticIp ready = await(addresses.withName("kept"), "allocated", has("Ready", "True", "Allocated"));
      assertThat(ready.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Synced");
        assertThat(c.getStatus()).isEqualTo("True");
      });
      addresses.withName("kept").delete();
      Awaitility.await("deleted").atMost(Ec2InstanceResources.PATIENCE)
          .until(() -> addresses.withName("kept").get() == null);
      assertThat(ownedBy(ec2, uid)).isEmpty();
      var left = ec2.gateway().describeAddressesByTag("Name", "kept-by-test");
      assertThat(left).singleElement().satisfies(a -> {
        assertThat(a.allocationId()).isEqualTo(ready.getStatus().getAllocationId());
        assertThat(a.publicIp()).isEqualTo(ready.getStatus().getPublicIp());
        assertThat(a.tags()).doesNotContainKeys(OwnershipTags.OWNER_UID, OwnershipTags.OWNER, OwnershipTags.CLUSTER);
      });
      ec2.gateway().releaseAddress(ready.getStatus().getAllocationId());
    }
  }

  private static ElasticIp elasticIp(String name, String instance, DeletionPolicy policy) {
    var spec = new ElasticIpSpec();
    if (instance != null) {
      spec.setInstanceRef(new LocalRef(instance));
    }
    spec.setTags(Map.of("Name", name + "-by-test"));
    spec.setDeletionPolicy(policy);
    var e = new ElasticIp();
    e.setMetadata(new ObjectMetaBuilder().withName(name).build());
    e.setSpec(spec);
    return e;
  }

  private static List<ObservedAddress> ownedBy(DirectEc2 ec2, String uid) {
    return ec2.gateway().describeAddressesByTag(OwnershipTags.OWNER_UID, uid);
  }

  private static Predicate<ElasticIp> has(String type, String status, String reason) {
    return e -> e.getStatus() != null && e.getStatus().getConditions() != null && e.getStatus().getConditions()
        .stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())
            && reason.equals(c.getReason()));
  }

  private static ElasticIp await(Resource<ElasticIp> r, String what, Predicate<ElasticIp> check) {
    Awaitility.await(what).atMost(Ec2InstanceResources.PATIENCE).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          ElasticIp e = r.get();
          return e != null && check.test(e);
        });
    return r.get();
  }
}

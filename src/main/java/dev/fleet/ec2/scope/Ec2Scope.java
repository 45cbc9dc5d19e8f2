package dev.fleet.ec2.scope;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.cloud.ObservedAddress;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2ErrorTable;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.InterruptionQueue;
import dev.fleet.ec2.cloud.ObservedInstance;
import dev.fleet.ec2.cloud.ObservedKeyPair;
import dev.fleet.ec2.cloud.ObservedSecurityGroup;
import dev.fleet.ec2.cloud.OwnershipTags;
import dev.fleet.ec2.cloud.ParameterStore;
import dev.fleet.ec2.observe.Ec2Poll;
import dev.fleet.ec2.observe.OwnedInventory;
import dev.fleet.ec2.observe.SharedInstancePoll;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator keeps for one (account, region) in use: its EC2 gateway, the one instance poll and one
 * group poll there (each a paginated describe by our cluster tag per poll interval, whatever the count), the
 * inventories they feed, and each kind's own helpers bound to them ({@link #kit}).
 */
public final class Ec2Scope implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ec2Scope.class);

  private final ScopeKey key;
  private final Ec2Connector.Connection connection;
  private final SharedInstancePoll instancePoll;
  private final Ec2Poll<ObservedSecurityGroup> groupPoll;
  private final OwnedInventory<ObservedInstance, Ec2Instance> instances;
  private final OwnedInventory<ObservedInstance, SpotFleet> fleetInstances;
  private final OwnedInventory<ObservedSecurityGroup, SecurityGroup> groups;
  private final OnDemandInventory<ObservedKeyPair, KeyPair> keyPairs;
  private final OnDemandInventory<ObservedAddress, ElasticIp> addresses;
  private final Map<Class<?>, Object> kits = new ConcurrentHashMap<>();

  Ec2Scope(ScopeKey key, Ec2Connector.Connection connection, Ec2Scopes.Settings settings) {
    this.key = key;
    this.connection = connection;
    Ec2Gateway ec2 = connection.gateway();
    this.instancePoll = new SharedInstancePoll(ec2, settings.cluster(), settings.pollInterval(), settings.clock(),
        settings.leading(), "ec2-instances@" + key);
    this.groupPoll = poll("ec2-security-groups@" + key,
        () -> ec2.describeSecurityGroupsByTag(OwnershipTags.CLUSTER, settings.cluster()), settings);
    this.instances = OwnedInventory.instances(instancePoll, settings.clock(), settings.instanceEvents());
    this.fleetInstances = OwnedInventory.fleetInstances(instancePoll, settings.clock(), settings.fleetEvents());
    this.groups = OwnedInventory.securityGroups(groupPoll, settings.clock(), settings.groupEvents());
    var keyPairPoll = poll("ec2-key-pairs@" + key, () -> ec2.describeKeyPairsByTag(OwnershipTags.CLUSTER,
        settings.cluster()), settings);
    this.keyPairs = new OnDemandInventory<>(keyPairPoll, OwnedInventory.keyPairs(keyPairPoll, settings.clock(),
        settings.keyPairEvents()));
    var addressPoll = poll("ec2-addresses@" + key, () -> ec2.describeAddressesByTag(OwnershipTags.CLUSTER,
        settings.cluster()), settings);
    this.addresses = new OnDemandInventory<>(addressPoll, OwnedInventory.addresses(addressPoll, settings.clock(),
        settings.addressEvents()));
    if (!key.account().isEmpty()) {
      // In the steady state the polls are all that asks EC2: credentials that stop working must reach the
      // account from them too (it checks them at once, at most every 30 s), not only from a resource's call.
      Consumer<RuntimeException> refused = e -> CloudException.in(e)
          .filter(c -> Ec2ErrorTable.credentialProblem(c.errorCode()))
          .ifPresent(c -> settings.credentialsFailed().accept(key.account()));
      instancePoll.onFailure(refused);
      groupPoll.onFailure(refused);
      keyPairPoll.onFailure(refused);
      addressPoll.onFailure(refused);
    }
  }

  /** One describe by our cluster tag per poll interval. */
  private static <T> Ec2Poll<T> poll(String name, java.util.function.Supplier<List<T>> describe,
      Ec2Scopes.Settings settings) {
    return new Ec2Poll<>(name, describe, settings.pollInterval(), SharedInstancePoll.SOONEST_EXTRA_POLL,
        settings.clock(), settings.leading());
  }

  void start() {
    instances.start();
    groups.start();
    keyPairs.start();
    addresses.start();
    log.info("EC2 scope {} in use: polling its instances and security groups", key);
  }

  public ScopeKey key() {
    return key;
  }

  public Ec2Gateway ec2() {
    return connection.gateway();
  }

  /** The interruption queue at {@code url}, read with this scope's credentials in its region. */
  public InterruptionQueue queue(String url) {
    return connection.queues().apply(url);
  }

  /** Systems Manager parameters here (an imageId that names one is resolved in its resource's scope). */
  public ParameterStore parameters() {
    return connection.parameters();
  }

  public OwnedInventory<ObservedInstance, Ec2Instance> instances() {
    return instances;
  }

  public OwnedInventory<ObservedInstance, SpotFleet> fleetInstances() {
    return fleetInstances;
  }

  public OwnedInventory<ObservedSecurityGroup, SecurityGroup> groups() {
    return groups;
  }

  /** No resource of {@code kind} acts here any more: a poll only that kind needs pauses until one asks again. */
  void noUserOf(String kind) {
    if (HasMetadata.getKind(KeyPair.class).equals(kind)) {
      keyPairs.release();
    } else if (HasMetadata.getKind(ElasticIp.class).equals(kind)) {
      addresses.release();
    }
  }

  /** Whether the poll only {@code kind} needs runs here now (asking does not start it). */
  boolean polling(Class<? extends HasMetadata> kind) {
    return kind == KeyPair.class ? keyPairs.polling() : kind == ElasticIp.class && addresses.polling();
  }

  /** Key pairs here: polled while a KeyPair acts here, so a scope without any never describes them. */
  public OwnedInventory<ObservedKeyPair, KeyPair> keyPairs() {
    return keyPairs.get();
  }

  /** Elastic IP addresses here: polled from the first time an ElasticIp asks. */
  public OwnedInventory<ObservedAddress, ElasticIp> addresses() {
    return addresses.get();
  }

  /** The instances tagged with our cluster here, as the latest poll saw them (for the orphan sweep). */
  public List<ObservedInstance> polledInstances() {
    return instancePoll.items();
  }

  /** The security groups tagged with our cluster here, as the latest poll saw them. */
  public List<ObservedSecurityGroup> polledGroups() {
    return groupPoll.items();
  }

  /**
   * A kind's own helpers bound to this scope (its Sync over this gateway, over these inventories), made
   * once per scope: {@code type} names the kit, {@code make} builds it.
   */
  public <K> K kit(Class<K> type, Function<Ec2Scope, K> make) {
    Object kit = kits.get(type);
    if (kit == null) {
      synchronized (kits) { // not computeIfAbsent: a kit may be made with another kit (the scope's spot prices)
        kit = kits.get(type);
        if (kit == null) {
          kit = make.apply(this);
          kits.put(type, kit);
        }
      }
    }
    return type.cast(kit);
  }

  SharedInstancePoll instancePoll() {
    return instancePoll;
  }

  Ec2Poll<ObservedSecurityGroup> groupPoll() {
    return groupPoll;
  }

  /** Asks for polls soon (a replica that just became leader). */
  void refresh() {
    instances.refresh();
    groups.refresh();
    keyPairs.refresh();
    addresses.refresh();
  }

  @Override
  public void close() {
    instancePoll.close();
    groupPoll.close();
    keyPairs.close();
    addresses.close();
    try {
      connection.resources().close();
    } catch (Exception e) {
      log.debug("closing EC2 scope {}", key, e);
    }
    log.info("EC2 scope {} no longer in use: its polls and clients are closed", key);
  }
}

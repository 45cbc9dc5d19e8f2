package dev.fleet.ec2.scope;

import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.observe.InventoryEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The (account, region) scopes in use. The operator's own (its credentials, its region) always exists; any
 * other is opened when the first resource needs it and closed when the last one using it is deleted, so an
 * idle region costs no polls. Every resource that acts in a scope is counted as its user until it is gone.
 */
public final class Ec2Scopes implements AutoCloseable {
  /**
   * What every scope's polls and inventories share.
   *
   * @param credentialsFailed told the AwsAccount's name when EC2 refuses a poll of its scope for the credentials
   */
  public record Settings(String cluster, Duration pollInterval, Clock clock, BooleanSupplier leading,
      InventoryEvents<Ec2Instance> instanceEvents, InventoryEvents<SpotFleet> fleetEvents,
      InventoryEvents<SecurityGroup> groupEvents, InventoryEvents<KeyPair> keyPairEvents,
      InventoryEvents<ElasticIp> addressEvents, Consumer<String> credentialsFailed) {}

  /**
   * Told when a scope starts being polled and before it closes (its clients with it), so that what is bound
   * to a scope (its interruption queue's reader) lives exactly as long. Called under this object's lock:
   * a listener must not call back into it.
   */
  public interface Listener {
    void opened(Ec2Scope scope);

    void closing(Ec2Scope scope);
  }

  private static final Listener NO_LISTENER = new Listener() {
    @Override
    public void opened(Ec2Scope scope) { }

    @Override
    public void closing(Ec2Scope scope) { }
  };

  private final Ec2Connector connector;
  private final Listener listener;
  private final Settings settings;
  private final Ec2Scope home;
  private final Map<ScopeKey, Ec2Scope> open = new HashMap<>();
  private final Map<ScopeKey, Set<String>> users = new HashMap<>();
  private final Map<String, ScopeKey> usedBy = new HashMap<>();
  private boolean started;

  /** Opens the operator's own scope at once: it is always polled (orphans, the start-up check). */
  public Ec2Scopes(Ec2Connector connector, Settings settings, ScopeKey home) {
    this(connector, settings, home, NO_LISTENER);
  }

  public Ec2Scopes(Ec2Connector connector, Settings settings, ScopeKey home, Listener listener) {
    this.connector = connector;
    this.listener = listener;
    this.settings = settings;
    this.home = new Ec2Scope(home, connector.connect(home), settings);
    open.put(home, this.home);
  }

  /** Starts the polls of every scope open now, and of each opened from now on. */
  public synchronized void start() {
    started = true;
    open.values().forEach(scope -> {
      scope.start();
      listener.opened(scope);
    });
  }

  public Ec2Scope home() {
    return home;
  }

  /** The scope {@code resource} acts in, opened if it is the first to need it; the resource counts as its user. */
  public synchronized Ec2Scope use(ScopeKey key, HasMetadata resource) {
    String user = userOf(resource);
    ScopeKey before = usedBy.put(user, key);
    if (before != null && !before.equals(key)) {
      leave(before, user);
    }
    users.computeIfAbsent(key, k -> new HashSet<>()).add(user);
    return open.computeIfAbsent(key, k -> {
      Ec2Scope scope = new Ec2Scope(k, connector.connect(k), settings);
      if (started) {
        scope.start();
        listener.opened(scope);
      }
      return scope;
    });
  }

  /** {@code resource} is gone: a scope other than the operator's own closes with its last user. */
  public synchronized void release(HasMetadata resource) {
    String user = userOf(resource);
    ScopeKey key = usedBy.remove(user);
    if (key != null) {
      leave(key, user);
    }
  }

  private void leave(ScopeKey key, String user) {
    Set<String> left = users.get(key);
    if (left != null) {
      left.remove(user);
      String kind = user.substring(0, user.indexOf('/') + 1);
      if (left.stream().noneMatch(u -> u.startsWith(kind)) && open.containsKey(key)) {
        open.get(key).noUserOf(kind.substring(0, kind.length() - 1)); // its kind's own poll may pause
      }
      if (left.isEmpty()) {
        users.remove(key);
        if (!key.equals(home.key())) {
          Ec2Scope scope = open.remove(key);
          listener.closing(scope);
          scope.close();
        }
      }
    }
  }

  /** How many resources act in the AwsAccount {@code account} now, in any region. */
  public synchronized int usersOf(String account) {
    return users.entrySet().stream().filter(e -> e.getKey().account().equals(account))
        .mapToInt(e -> e.getValue().size()).sum();
  }

  /** Every open scope, the operator's own first. */
  public synchronized List<Ec2Scope> all() {
    return open.values().stream().sorted((a, b) -> a == home ? -1 : b == home ? 1
        : a.key().toString().compareTo(b.key().toString())).toList();
  }

  /** Asks every open scope for polls soon (a replica that just became leader). */
  public void refresh() {
    all().forEach(Ec2Scope::refresh);
  }

  @Override
  public synchronized void close() {
    open.values().forEach(scope -> {
      listener.closing(scope);
      scope.close();
    });
    open.clear();
  }

  private static String userOf(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}

package dev.fleet.ec2;

import dev.fleet.ec2.access.AccessRules;
import dev.fleet.ec2.account.AccountResolver;
import dev.fleet.ec2.account.AwsAccountReconciler;
import dev.fleet.ec2.account.NamespaceDirectory;
import dev.fleet.ec2.api.v1alpha1.AwsAccount;
import dev.fleet.ec2.api.v1alpha1.Ec2Instance;
import dev.fleet.ec2.api.v1alpha1.KeyPair;
import dev.fleet.ec2.keypair.KeyPairReconciler;
import dev.fleet.ec2.api.v1alpha1.ElasticIp;
import dev.fleet.ec2.elasticip.ElasticIpReconciler;
import dev.fleet.ec2.api.v1alpha1.SecurityGroup;
import dev.fleet.ec2.api.v1alpha1.SpotFleet;
import dev.fleet.ec2.cloud.CloudException;
import dev.fleet.ec2.cloud.Ec2Gateway;
import dev.fleet.ec2.cloud.aws.AwsClients;
import dev.fleet.ec2.config.OperatorConfig;
import dev.fleet.ec2.cost.CostMetrics;
import dev.fleet.ec2.cost.OnDemandPrices;
import dev.fleet.ec2.cost.OnDemandPricesConfigMap;
import dev.fleet.ec2.cost.Pricing;
import dev.fleet.ec2.http.OperatorHttpServer;
import dev.fleet.ec2.image.ImageResolver;
import dev.fleet.ec2.events.EventRecorder;
import dev.fleet.ec2.events.KubernetesEventRecorder;
import dev.fleet.ec2.instance.Ec2InstanceReconciler;
import dev.fleet.ec2.lifecycle.AccountUsersWaker;
import dev.fleet.ec2.lifecycle.ManagedReconciler;
import dev.fleet.ec2.lifecycle.VisibilityWindow;
import dev.fleet.ec2.observe.InventoryEvents;
import dev.fleet.ec2.scope.Ec2Scopes;
import dev.fleet.ec2.scope.ScopeKey;
import dev.fleet.ec2.securitygroup.SecurityGroupReconciler;
import dev.fleet.ec2.status.ConditionReporter;
import dev.fleet.ec2.spotfleet.FleetMetrics;
import dev.fleet.ec2.spotfleet.InterruptionConsumers;
import dev.fleet.ec2.spotfleet.InterruptionTracker;
import dev.fleet.ec2.spotfleet.SpotFleetReconciler;
import dev.fleet.ec2.spotfleet.SpotFleetSync;
import dev.fleet.ec2.spotfleet.SpotPrices;
import dev.fleet.ec2.sweep.OrphanSweep;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running operator: wiring only, config → AWS clients → gateway → controllers → HTTP port. */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorRuntime.class);

  private final PrometheusMeterRegistry registry;
  /** Every AwsAccount, as the API server holds it: read by each resource's pass, never fetched per pass. */
  private final SharedIndexInformer<AwsAccount> accounts;
  /** A Secret's data in the operator's namespace: read when clients are built for an account that names one. */
  private final java.util.function.Function<String, Optional<Map<String, String>>> secrets;
  /** Each kind's one event source for what EC2 reports, fed by every scope's inventory of that kind. */
  private final InventoryEvents<Ec2Instance> instanceEvents = new InventoryEvents<>("ec2-instances");
  private final InventoryEvents<SpotFleet> fleetEvents = new InventoryEvents<>("ec2-fleet-instances");
  private final InventoryEvents<SecurityGroup> groupEvents = new InventoryEvents<>("ec2-security-groups");
  private final InventoryEvents<KeyPair> keyPairEvents = new InventoryEvents<>("ec2-key-pairs");
  private final InventoryEvents<ElasticIp> addressEvents = new InventoryEvents<>("ec2-addresses");
  private final Clock scheduleClock;
  private final AwsClients aws;
  private final Ec2Scopes scopes;
  /** Checks AwsAccounts; set once the controllers are registered, before any poll can run. */
  private volatile AwsAccountReconciler accountChecks;
  private final Operator operator;
  private final OperatorHttpServer http;
  /** How long an interrupted pool is avoided; long-poll wait on the interruption queue. */
  static final java.time.Duration POOL_UNAVAILABLE_FOR = java.time.Duration.ofMinutes(3);
  static final java.time.Duration QUEUE_WAIT = java.time.Duration.ofSeconds(20);
  /** The shared record of warnings, by fleet, that every scope's interruption queue reader feeds. */
  private final InterruptionTracker tracker = new InterruptionTracker(Clock.systemUTC(), POOL_UNAVAILABLE_FOR);
  private final FleetMetrics fleetMetrics;
  /** A reader per open scope with an interruption queue, only while this replica leads. */
  private final InterruptionConsumers interruptions;
  /** EC2 resources tagged for this cluster whose owner is gone: reported, or removed with ORPHAN_POLICY=delete. */
  private OrphanSweep orphanSweep;
  /** The on-demand price ConfigMap followed, if one is configured. */
  private OnDemandPricesConfigMap priceConfigMap;
  private volatile boolean closing;
  /** Whether this replica leads (always, without leader election): only a leader polls EC2. */
  private final java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean();
  /** Set once leading with the controllers started: a warning read earlier would find no fleet controller to wake. */
  private final java.util.concurrent.atomic.AtomicBoolean readingQueues = new java.util.concurrent.atomic.AtomicBoolean();

  private OperatorRuntime(OperatorConfig config, KubernetesClient kube, Clock scheduleClock) throws IOException {
    this.scheduleClock = scheduleClock;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    aws = new AwsClients(config, config.region());
    secrets = name -> ScopeConnector.secret(kube, config.leaseNamespace(), name);
    accounts = kube.resources(AwsAccount.class).runnableInformer(0);
    leading.set(!config.leaderElection()); // before the first poll, which runs as the operator's own scope opens
    fleetMetrics = new FleetMetrics(registry);
    interruptions = new InterruptionConsumers(key -> queueOf(config, key), readingQueues::get,
        new InterruptionConsumers.Shared(tracker, fleetMetrics, QUEUE_WAIT, config.clusterName()));
    accounts.addEventHandler(new AccountQueuesFollower(interruptions));
    scopes = new Ec2Scopes(new ScopeConnector(config, aws, secrets, registry), new Ec2Scopes.Settings(config.clusterName(),
        config.pollInterval(), Clock.systemUTC(), leading::get, instanceEvents, fleetEvents, groupEvents,
        keyPairEvents, addressEvents, this::credentialsFailed), ScopeKey.own(config.region()), interruptions);

    operator = new Operator(o -> {
      o.withKubernetesClient(kube)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withCloseClientOnStop(false)
          // Set on purpose: reconciles mostly wait on EC2 (rate-limited, batched) and Kubernetes, so a few
          // dozen threads keep two cores busy and let concurrent describes coalesce; no workflows are used.
          .withConcurrentReconciliationThreads(config.reconcileThreads())
          .withConcurrentWorkflowExecutorThreads(1);
      if (config.leaderElection()) {
        // Only the leader reconciles and reads the interruption queue; losing the lease ends the process.
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration("ec2-fleet-operator-" + config.clusterName(),
            config.leaseNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE, LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
            identity(), new LeaderCallbacks(this::startLeading, this::stopLeading, leader -> { }), false));
      }
    });
    registerControllers(config, kube);
    http = new OperatorHttpServer(config.httpAddress(), config.httpPort(), this::ready, registry::scrape);
  }

  /** A scope's interruption queue: the operator's settings for its own account, else the AwsAccount's spec. */
  private Optional<String> queueOf(OperatorConfig config, ScopeKey key) {
    if (key.account().isEmpty()) {
      return config.interruptionQueueUrl(key.region());
    }
    return Optional.ofNullable(accounts.getStore().getByKey(key.account()))
        .flatMap(account -> AccountResolver.interruptionQueue(account.getSpec(), key.region()));
  }

  private void registerControllers(OperatorConfig config, KubernetesClient kube) {
    Clock clock = Clock.systemUTC();
    EventRecorder events = new KubernetesEventRecorder(kube, clock);
    var conditions = new ConditionReporter(events, registry);
    var resolver = new AccountResolver(name -> Optional.ofNullable(accounts.getStore().getByKey(name)),
        new NamespaceDirectory(kube, clock));
    accountChecks = new AwsAccountReconciler(access -> {
      try (var clients = new AwsClients(config, config.region(), AccountResolver.keys(access, secrets))) {
        return clients.identity();
      }
    }, scopes::usersOf, events, clock);
    operator.register(accountChecks, o -> o.withName("awsaccount"));
    var lifecycle = new ManagedReconciler.LifecycleContext(config.clusterName(), scopes, resolver::choose, events,
        conditions, this::credentialsFailed);
    var access = new AccessRules(config.clusterName(), config.adoption(), config.instanceProfiles());
    var visibility = new VisibilityWindow(config.visibilityGrace(), clock);
    var pricing = pricing(config, kube, clock);
    var instances = new Ec2InstanceReconciler(lifecycle, instanceEvents, access, clock, visibility, pricing,
        scheduleClock);
    var groups = new SecurityGroupReconciler(lifecycle, groupEvents, access, clock, visibility);
    var keyPairs = new KeyPairReconciler(lifecycle, keyPairEvents, clock, visibility, config.keyPairSecrets());
    var addresses = new ElasticIpReconciler(lifecycle, addressEvents, clock, visibility);
    var fleets = new SpotFleetReconciler(lifecycle, fleetEvents, tracker,
        scope -> new SpotFleetSync(scope.ec2(), new ImageResolver(scope.parameters(), events, scope.key().region()),
            events, scope.fleetInstances(), access),
        pricing, fleetMetrics, clock, visibility, access.adoption(), scheduleClock);
    register(Ec2Instance.class, instances, config);
    register(SecurityGroup.class, groups, config);
    register(KeyPair.class, keyPairs, config);
    register(ElasticIp.class, addresses, config);
    register(SpotFleet.class, fleets, config);
    // an account's users are woken by the informer the resolver reads, after it holds the change
    accounts.addEventHandler(new AccountUsersWaker(List.of(instances, groups, keyPairs, addresses, fleets)));
    orphanSweep = new OrphanSweep(config, () -> scopes.all().stream().map(s -> new OrphanSweep.Source(
        s::polledInstances, s::polledGroups, s.ec2())).toList(), kube, registry, clock, leading::get);
  }

  /**
   * Prices: on-demand from the flag, the ConfigMap (followed from now on) and the shipped table; spot prices one
   * cache per scope, shared by instances and fleets.
   */
  private Pricing pricing(OperatorConfig config, KubernetesClient kube, Clock clock) {
    var onDemand = new OnDemandPrices(config.onDemandPriceOverrides(), OnDemandPrices.shipped());
    config.onDemandPricesConfigMap().ifPresent(name -> priceConfigMap = OnDemandPricesConfigMap.follow(kube,
        config.leaseNamespace(), name, onDemand));
    return new Pricing(onDemand, scope -> scope.kit(SpotPrices.class, s -> new SpotPrices(s.ec2(),
        config.spotPriceOverrides(), clock)), new CostMetrics(registry));
  }

  private <R extends HasMetadata> void register(Class<R> kind, Reconciler<R> reconciler, OperatorConfig config) {
    operator.register(reconciler, o -> ControllerSettings.apply(o, kind, config));
  }

  /** Starts everything; throws if the HTTP port cannot be bound or Kubernetes cannot be reached. */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient kube) throws IOException {
    return start(config, kube, Clock.systemUTC());
  }

  /** @param scheduleClock what instance schedules read as now (a test drives it instead of waiting for hours) */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient kube, Clock scheduleClock)
      throws IOException {
    for (Class<? extends HasMetadata> kind : List.of(Ec2Instance.class, SecurityGroup.class, SpotFleet.class,
        AwsAccount.class, KeyPair.class, ElasticIp.class)) {
      if (!kube.supports(kind)) {
        throw new IllegalStateException("the " + HasMetadata.getFullResourceName(kind) + " CRD is not installed in "
            + kube.getMasterUrl() + ": kubectl apply --server-side -f crds/ (or install the Helm chart)");
      }
    }
    OperatorRuntime runtime = new OperatorRuntime(config, kube, scheduleClock);
    try {
      runtime.http.start();
      runtime.scopes.start(); // the polls: their first views come without delaying readiness
      runtime.accounts.run();
      runtime.operator.start();
      runtime.orphanSweep.start(); // sweeps only while this replica leads
      if (!config.leaderElection()) {
        runtime.startLeading();
        runtime.checkEc2();
      }
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** The gateway of the operator's own credentials and region. */
  public Ec2Gateway ec2() {
    return scopes.home().ec2();
  }

  public int httpPort() {
    return http.port();
  }

  /** Work only a leader does (all of it without leader election): polling EC2, reading the interruption queues. */
  private synchronized void startLeading() {
    leading.set(true);
    scopes.refresh();
    readingQueues.set(true);
    interruptions.followAll();
  }

  /** Lost the lease: stop at once (the process exits and is restarted), unless already shutting down. */
  private void stopLeading() {
    leading.set(false);
    if (!closing) {
      log.error("lost leadership; exiting so that only the leader acts");
      // from another thread: the shutdown hooks stop the elector, which is the thread calling us
      new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
    }
  }

  /** EC2 refused an account's credentials (a poll's or a resource's call): the account is checked again soon. */
  private void credentialsFailed(String account) {
    AwsAccountReconciler checks = accountChecks;
    if (checks != null) {
      checks.credentialsFailed(account);
    }
  }

  private static String identity() {
    String pod = System.getenv("POD_NAME");
    String host = pod != null ? pod : java.util.Objects.requireNonNullElse(System.getenv("HOSTNAME"), "local");
    return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  boolean ready() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  /** One call at start so that wrong credentials or endpoints show in the log at once, not at the first resource. */
  private void checkEc2() {
    try {
      var vpc = ec2().findDefaultVpc();
      log.info("EC2 reachable: default VPC {}", vpc.map(v -> v.vpcId() + " (" + v.cidrBlock() + ")").orElse("none"));
    } catch (CloudException e) {
      log.warn("EC2 check failed, resources will report the error until it is fixed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    if (orphanSweep != null) {
      orphanSweep.close();
    }
    interruptions.close(); // before the scopes' clients go
    if (priceConfigMap != null) {
      priceConfigMap.close();
    }
    try {
      operator.stop();
    } catch (RuntimeException e) {
      log.debug("operator stop", e);
    }
    http.close();
    accounts.close();
    scopes.close(); // its polls, then its batches out before the clients go
    aws.close();
    registry.close();
  }
}

package dev.fleet.ec2.config;

/** One setting: its flag, its environment variable, its default (null: none). */
enum Setting {
  REGION("region", "AWS_REGION", null),
  ENDPOINT_URL("endpoint-url", "AWS_ENDPOINT_URL", null),
  WATCH_NAMESPACES("watch-namespaces", "WATCH_NAMESPACES", ""),
  CLUSTER_NAME("cluster-name", "CLUSTER_NAME", "default"),
  HTTP_ADDRESS("http-address", "HTTP_ADDRESS", "0.0.0.0"),
  HTTP_PORT("http-port", "HTTP_PORT", "8080"),
  POLL_INTERVAL("poll-interval", "POLL_INTERVAL", "30s"),
  INTERRUPTION_QUEUE_URL("interruption-queue-url", "INTERRUPTION_QUEUE_URL", ""),
  INTERRUPTION_QUEUES("interruption-queues", "INTERRUPTION_QUEUES", ""),
  SPOT_PRICES("spot-prices", "SPOT_PRICES", ""),
  ON_DEMAND_PRICES("on-demand-prices", "ON_DEMAND_PRICES", ""),
  ON_DEMAND_PRICES_CONFIGMAP("on-demand-prices-configmap", "ON_DEMAND_PRICES_CONFIGMAP", ""),
  LEADER_ELECTION("leader-election", "LEADER_ELECTION", "false"),
  LEASE_NAMESPACE("lease-namespace", "POD_NAMESPACE", "default"),
  LABEL_SELECTOR("label-selector", "LABEL_SELECTOR", ""),
  ADOPTION_NAMESPACES("adoption-namespaces", "ADOPTION_NAMESPACES", ""),
  ALLOWED_INSTANCE_PROFILES("allowed-instance-profiles", "ALLOWED_INSTANCE_PROFILES", ""),
  KEY_PAIR_SECRETS("key-pair-secrets", "KEY_PAIR_SECRETS", "true"),
  VISIBILITY_GRACE("visibility-grace", "VISIBILITY_GRACE", "5m"),
  ORPHAN_POLICY("orphan-policy", "ORPHAN_POLICY", "report"),
  ORPHAN_GRACE("orphan-grace", "ORPHAN_GRACE", "10m"),
  RECONCILE_THREADS("reconcile-threads", "RECONCILE_THREADS", "32"),
  // 80% of EC2's own per-account buckets: non-mutating 100 tokens at 20/s, mutating 50 at 5/s
  EC2_READ_RATE("ec2-read-rate", "EC2_READ_RATE", "16"),
  EC2_READ_BURST("ec2-read-burst", "EC2_READ_BURST", "80"),
  EC2_WRITE_RATE("ec2-write-rate", "EC2_WRITE_RATE", "4"),
  EC2_WRITE_BURST("ec2-write-burst", "EC2_WRITE_BURST", "40"),
  EC2_BATCH_WINDOW_MS("ec2-batch-window-ms", "EC2_BATCH_WINDOW_MS", "30");

  final String flag;
  final String env;
  final String defaultValue;

  Setting(String flag, String env, String defaultValue) {
    this.flag = flag;
    this.env = env;
    this.defaultValue = defaultValue;
  }

  String describe() {
    return "--" + flag + " or " + env;
  }
}

"""Bounded benchmark scenarios against the local environment; run through run.sh, which sets it up.

Default scenario (make bench), as before:
  - time until N Ec2Instances are Ready, and the operator's EC2 calls for it;
  - steady state: EC2 calls per poll interval with N instances (one shared DescribeInstances expected);
  - drift: an instance terminated behind the operator's back until its replacement is in status;
  - spot: a fleet, then W interruption warnings on SQS, and the operator's own warning-to-launch latency;
  - memory: the operator's resident set and JVM heap in use;
then, appended: EC2 calls by action, reconcile latency, status size of the fleet, start to ready, and the
emulator floor for N (measured last, on the same emulator) with the ratio.

Scale mode (INSTANCES above 20): the emulator floor first (a bare loop of RunInstances + DescribeInstances
by id, one pair per instance, with the operator's reconcile concurrency), the emulator reset; 500 resources
failing with a retrying error (events per minute), the emulator reset; then the operator, N instances
created in bulk and timed from the start of that, the ratio to the floor, steady state by action, reconcile
latency while a poll is in flight, drift, a fleet, memory.

SCALE=5000: the failing phase, then 5000 Ec2Instances whose instances are created directly in the emulator
(tagged as the operator tags them) and named in their status, so the operator starts by observing them
rather than launching them; start to ready, time until all are Ready, steady state, reconcile latency while
a 5000-instance poll is in flight, drift, a big fleet, memory.

Everything listens on 127.0.0.1, every wait is bounded, and run.sh bounds the whole run with a timeout.
Nothing here asserts a time: it prints what it measured (also to <out>/report.txt).
"""
import argparse
import concurrent.futures as cf
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

import boto3
import botocore.config
import yaml

AMI = "ami-0ed094fb1304fd857"
NS = "bench"
FAILING_NS = "bench-failing"
CLUSTER = "bench"
GROUP = "/apis/ec2.fleet.dev/v1alpha1"
RECONCILE = "operator_sdk_controllers_execution_reconcile_seconds"


def kubectl(*args, stdin=None):
    return subprocess.run(["kubectl", *args], input=stdin, capture_output=True, text=True, check=True).stdout


def apply(doc):
    kubectl("apply", "-f", "-", stdin=json.dumps(doc))


def get(kind, name, ns=NS):
    return json.loads(kubectl("get", kind, name, "-n", ns, "-o", "json"))


def metrics(port):
    return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30).read().decode()


def series(text, name):
    """Sum of every sample of a metric name (all label sets)."""
    total = 0.0
    for m in re.finditer(r"(?m)^" + re.escape(name) + r"(\{[^}]*\})? ([0-9.eE+-]+)$", text):
        total += float(m.group(2))
    return total


def calls(text, action):
    return series_with(text, "ec2fleet_ec2_call_seconds_count", f'action="{action}"')


def series_with(text, name, label):
    total = 0.0
    for m in re.finditer(r"(?m)^" + re.escape(name) + r"\{([^}]*)\} ([0-9.eE+-]+)$", text):
        if label in m.group(1):
            total += float(m.group(2))
    return total


def by_label(text, name, label):
    """{label value: sum of samples} of a metric name."""
    out = {}
    for m in re.finditer(r"(?m)^" + re.escape(name) + r"\{([^}]*)\} ([0-9.eE+-]+)$", text):
        v = re.search(label + r'="([^"]*)"', m.group(1))
        if v:
            out[v.group(1)] = out.get(v.group(1), 0.0) + float(m.group(2))
    return out


def failed_calls(before, after):
    """{action/outcome: count} of EC2 calls that did not answer ok, between two scrapes."""
    def failed(text):
        out = {}
        for m in re.finditer(r'(?m)^ec2fleet_ec2_call_seconds_count\{([^}]*)\} ([0-9.eE+-]+)$', text):
            action = re.search(r'action="([^"]*)"', m.group(1))
            outcome = re.search(r'outcome="([^"]*)"', m.group(1))
            if action and outcome and outcome.group(1) != "ok":
                key = f"{action.group(1)} {outcome.group(1)}"
                out[key] = out.get(key, 0.0) + float(m.group(2))
        return out
    a, b = failed(after), failed(before)
    return {k: a[k] - b.get(k, 0.0) for k in a if a[k] - b.get(k, 0.0) > 0}


def calls_by_action(before, after):
    a, b = by_label(after, "ec2fleet_ec2_call_seconds_count", "action"), by_label(before, "ec2fleet_ec2_call_seconds_count", "action")
    return {k: a[k] - b.get(k, 0.0) for k in a if a[k] - b.get(k, 0.0) > 0}


def fmt_actions(counts, per=1.0):
    items = sorted(counts.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v / per:.1f}" if per != 1.0 else f"{k} {v:.0f}" for k, v in items) or "none"


def buckets(text, controller):
    """Cumulative reconcile-time buckets {le: count} of one controller (summed over other labels)."""
    out = {}
    for m in re.finditer(r"(?m)^" + RECONCILE + r"_bucket\{([^}]*)\} ([0-9.eE+-]+)$", text):
        labels = m.group(1)
        if f'controller="{controller}"' not in labels:
            continue
        le = re.search(r'le="([^"]*)"', labels).group(1)
        le = float("inf") if le == "+Inf" else float(le)
        out[le] = out.get(le, 0.0) + float(m.group(2))
    return out


def quantiles(before, after, controller, qs=(0.5, 0.99)):
    """(count, {q: seconds}) of the reconciles between two scrapes, from the histogram's buckets."""
    a, b = buckets(after, controller), buckets(before, controller)
    les = sorted(a)
    cum = [(le, a[le] - b.get(le, 0.0)) for le in les]
    if not cum or cum[-1][1] <= 0:
        return 0, {}
    total = cum[-1][1]
    result = {}
    for q in qs:
        rank = q * total
        prev_le, prev_c = 0.0, 0.0
        for le, c in cum:
            if c >= rank:
                if le == float("inf"):
                    result[q] = prev_le  # beyond the last finite bucket: at least that
                else:
                    span = c - prev_c
                    result[q] = prev_le + (le - prev_le) * ((rank - prev_c) / span if span > 0 else 1.0)
                break
            prev_le, prev_c = le, c
    return int(total), result


def fmt_q(count, q):
    if not count:
        return "no reconciles recorded"

    def ms(v):
        # the timer's histogram ends at 30 s: a quantile beyond it is only known to be above
        return f"{v * 1000:.0f} ms" if v < 30 else "over 30 s"
    return f"p50 {ms(q[0.5])}, p99 {ms(q[0.99])} over {count} reconciles"


def wait(what, check, limit, step=0.2):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if check():
            return time.monotonic() - start
        time.sleep(step)
    raise SystemExit(f"bench: gave up waiting for {what} after {limit}s")


def ready(item):
    conds = (item.get("status") or {}).get("conditions") or []
    return any(c["type"] == "Ready" and c["status"] == "True" for c in conds)


def all_ready(kind):
    items = json.loads(kubectl("get", kind, "-n", NS, "-o", "json"))["items"]
    return items and all(ready(i) for i in items)


def seconds(duration):
    """'10s', '2m', '500ms' as the operator reads them."""
    m = re.fullmatch(r"(\d+)(ms|s|m)", duration)
    if not m:
        raise SystemExit(f"bench: poll interval {duration!r}: use e.g. 10s, 2m or 500ms")
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def max_ram(limit):
    """The container's memory limit for the JVM's percentages (-XX:MaxRAM): outside a container the JVM
    would take the machine's memory instead. '512Mi' -> ' -XX:MaxRAM=512m'; '' -> ''."""
    m = re.fullmatch(r"(\d+)(Mi|Gi)", limit or "")
    if not m:
        return ""
    return f" -XX:MaxRAM={int(m.group(1)) * (1024 if m.group(2) == 'Gi' else 1)}m"


def rss_mib(pid):
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024
    hwm = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024
    return rss, hwm


class CpuClock:
    """CPU seconds (user + system) each process of the run has used, read from /proc: where the time of a
    phase went on a machine whose cores all of them share."""
    NAMES = ("moto", "kube-apiserver", "etcd")

    def __init__(self):
        self.run = os.path.join(os.environ["EC2FLEET_LOCAL_DIR"], "run")
        self.tick = os.sysconf("SC_CLK_TCK")
        self.operator = None

    def pids(self):
        found = {}
        for name in self.NAMES:
            try:
                found[name] = int(open(os.path.join(self.run, f"{name}.pid")).read().strip())
            except (OSError, ValueError):
                pass
        if self.operator:
            found["operator"] = self.operator
        found["bench"] = os.getpid()
        return found

    def read(self):
        used = {}
        for name, pid in self.pids().items():
            try:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                used[name] = (int(fields[11]) + int(fields[12])) / self.tick  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return time.monotonic(), used

    def since(self, start):
        t0, before = start
        t1, after = self.read()
        parts = [f"{name} {after[name] - before.get(name, 0):.1f} s" for name in after]
        total = sum(after[name] - before.get(name, 0) for name in after)
        return (f"CPU meanwhile: {', '.join(parts)}; {total:.1f} s of the {(t1 - t0) * os.cpu_count():.1f} "
                f"core-seconds there were ({os.cpu_count()} cores x {t1 - t0:.1f} s)")


class Kube:
    """A small Kubernetes REST client (the admin certificate of the local kubeconfig), one connection a thread:
    kubectl starts a process per call, too slow for thousands of objects."""

    def __init__(self, kubeconfig):
        cfg = yaml.safe_load(open(kubeconfig))
        cluster, user = cfg["clusters"][0]["cluster"], cfg["users"][0]["user"]
        url = urllib.parse.urlparse(cluster["server"])
        self.host, self.port = url.hostname, url.port
        self.ctx = ssl.create_default_context(cafile=cluster["certificate-authority"])
        self.ctx.load_cert_chain(user["client-certificate"], user["client-key"])
        self.local = threading.local()

    def call(self, method, path, body=None, ctype="application/json", raw=False):
        for attempt in range(5):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=120)
            try:
                conn.request(method, path, body=None if body is None else json.dumps(body),
                             headers={"Content-Type": ctype, "Accept": "application/json"})
                r = conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 4:
                    raise
                time.sleep(0.5)
                continue
            if r.status == 429 or r.status >= 500 and attempt < 4:
                time.sleep(1)
                continue
            if r.status >= 400:
                raise RuntimeError(f"{method} {path}: HTTP {r.status}: {data[:300]!r}")
            if raw:
                return data.decode()
            return json.loads(data) if data else None
        raise RuntimeError(f"{method} {path}: no answer")

    def writes(self):
        """The API server's count of write requests so far, by verb and resource (its own metrics)."""
        counts = {}
        for m in re.finditer(r'^apiserver_request_total\{([^}]*)\} (\S+)$', self.call("GET", "/metrics", raw=True), re.M):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if labels.get("verb") in ("GET", "LIST", "WATCH", "CONNECT"):
                continue
            key = f"{labels.get('verb')} {labels.get('resource')}" + (f"/{labels['subresource']}" if labels.get("subresource") else "")
            counts[key] = counts.get(key, 0) + float(m.group(2))
        return counts

    def list(self, plural, ns):
        base = "/api/v1" if plural == "events" else GROUP
        return self.call("GET", f"{base}/namespaces/{ns}/{plural}")["items"]


def parallel(fn, items, threads=8):
    with cf.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(fn, items))


def instance_doc(name, ns, tags=None, annotations=None):
    meta = {"name": name, "namespace": ns}
    if annotations:
        meta["annotations"] = annotations
    spec = {"imageId": AMI, "instanceType": "t3.micro", "state": "running"}
    if tags:
        spec["tags"] = tags
    return {"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "Ec2Instance", "metadata": meta, "spec": spec}


def rate_limit_env(a):
    """The emulator has no request budget to protect: the client-side limit is off unless EC2_RATE_LIMIT=on."""
    return {} if a.ec2_rate_limit == "on" else {"EC2_READ_RATE": "0", "EC2_WRITE_RATE": "0"}


class Operator:
    """The operator jar as a child process, with the JVM options the chart gives it (JAVA_TOOL_OPTIONS)."""

    def __init__(self, a, queue_url, log_name, extra_env=None):
        self.port = free_port()
        env = dict(os.environ, HTTP_ADDRESS="127.0.0.1", HTTP_PORT=str(self.port), CLUSTER_NAME=CLUSTER,
                   POLL_INTERVAL=a.poll_interval, INTERRUPTION_QUEUE_URL=queue_url,
                   SPOT_PRICES="t3.small=0.010,t3.medium=0.016,t3.large=0.030",
                   RECONCILE_THREADS=str(a.reconcile_threads), **rate_limit_env(a), **(extra_env or {}))
        env.pop("JAVA_TOOL_OPTIONS", None)
        self.log_path = os.path.join(a.out, log_name)
        # diagnostics only, besides the chart's options: the GC log (live heap after each full collection) and
        # a heap dump should the heap run out
        self.gc_log = self.log_path[:-len(".log")] + "-gc.log"
        diagnostics = f" -Xlog:gc:file={self.gc_log}:uptime -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath={a.out}"
        if a.jvm_options.strip():
            env["JAVA_TOOL_OPTIONS"] = a.jvm_options.strip() + max_ram(a.memory_limit) + diagnostics
        log = open(self.log_path, "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(["java", "-jar", a.jar], env=env, stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        self.stopped = False

    def wait_ready(self, limit):
        def answers():
            if self.proc.poll() is not None:
                raise SystemExit("bench: the operator exited; see " + self.log_path)
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2).status == 200
            except OSError:
                return False
        try:
            wait("the operator to be ready", answers, limit, 0.1)
        except BaseException:
            self.stop()
            raise
        return time.monotonic() - self.started

    def stop(self):
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class Bench:
    def __init__(self, a):
        self.a = a
        self.endpoint = os.environ["AWS_ENDPOINT_URL"]
        self.ec2 = self.client("ec2")
        self.sqs = self.client("sqs")
        self.kube = Kube(os.environ["KUBECONFIG"])
        self.report = []
        self.interval = seconds(a.poll_interval)
        self.floor = None
        self.cpu = CpuClock()

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            config=botocore.config.Config(read_timeout=300, retries={"max_attempts": 2}))

    def say(self, line):
        self.report.append(line)
        print(line, flush=True)

    def note(self, line):
        print("  (" + line + ")", file=sys.stderr, flush=True)

    def reset_emulator(self):
        req = urllib.request.Request(self.endpoint + "/moto-api/reset", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=120).read()

    def queue(self):
        return self.sqs.create_queue(QueueName="bench-interruptions")["QueueUrl"]

    # --- the emulator floor -------------------------------------------------------------------------------
    def measure_floor(self, n):
        """RunInstances + DescribeInstances by id for n instances, `threads` at a time, as bare calls."""
        threads = self.a.reconcile_threads
        local = threading.local()
        run = uuid.uuid4().hex[:8]

        def one(i):
            c = getattr(local, "c", None)
            if c is None:
                c = local.c = self.client("ec2")
            uid = str(uuid.uuid4())
            tags = [{"Key": "Name", "Value": f"floor-{i}"}, {"Key": "ec2.fleet.dev/cluster", "Value": "bench-floor"},
                    {"Key": "ec2.fleet.dev/owner", "Value": f"floor/f-{i}"}, {"Key": "ec2.fleet.dev/owner-uid", "Value": uid}]
            r = c.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                ClientToken=f"floor-{run}-{i}",
                                TagSpecifications=[{"ResourceType": "instance", "Tags": tags},
                                                   {"ResourceType": "volume", "Tags": tags}])
            c.describe_instances(InstanceIds=[r["Instances"][0]["InstanceId"]])

        cpu = self.cpu.read()
        start = time.monotonic()
        parallel(one, range(n), threads)
        self.floor = time.monotonic() - start
        self.say(f"emulator floor: {n} x (RunInstances + DescribeInstances by id), {threads} at a time (the "
                 f"operator's reconcile threads, RECONCILE_THREADS), bare boto3 calls: "
                 f"{self.floor:.1f} s; {self.cpu.since(cpu)}")

    def ratio(self, took, note=""):
        if self.floor:
            self.say(f"ratio to the emulator floor: {took / self.floor:.1f}x ({took:.1f} s / {self.floor:.1f} s){note}")

    # --- events with resources failing --------------------------------------------------------------------
    def failing_phase(self, queue):
        a = self.a
        n = a.failing
        self.kube.call("POST", "/api/v1/namespaces", {"metadata": {"name": FAILING_NS}})
        env = {"WATCH_NAMESPACES": FAILING_NS}
        if a.failing_mode == "retry":
            # an instance profile the administrator allows but EC2's IAM does not know: the emulator answers
            # NoSuchEntity before it creates anything, an error the operator retries with backoff forever
            # (2 s doubling to 5 min), as it does throttling and capacity errors
            env["ALLOWED_INSTANCE_PROFILES"] = "bench-missing-profile"
            field, value = "iamInstanceProfile", "bench-missing-profile"
            what = "an instance profile EC2 does not know (NoSuchEntity, retried with backoff, never Terminal)"
        else:
            field, value = "imageId", "ami-00000000000000bad"
            what = "an AMI EC2 does not know (InvalidAMIID.NotFound: 4 attempts 2, 4, 8 s apart, then Terminal)"
        docs = []
        for i in range(n):
            d = instance_doc(f"fail-{i}", FAILING_NS)
            d["spec"][field] = value
            docs.append(d)
        op = Operator(a, queue, "operator-failing.log", env)
        try:
            op.wait_ready(120)
            before = metrics(op.port)
            start = time.monotonic()
            parallel(lambda d: self.kube.call("POST", f"{GROUP}/namespaces/{FAILING_NS}/ec2instances", d), docs)
            created = time.monotonic() - start
            time.sleep(max(0.0, 60 - (time.monotonic() - start)))
            window = time.monotonic() - start
            events = self.kube.list("events", FAILING_NS)
            after = metrics(op.port)
        finally:
            op.stop()
        occurrences = sum(e.get("count") or 1 for e in events)
        reasons = {}
        for e in events:
            reasons[e.get("reason")] = reasons.get(e.get("reason"), 0) + (e.get("count") or 1)
        items = self.kube.list("ec2instances", FAILING_NS)
        synced = {}
        for i in items:
            for c in (i.get("status") or {}).get("conditions") or []:
                if c["type"] == "Synced":
                    synced[c.get("reason")] = synced.get(c.get("reason"), 0) + 1
        rec = calls_by_action(before, after)
        self.say(f"failing: {n} Ec2Instances with {what}; created in {created:.1f} s; in the first {window:.0f} s: "
                 f"{occurrences} event occurrences in {len(events)} Event objects "
                 f"({occurrences / window * 60:.0f} per minute), by reason: {fmt_actions(reasons)}; "
                 f"Synced reasons at the end: {fmt_actions(synced)}; EC2 calls: {fmt_actions(rec)}")
        # leave nothing for the next operator (it would take them up): delete them, drop their finalizers (the
        # emulator is reset next), wait until they are gone, then delete the namespace
        self.kube.call("DELETE", f"{GROUP}/namespaces/{FAILING_NS}/ec2instances")
        def release(item):
            try:
                self.kube.call("PATCH", f"{GROUP}/namespaces/{FAILING_NS}/ec2instances/{item['metadata']['name']}",
                               {"metadata": {"finalizers": None}}, "application/merge-patch+json")
            except RuntimeError as e:
                if "HTTP 404" not in str(e):
                    raise
        parallel(release, items)
        wait("the failing resources to be gone", lambda: not self.kube.list("ec2instances", FAILING_NS), 120, 1)
        self.kube.call("DELETE", f"/api/v1/namespaces/{FAILING_NS}")

    # --- reconcile latency while a poll is in flight ------------------------------------------------------
    def next_poll(self, port, limit):
        """Waits for a poll (the one steady-state DescribeInstances) to end; returns (end, duration)."""
        m0 = metrics(port)
        c0 = calls(m0, "DescribeInstances")
        s0 = series_with(m0, "ec2fleet_ec2_call_seconds_sum", 'action="DescribeInstances"')
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            time.sleep(0.1)
            m = metrics(port)
            c = calls(m, "DescribeInstances")
            if c > c0:
                s = series_with(m, "ec2fleet_ec2_call_seconds_sum", 'action="DescribeInstances"')
                return time.monotonic(), (s - s0) / (c - c0)
        return None, None

    def probe_during_poll(self, op, names, label, action):
        """Runs `action` just after the next poll starts; reports ec2instance reconcile latency meanwhile."""
        end, duration = self.next_poll(op.port, 3 * self.interval + 120)
        if end is None:
            self.say(f"reconcile latency while a poll is in flight ({label}): no poll seen")
            return
        # JOSDK's polling timer runs at a fixed delay from each start: next start ~ end - duration + interval
        start_at = end - duration + self.interval + min(0.5, duration / 5)
        time.sleep(max(0.0, start_at - time.monotonic()))
        before = metrics(op.port)
        t0 = time.monotonic()
        action()
        t1 = time.monotonic()
        expected = end - duration + self.interval
        in_flight = t0 >= expected and t1 <= expected + duration
        time.sleep(2)
        wait("the probe's reconciles", lambda: quantiles(before, metrics(op.port), "ec2instance")[0] >= len(names), 120, 0.5)
        after = metrics(op.port)
        count, q = quantiles(before, after, "ec2instance")
        ec2 = calls_by_action(before, after)
        ec2_time = {k: v for k, v in by_label(after, "ec2fleet_ec2_call_seconds_sum", "action").items()}
        ec2_before = by_label(before, "ec2fleet_ec2_call_seconds_sum", "action")
        spent = {k: ec2_time[k] - ec2_before.get(k, 0.0) for k in ec2_time if ec2_time[k] - ec2_before.get(k, 0.0) > 0}
        where = (f"sent {t0 - expected:.1f} to {t1 - expected:.1f} s after the poll's expected start; the last poll "
                 f"took {duration:.1f} s")
        self.say(f"reconcile latency while a poll is in flight ({label}; {where}; in flight throughout: "
                 f"{'yes' if in_flight else 'no'}): {fmt_q(count, q)}; EC2 calls meanwhile: {fmt_actions(ec2)}, "
                 f"their time: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(spent.items(), key=lambda kv: -kv[1])))

    # --- scenarios ----------------------------------------------------------------------------------------
    def create_bulk(self, n, prefix="web"):
        docs = [instance_doc(f"{prefix}-{i}", NS) for i in range(n)]
        parallel(lambda d: self.kube.call("POST", f"{GROUP}/namespaces/{NS}/ec2instances", d), docs, 16)

    def count_ready(self, plural="ec2instances"):
        items = self.kube.list(plural, NS)
        return sum(1 for i in items if ready(i)), len(items)

    def wait_all_ready(self, n, limit, what, fatal=True):
        start = time.monotonic()
        last = 0.0
        while time.monotonic() - start < limit:
            r, total = self.count_ready()
            if total >= n and r >= n:
                return time.monotonic() - start
            if time.monotonic() - last > 30:
                self.note(f"{what}: {r}/{n} Ready after {time.monotonic() - start:.0f} s")
                last = time.monotonic()
            time.sleep(0.5 if n <= 200 else 2 if n <= 1000 else 5)
        r, _ = self.count_ready()
        if not fatal:
            self.say(f"{what}: gave up after {limit} s with {r}/{n} Ready (CONVERGE_TIMEOUT); going on")
            return None
        raise SystemExit(f"bench: gave up waiting for {what}: {r}/{n} Ready after {limit}s")

    def steady(self, port, n):
        before = metrics(port)
        time.sleep(3 * self.interval)
        after = metrics(port)
        per = calls_by_action(before, after)
        total = sum(per.values())
        return total, per, before, after

    def drift(self, name, limit):
        victim = get("ec2", name)["status"]["instanceId"]
        self.ec2.terminate_instances(InstanceIds=[victim])
        took = wait("drift repaired", lambda: get("ec2", name)["status"].get("instanceId") not in (None, victim)
                    and ready(get("ec2", name)), limit)
        self.say(f"drift: terminated {victim} behind the operator's back; replacement Ready after {took:.1f} s "
                 f"(bounded by the poll interval, {self.a.poll_interval})")

    def fleet(self, target, limit):
        subnets = [s["SubnetId"] for s in self.ec2.describe_subnets()["Subnets"] if s.get("DefaultForAz")][:3]
        apply({"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "SpotFleet",
               "metadata": {"name": "batch", "namespace": NS},
               "spec": {"targetCapacity": target, "allocationStrategy": "diversified",
                        "launchSpecifications": [{"imageId": AMI, "instanceType": t, "subnetId": s}
                                                 for t, s in zip(["t3.small", "t3.medium", "t3.large"], subnets)]}})
        return wait("fleet fulfilled", lambda: ready(get("sf", "batch")), limit, 0.5 if target <= 100 else 2)

    def fleet_size(self):
        size = len(kubectl("get", "spotfleet", "batch", "-n", NS, "-o", "json").encode())
        pools = (get("sf", "batch").get("status") or {}).get("pools") or []
        return size, sum(p.get("instances") or 0 for p in pools)

    def warnings(self, op, count):
        queue = self.queue()
        # status holds counts per pool, not members: the members come from EC2, by the fleet's tag
        found = self.ec2.describe_instances(Filters=[
            {"Name": "tag:ec2.fleet.dev/fleet", "Values": [f"{NS}/batch"]},
            {"Name": "instance-state-name", "Values": ["pending", "running"]}])
        members = sorted(i["InstanceId"] for r in found["Reservations"] for i in r["Instances"])[:count]
        for iid in members:
            self.sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({
                "version": "0", "id": f"bench-{iid}", "detail-type": "EC2 Spot Instance Interruption Warning",
                "source": "aws.ec2", "account": "123456789012", "region": "us-east-1",
                "resources": [f"arn:aws:ec2:us-east-1a:instance/{iid}"],
                "detail": {"instance-id": iid, "instance-action": "terminate"}}))
        wait("replacements", lambda: series(metrics(op.port), "ec2fleet_fleet_replacement_latency_seconds_count")
             >= 1 and ready(get("sf", "batch")) and get("sf", "batch")["status"].get("replacements", 0) >= len(members), 120)
        m = metrics(op.port)
        c = series(m, "ec2fleet_fleet_replacement_latency_seconds_count")
        mean = series(m, "ec2fleet_fleet_replacement_latency_seconds_sum") / c
        worst = series(m, "ec2fleet_fleet_replacement_latency_seconds_max")
        self.say(f"interruptions: {len(members)} warnings; warning-to-launch latency over {c:.0f} launch "
                 f"call(s): mean {mean * 1000:.0f} ms, max {worst * 1000:.0f} ms (operator's histogram)")

    def memory(self, op, what, full_gc=False):
        rss, hwm = rss_mib(op.pid)
        m = metrics(op.port)
        heap = series_with(m, "jvm_memory_used_bytes", 'area="heap"') / 2 ** 20
        committed = series_with(m, "jvm_memory_committed_bytes", 'area="heap"') / 2 ** 20
        nonheap = series_with(m, "jvm_memory_used_bytes", 'area="nonheap"') / 2 ** 20
        threads = series(m, "jvm_threads_live_threads")
        line = (f"memory with {what}: RSS {rss} MiB (peak {hwm} MiB), heap in use {heap:.0f} MiB of "
                f"{committed:.0f} MiB committed, non-heap {nonheap:.0f} MiB, {threads:.0f} threads")
        if full_gc:
            # the live set: what a smaller heap would have to hold (jcmd asks the JVM for a full collection)
            try:
                subprocess.run(["jcmd", str(op.pid), "GC.run"], capture_output=True, timeout=60, check=True)
                time.sleep(1)
                m = metrics(op.port)
                live = series_with(m, "jvm_memory_used_bytes", 'area="heap"') / 2 ** 20
                committed = series_with(m, "jvm_memory_committed_bytes", 'area="heap"') / 2 ** 20
                line += f"; after a full GC: heap in use {live:.0f} MiB of {committed:.0f} MiB, RSS {rss_mib(op.pid)[0]} MiB"
            except (OSError, subprocess.SubprocessError) as e:
                line += f"; full GC not measured ({e.__class__.__name__})"
            line += self.full_collections(op)
        self.say(line)

    @staticmethod
    def full_collections(op):
        """The heap after the JVM's own full collections, from the GC log (the live set at those moments)."""
        try:
            fulls = re.findall(r"\[([0-9.]+)s\].*Pause Full.* (\d+)M->(\d+)M\((\d+)M\)", open(op.gc_log).read())
        except OSError:
            return ""
        if not fulls:
            return "; no full collection in the GC log"
        at, _, after, size = fulls[-1]
        return f"; {len(fulls)} full collections in the GC log, the last at {float(at):.0f} s left {after} MiB of {size} MiB"

    def settings(self):
        a = self.a
        limit = max_ram(a.memory_limit) if a.jvm_options.strip() else ""
        self.say(f"settings: poll interval {a.poll_interval}; JVM options (JAVA_TOOL_OPTIONS) "
                 f"{a.jvm_options.strip() or '(none: JVM defaults)'}"
                 f"{f' plus{limit} for the memory limit {a.memory_limit}' if limit else ''}; MALLOC_ARENA_MAX "
                 f"{os.environ.get('MALLOC_ARENA_MAX') or '(glibc default)'}; emulator: {a.emulator_note}; reconcile threads "
                 f"{a.reconcile_threads}; client-side EC2 rate limit {a.ec2_rate_limit}")

    def legacy(self):
        """make bench with no knobs: the scenario of the earlier figures, then a few more lines."""
        a = self.a
        queue = self.queue()
        kubectl("create", "namespace", NS)
        op = Operator(a, queue, "operator.log")
        self.op = op
        started = op.wait_ready(120)
        before = metrics(op.port)
        for n in range(a.instances):
            apply(instance_doc(f"web-{n}", NS))
        took = wait(f"{a.instances} instances Ready", lambda: all_ready("ec2"), 300, 0.5)
        after = metrics(op.port)
        ready_in = took
        self.say(f"instances: {a.instances} Ready in {took:.1f} s; RunInstances {calls(after, 'RunInstances') - calls(before, 'RunInstances'):.0f}, "
                 f"DescribeInstances {calls(after, 'DescribeInstances') - calls(before, 'DescribeInstances'):.0f}")
        converge = (before, after)

        total, per, _, _ = self.steady(op.port, a.instances)
        self.say(f"steady state with {a.instances} instances: {total / 3:.1f} EC2 calls per poll interval "
                 f"({a.poll_interval}), of which DescribeInstances {per.get('DescribeInstances', 0) / 3:.1f}")
        self.drift("web-0", 120)
        took = self.fleet(a.fleet_target, 120)
        self.say(f"spot fleet: target {a.fleet_target} fulfilled in {took:.1f} s")
        if a.warnings:
            self.warnings(op, a.warnings)
        rss, _ = rss_mib(op.pid)
        heap = series_with(metrics(op.port), "jvm_memory_used_bytes", 'area="heap"') / 2 ** 20
        self.say(f"memory with {a.instances} instances and a fleet of {a.fleet_target}: RSS {rss} MiB, "
                 f"heap in use {heap:.0f} MiB")
        # --- appended: not in the earlier figures ---
        self.say(f"EC2 calls by action per poll interval in steady state: {fmt_actions(per, 3)} "
                 f"(the operator's count: one paginated describe is one call)")
        self.say(f"reconcile latency (ec2instance) while converging: {fmt_q(*quantiles(converge[0], converge[1], 'ec2instance'))}")
        size, members = self.fleet_size()
        self.say(f"largest SpotFleet: status of {members} members; kubectl get -o json is {size} bytes")
        self.say(f"start to ready: {started:.1f} s (process start to /readyz 200)")
        self.settings()
        op.stop()
        self.measure_floor(a.instances)
        self.ratio(ready_in, "; the time runs from the last of the one-by-one applies, as above")

    def instances_mode(self):
        """INSTANCES above 20: the floor, failing resources, then N instances in bulk."""
        a = self.a
        self.settings()
        self.measure_floor(a.instances)
        self.reset_emulator()
        if a.failing:
            self.failing_phase(self.queue())
            self.reset_emulator()
        queue = self.queue()
        kubectl("create", "namespace", NS)
        op = Operator(a, queue, "operator.log")
        self.op = op
        self.say(f"start to ready: {op.wait_ready(120):.1f} s (process start to /readyz 200)")
        self.cpu.operator = op.pid
        before = metrics(op.port)
        cpu = self.cpu.read()
        writes = self.kube.writes()
        start = time.monotonic()
        self.create_bulk(a.instances)
        applied = time.monotonic() - start
        waited = self.wait_all_ready(a.instances, a.converge_timeout, f"{a.instances} instances", fatal=False)
        after = metrics(op.port)
        if waited is not None:
            took = applied + waited
            self.say(f"instances: {a.instances} Ready {took:.1f} s after the start of the apply (created in bulk, 16 "
                     f"at a time, in {applied:.1f} s); EC2 calls: {fmt_actions(calls_by_action(before, after))}")
            self.ratio(took)
            self.say(f"  {self.cpu.since(cpu)}")
            now = self.kube.writes()
            grown = {k: now[k] - writes.get(k, 0) for k in now if now[k] - writes.get(k, 0) >= 1}
            self.say("  API server writes meanwhile (all clients): " + ", ".join(
                f"{k} {v:.0f}" for k, v in sorted(grown.items(), key=lambda kv: -kv[1])))
        else:
            self.say(f"instances: EC2 calls meanwhile: {fmt_actions(calls_by_action(before, after))}; ratio to the "
                     f"floor: over {(applied + a.converge_timeout) / self.floor:.1f}x")
        self.say(f"reconcile latency (ec2instance) while converging: {fmt_q(*quantiles(before, after, 'ec2instance'))}")
        self.common_tail(op, a.instances)

    def common_tail(self, op, n):
        a = self.a
        total, per, before, after = self.steady(op.port, n)
        failed = failed_calls(before, after)
        self.say(f"steady state with {n} instances: {total / 3:.1f} EC2 calls per poll interval ({a.poll_interval}): "
                 f"{fmt_actions(per, 3)} (the operator's count: one paginated describe is one call); failed: "
                 f"{fmt_actions(failed) if failed else 'none'}")
        probe = [f"web-{i}" for i in range(min(a.probe, n))]
        stamp = str(int(time.time()))
        self.probe_during_poll(op, probe, f"{len(probe)} Ec2Instances annotated, no EC2 change needed", lambda: parallel(
            lambda name: self.kube.call("PATCH", f"{GROUP}/namespaces/{NS}/ec2instances/{name}",
                                        {"metadata": {"annotations": {"bench.ec2.fleet.dev/probe": stamp}}},
                                        "application/merge-patch+json"), probe, 16))
        launches = [f"probe-{i}" for i in range(a.probe_launches)]
        self.probe_during_poll(op, launches, f"{len(launches)} new Ec2Instances launched", lambda: parallel(
            lambda name: self.kube.call("POST", f"{GROUP}/namespaces/{NS}/ec2instances", instance_doc(name, NS)), launches))
        self.wait_all_ready(n + len(launches), 300, "the probe's launches", fatal=False)
        self.drift("web-1", 3 * self.interval + 240)
        try:
            took = self.fleet(a.fleet_target, a.fleet_timeout)
            done = f"fulfilled in {took:.1f} s"
        except SystemExit:
            fulfilled = (get("sf", "batch").get("status") or {}).get("fulfilledCapacity")
            done = f"not fulfilled within {a.fleet_timeout} s (FLEET_TARGET_TIMEOUT): {fulfilled} units"
            took = None
        size, members = self.fleet_size()
        self.say(f"spot fleet: target {a.fleet_target} {done}; status of {members} members, "
                 f"kubectl get -o json {size} bytes ({size / 1024:.0f} KiB)")
        if a.warnings and took is not None:
            self.warnings(op, a.warnings)
        self.memory(op, f"{n + len(launches)} instances and a fleet of {a.fleet_target}", full_gc=True)

    def scale_mode(self):
        """SCALE=N: instances created directly in the emulator and named in status; the operator observes them."""
        a = self.a
        n = a.scale
        self.settings()
        if a.failing:
            self.failing_phase(self.queue())
            self.reset_emulator()
        queue = self.queue()
        kubectl("create", "namespace", NS)
        t = time.monotonic()
        self.create_bulk(n)
        made = {i["metadata"]["name"]: i["metadata"]["uid"] for i in self.kube.list("ec2instances", NS)}
        k8s = time.monotonic() - t
        t = time.monotonic()
        local = threading.local()

        def launch(name):
            # one instance per RunInstances, tagged at launch, as the operator launches them: EC2 (and moto)
            # page DescribeInstances by reservation, so 500 in one reservation would make the operator's
            # pages of 1,000 one answer of every instance
            c = getattr(local, "c", None)
            if c is None:
                c = local.c = self.client("ec2")
            r = c.run_instances(ImageId=AMI, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                    {"Key": "ec2.fleet.dev/cluster", "Value": CLUSTER},
                                    {"Key": "Name", "Value": name},
                                    {"Key": "ec2.fleet.dev/owner", "Value": f"{NS}/{name}"},
                                    {"Key": "ec2.fleet.dev/owner-uid", "Value": made[name]}]}])
            self.kube.call("PATCH", f"{GROUP}/namespaces/{NS}/ec2instances/{name}/status",
                           {"status": {"instanceId": r["Instances"][0]["InstanceId"], "clusterName": CLUSTER,
                                       "state": "pending"}},
                           "application/merge-patch+json")

        parallel(launch, [f"web-{i}" for i in range(n)], 8)
        self.say(f"prepared: {n} Ec2Instances created in {k8s:.0f} s; {n} instances launched in the emulator "
                 f"directly, one per RunInstances (a reservation each, as the operator launches), 8 at a time, "
                 f"tagged as the operator tags them and named in status in {time.monotonic() - t:.0f} s")
        op = Operator(a, queue, "operator.log")
        self.op = op
        self.say(f"start to ready: {op.wait_ready(a.converge_timeout):.1f} s (process start to /readyz 200)")
        m0 = metrics(op.port)
        t = time.monotonic()
        took = self.wait_all_ready(n, a.converge_timeout, f"{n} observed instances", fatal=False)
        m1 = metrics(op.port)
        when = f"Ready {took:.1f} s after ready" if took is not None else f"not all Ready {a.converge_timeout} s after ready"
        self.say(f"observed: {n} Ec2Instances {when}; EC2 calls meanwhile: "
                 f"{fmt_actions(calls_by_action(m0, m1))}; reconciles: {fmt_q(*quantiles(m0, m1, 'ec2instance'))}")
        self.memory(op, f"{n} instances, before the fleet")
        self.common_tail(op, n)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--instances", type=int, default=20)
    p.add_argument("--scale", type=int, default=0)
    p.add_argument("--fleet-target", type=int, default=10)
    p.add_argument("--warnings", type=int, default=5)
    p.add_argument("--poll-interval", default="10s")
    p.add_argument("--failing", type=int, default=0)
    p.add_argument("--failing-mode", choices=["retry", "notfound"], default="retry")
    p.add_argument("--reconcile-threads", type=int, default=32)
    p.add_argument("--ec2-rate-limit", choices=["on", "off"], default="off")
    p.add_argument("--probe", type=int, default=100)
    p.add_argument("--probe-launches", type=int, default=20)
    p.add_argument("--converge-timeout", type=int, default=600)
    p.add_argument("--fleet-timeout", type=int, default=300)
    p.add_argument("--jvm-options", default="")
    p.add_argument("--memory-limit", default="")
    p.add_argument("--emulator-note", default="moto")
    a = p.parse_args()
    b = Bench(a)
    try:
        if a.scale:
            b.scale_mode()
        elif a.instances > 20:
            b.instances_mode()
        else:
            b.legacy()
    finally:
        # what was measured is kept even when a later step gave up
        text = "\n".join(b.report)
        with open(os.path.join(a.out, "report.txt"), "w") as f:
            f.write(text + "\n")  # the lines were printed as they were measured
        op = getattr(b, "op", None)
        if op is not None and not op.stopped and op.proc.poll() is not None:
            last = [l.strip() for l in open(op.log_path, errors="replace") if "Terminating" in l or "OutOfMemory" in l][-1:]
            b.say(f"the operator exited with status {op.proc.returncode} during the run: {last[0][:200] if last else 'see ' + op.log_path}")
        with open(os.path.join(a.out, "report.txt"), "w") as f:
            f.write("\n".join(b.report) + "\n")
        if op is not None:
            op.stop()


if __name__ == "__main__":
    sys.exit(main())

"""Chaos run against the local environment; run through run.sh, which sets it up and tears it down.

Creates Ec2Instances, SecurityGroups and a SpotFleet in namespace `chaos`, in waves, with the EC2-like
fault layer (throttling, 5xx, connection resets, lost answers, late visibility, latency) between the
operator and the emulator, and meanwhile: SIGKILLs the operator mid-wave, restarting it after a short
pause; restarts the kube-apiserver once; edits specs. Every choice comes from one seed, printed first
(see plan()). Then, with the faults off, measures the time until every resource is Ready and checks EC2
itself (the emulator, not the layer) for duplicates; deletes everything in waves (faults and kills
again) and checks for leaks. Prints a report (also <out>/report.txt) and exits 1 when an instance is
duplicated, anything leaked or did not converge (2: the harness itself failed).

Knobs come from the environment (see run.sh). Everything listens on 127.0.0.1 and is bounded in time.
"""
import argparse
import collections
import datetime
import json
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from bench import AMI, seconds  # noqa: E402  (shared with the benchmark)

NS = "chaos"
CLUSTER = "chaos"
KINDS = "ec2instances.ec2.fleet.dev,securitygroups.ec2.fleet.dev,spotfleets.ec2.fleet.dev"
CLUSTER_TAG = "ec2.fleet.dev/cluster"
OWNER_TAG = "ec2.fleet.dev/owner"
UID_TAG = "ec2.fleet.dev/owner-uid"
FLEET_TAG = "ec2.fleet.dev/fleet"
WEIGHT_TAG = "ec2.fleet.dev/weight"
LIVE = ("pending", "running", "stopping", "stopped")
GONE = ("terminated", "shutting-down")
SPOT_PRICES = "t3.small=0.010,t3.medium=0.016,t3.large=0.030"  # as the benchmark passes them
FLEET_SPECS = [("t3.small", 1), ("t3.medium", 2), ("t3.large", 4)]
LAYER_CLASS = "dev.fleet.ec2.ec2like.Ec2LikeServer"
T0 = time.monotonic()
WAVE_LIMIT = 60  # seconds a kill waits at most for its wave to get far enough


class HarnessError(Exception):
    """The harness could not do its part (not a finding about the operator)."""


def say(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def duration(text, name):
    """'300', '300s', '5m' -> seconds."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+(ms|s|m)", text):
        return seconds(text)
    bad(name, text, "a duration like 300s, 5m or 300")


def bad(name, value, expected):
    raise HarnessError(f"{name}={value!r}: expected {expected}")


def knobs():
    env = os.environ

    def get(name, default, parse):
        raw = env.get(name, "")
        if raw.strip() == "":
            return default
        try:
            v = parse(raw.strip())
        except ValueError:
            bad(name, raw, parse.__name__ == "int" and "a whole number" or "a number")
        if v < 0:
            bad(name, raw, "a number >= 0")
        return v

    k = {
        "seed": get("SEED", None, int),
        "instances": get("INSTANCES", 100, int),
        "groups": get("GROUPS", 10, int),  # bash keeps $GROUPS for itself: see run.sh
        "fleet_target": get("FLEET_TARGET", 50, int),
        "kills": get("KILLS", 10, int),
        "poll_interval": env.get("POLL_INTERVAL", "").strip() or "5s",
        "converge_timeout": duration(env.get("CONVERGE_TIMEOUT", "").strip() or "300", "CONVERGE_TIMEOUT"),
        "throttle_rate": get("THROTTLE_RATE", 0.2, float),
        "server_error_rate": get("SERVER_ERROR_RATE", 0.05, float),
        "reset_rate": get("RESET_RATE", 0.01, float),
        "lost_answer_rate": get("LOST_ANSWER_RATE", 0.01, float),
        "visibility_delay": env.get("VISIBILITY_DELAY", "").strip() or "2s",
        # set and empty means no flags: OPERATOR_FLAGS= make chaos
        "operator_flags": shlex.split(env.get("OPERATOR_FLAGS", "--visibility-grace=30s")),
    }
    if not re.fullmatch(r"\d+(s|m)", k["poll_interval"]):
        bad("POLL_INTERVAL", k["poll_interval"], "a duration like 5s or 1m")
    if k["seed"] is None:
        k["seed"] = random.SystemRandom().randrange(1, 2 ** 31)
    return k


# --- Kubernetes -------------------------------------------------------------------------------------

def kube(*args, stdin=None, timeout=60):
    r = subprocess.run(["kubectl", *args], input=stdin, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise HarnessError(f"kubectl {' '.join(args[:3])}: {r.stderr.strip()}")
    return r.stdout


def kube_retry(*args, stdin=None, limit=90):
    """kubectl that rides out an API server restart (bounded)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            return kube(*args, stdin=stdin)
        except (HarnessError, subprocess.TimeoutExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def resources():
    """Every chaos resource, or None while the API server does not answer."""
    try:
        return json.loads(kube("get", KINDS, "-n", NS, "-o", "json", timeout=30))["items"]
    except (HarnessError, subprocess.TimeoutExpired, ValueError):
        return None


def ref(item):
    return f"{item['kind']} {item['metadata']['name']}"


def condition(item, type_):
    for c in (item.get("status") or {}).get("conditions") or []:
        if c.get("type") == type_:
            return c
    return None


def converged(item):
    """Ready=True for the current generation, and not being deleted."""
    c = condition(item, "Ready")
    gen = item["metadata"].get("generation")
    return (c is not None and c.get("status") == "True" and not item["metadata"].get("deletionTimestamp")
            and (c.get("observedGeneration") is None or c.get("observedGeneration") == gen))


def why_not(item):
    parts = []
    for t in ("Synced", "Ready"):
        c = condition(item, t)
        if c is None:
            parts.append(f"{t}: none")
        else:
            msg = (c.get("message") or "").strip()
            parts.append(f"{t}={c.get('status')} {c.get('reason')}" + (f" ({msg[:120]})" if msg else ""))
    gen, seen = item["metadata"].get("generation"), (item.get("status") or {}).get("observedGeneration")
    if gen is not None and seen is not None and gen != seen:
        parts.append(f"observedGeneration {seen} < generation {gen}")
    if item["metadata"].get("deletionTimestamp"):
        parts.append("being deleted")
    return "; ".join(parts)


def group_docs(k):
    docs = []
    for g in range(k["groups"]):
        rules = [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": [f"203.0.113.{g + 1}/32"],
                  "description": "admin"},
                 {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": ["0.0.0.0/0"],
                  "description": "https"}]
        if g > 0 and g % 3 == 0:  # a few groups admit group 0 by reference
            rules.append({"protocol": "tcp", "fromPort": 8080, "toPort": 8080,
                          "sourceSecurityGroupRefs": [{"name": "sg-00"}], "description": "from sg-00"})
        docs.append({"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "SecurityGroup",
                     "metadata": {"name": f"sg-{g:02d}", "namespace": NS},
                     "spec": {"description": f"chaos group {g}", "ingress": rules, "tags": {"chaos": "true"}}})
    return docs


def instance_doc(n, k):
    spec = {"imageId": AMI, "instanceType": "t3.micro", "tags": {"chaos": "true", "index": str(n)}}
    if k["groups"] and n % 3 == 0:  # every third instance in a group, by reference
        spec["securityGroupRefs"] = [{"name": f"sg-{n % k['groups']:02d}"}]
    return {"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "Ec2Instance",
            "metadata": {"name": f"vm-{n:03d}", "namespace": NS}, "spec": spec}


def fleet_doc(target):
    return {"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "SpotFleet", "metadata": {"name": "fleet", "namespace": NS},
            "spec": {"targetCapacity": target, "allocationStrategy": "diversified",
                     "launchSpecifications": [{"imageId": AMI, "instanceType": t, "weightedCapacity": w}
                                              for t, w in FLEET_SPECS],
                     "tags": {"chaos": "true"}}}


# --- EC2, read straight from the emulator -------------------------------------------------------------

def tags_of(x):
    return {t["Key"]: t["Value"] for t in x.get("Tags") or []}


def all_instances(ec2):
    out = []
    for page in ec2.get_paginator("describe_instances").paginate():
        for r in page["Reservations"]:
            out.extend(r["Instances"])
    return out


def live_counts(ec2):
    """Live instances of this cluster in EC2: (standalone instances, fleet units, instances)."""
    live = [tags_of(x) for x in all_instances(ec2)
            if x["State"]["Name"] in LIVE and tags_of(x).get(CLUSTER_TAG) == CLUSTER]
    units = sum(int(t.get(WEIGHT_TAG, "1")) for t in live if FLEET_TAG in t)
    return sum(1 for t in live if FLEET_TAG not in t), units, len(live)


def census(ec2, items, k):
    """Counts for the kill log: Ready resources, live instances (standalone and fleet units)."""
    standalone, units, live = live_counts(ec2)
    ready = None if items is None else sum(1 for i in items if converged(i))
    deleting = None if items is None else sum(1 for i in items if i["metadata"].get("deletionTimestamp"))
    return {"resources": None if items is None else len(items), "ready": ready, "deleting": deleting,
            "standalone": standalone, "units": units, "live": live}


def check_duplicates(ec2, items):
    """At convergence: more than one live instance per Ec2Instance; fleet units above target + largest weight - 1;
    live instances nobody owns. Returns (count, lines)."""
    by_uid, by_name, fleets = {}, {}, {}
    for i in items:
        key = f"{i['metadata']['namespace']}/{i['metadata']['name']}"
        if i["kind"] == "Ec2Instance":
            by_uid[i["metadata"]["uid"]] = key
            by_name[key] = key
        elif i["kind"] == "SpotFleet":
            fleets[key] = i
    per, fleet_members, orphans, untagged = collections.defaultdict(list), collections.defaultdict(list), [], []
    for x in all_instances(ec2):
        if x["State"]["Name"] not in LIVE:
            continue
        t = tags_of(x)
        if CLUSTER_TAG not in t:
            untagged.append(x["InstanceId"])  # the emulator is fresh: only the operator launched anything
        elif t[CLUSTER_TAG] != CLUSTER:
            continue
        elif FLEET_TAG in t:
            (fleet_members[t[FLEET_TAG]] if t[FLEET_TAG] in fleets else orphans).append(x)
        else:
            owner = by_uid.get(t.get(UID_TAG)) or by_name.get(t.get(OWNER_TAG))
            (per[owner] if owner else orphans).append(x)
    count, lines = 0, []
    for owner, xs in sorted(per.items()):
        if len(xs) > 1:
            count += len(xs) - 1
            lines.append(f"  Ec2Instance {owner}: {len(xs)} live instances: "
                         + ", ".join(f"{x['InstanceId']} ({x['State']['Name']}, {x['InstanceType']})" for x in xs))
    for key, f in sorted(fleets.items()):
        spec = f["spec"]
        weights = [int(tags_of(x).get(WEIGHT_TAG, "1")) for x in fleet_members[key]]
        target = spec["targetCapacity"]
        allowed = target + max(ls.get("weightedCapacity") or 1 for ls in spec["launchSpecifications"]) - 1
        units = sum(weights)
        surplus, left = 0, units
        for w in sorted(weights, reverse=True):
            if left <= allowed:
                break
            left -= w
            surplus += 1
        lines.append(f"  SpotFleet {key}: {units} units live in {len(weights)} instances (target {target}, at most "
                     f"{allowed} without a duplicate)" + (f": {units - allowed} units over, {surplus} surplus instances"
                                                         if surplus else ""))
        count += surplus
    if orphans:
        count += len(orphans)
        lines.append(f"  live instances tagged for cluster {CLUSTER} that no resource owns: "
                     + ", ".join(f"{x['InstanceId']} (owner {tags_of(x).get(OWNER_TAG)})" for x in orphans))
    if untagged:
        count += len(untagged)
        lines.append("  live instances without ownership tags (the emulator was fresh): " + ", ".join(untagged))
    return count, lines


def check_against_ec2(ec2, items):
    """Ready resources whose status EC2 does not bear out. Returns [(item, reason)]."""
    inst = {x["InstanceId"]: x for x in all_instances(ec2)}
    groups = {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    out = []
    for i in items:
        if not converged(i):
            continue
        st = i.get("status") or {}
        if i["kind"] == "Ec2Instance":
            x = inst.get(st.get("instanceId"))
            if x is None:
                out.append((i, f"Ready, but status.instanceId {st.get('instanceId')} is unknown to EC2"))
            elif x["State"]["Name"] not in LIVE:
                out.append((i, f"Ready, but {x['InstanceId']} is {x['State']['Name']} in EC2"))
            elif x["InstanceType"] != i["spec"]["instanceType"]:
                out.append((i, f"Ready, but {x['InstanceId']} is a {x['InstanceType']}, the spec says "
                               f"{i['spec']['instanceType']}"))
        elif i["kind"] == "SecurityGroup" and st.get("groupId") not in groups:
            out.append((i, f"Ready, but status.groupId {st.get('groupId')} is not in EC2"))
        elif i["kind"] == "SpotFleet":
            key = f"{NS}/{i['metadata']['name']}"
            units = sum(int(tags_of(x).get(WEIGHT_TAG, "1")) for x in inst.values() if x["State"]["Name"] in LIVE
                        and tags_of(x).get(FLEET_TAG) == key and tags_of(x).get(CLUSTER_TAG) == CLUSTER)
            if units < i["spec"]["targetCapacity"]:
                out.append((i, f"Ready, but only {units} of {i['spec']['targetCapacity']} units are live in EC2"))
    return out


def check_leaks(ec2):
    """After deletion: instances not terminated/shutting-down and security groups that carry our cluster tag
    (or no ownership tag at all: the emulator was fresh). Returns (count, lines)."""
    lines, count = [], 0
    tagged = [x for x in all_instances(ec2) if x["State"]["Name"] not in GONE]
    ours = [x for x in tagged if tags_of(x).get(CLUSTER_TAG) == CLUSTER]
    bare = [x for x in tagged if CLUSTER_TAG not in tags_of(x)]
    groups = ec2.describe_security_groups()["SecurityGroups"]
    our_groups = [g for g in groups if tags_of(g).get(CLUSTER_TAG) == CLUSTER]
    bare_groups = [g for g in groups if CLUSTER_TAG not in tags_of(g) and g["GroupName"] != "default"]
    for what, xs, show in (("instances", ours, lambda x: f"{x['InstanceId']} ({x['State']['Name']}, owner "
                                                          f"{tags_of(x).get(OWNER_TAG)})"),
                           ("untagged instances", bare, lambda x: f"{x['InstanceId']} ({x['State']['Name']})"),
                           ("security groups", our_groups, lambda g: f"{g['GroupId']} ({g['GroupName']}, owner "
                                                                     f"{tags_of(g).get(OWNER_TAG)})"),
                           ("untagged security groups", bare_groups, lambda g: f"{g['GroupId']} ({g['GroupName']})")):
        if xs:
            count += len(xs)
            lines.append(f"  {what}: " + ", ".join(show(x) for x in xs))
    try:
        open_requests = [r["SpotInstanceRequestId"] for r in ec2.describe_spot_instance_requests()["SpotInstanceRequests"]
                         if r.get("State") in ("open", "active")]
    except Exception as e:  # noqa: BLE001 -- informational only
        open_requests = [f"(not known: {e.__class__.__name__})"]
    return count, lines, open_requests


# --- processes -----------------------------------------------------------------------------------

def alive_pidfile(path, pid):
    with open(path, "w") as f:
        f.write(f"{pid}\n")


def wait_for_line(proc, log, found, limit, what):
    """Waits until found(log text) is true (returns its value), the process exits, or `limit` s pass."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        m = found(open(log).read())
        if m:
            return m
        if proc.poll() is not None:
            tail = "".join(open(log).readlines()[-15:])
            raise HarnessError(f"{what} exited (status {proc.returncode}) before it was up; {log}:\n{tail}")
        time.sleep(0.2)
    proc.kill()
    raise HarnessError(f"{what} was not up after {limit}s; see {log}")


class Operator:
    """The operator jar; one log file per start; EC2 calls counted from its own metrics (scraped).

    It counts as up when its three controllers have started, or its HTTP port is open, whichever comes first:
    the port opens only after a first EC2 call answers, which under faults can take a minute while the
    controllers already work."""
    LISTENING = re.compile(r"metrics on http:\\?/\\?/127\.0\.0\.1:(\d+)")
    STARTED = re.compile(r"'(\w+)' controller started")
    CONTROLLERS = {"ec2instance", "securitygroup", "spotfleet"}
    CALLS = re.compile(r'(?m)^ec2fleet_ec2_call_seconds_count\{([^}]*)\} ([0-9.eE+-]+)$')

    def __init__(self, jar, out, run_dir, endpoint, poll, flags):
        self.jar, self.out, self.pidfile, self.endpoint, self.poll, self.flags = \
            jar, out, os.path.join(run_dir, "chaos-operator.pid"), endpoint, poll, flags
        self.proc, self.port, self.starts, self.startups = None, None, 0, []
        self.calls_done, self.calls_now = collections.Counter(), collections.Counter()
        self.unexpected_exits = []

    def start(self):
        """Spawns the operator; returns the spawn moment (monotonic) once it is up."""
        self.starts += 1
        log = os.path.join(self.out, f"operator-{self.starts:02d}.log")
        env = dict(os.environ, AWS_ENDPOINT_URL=self.endpoint, CLUSTER_NAME=CLUSTER, HTTP_ADDRESS="127.0.0.1",
                   HTTP_PORT="0", POLL_INTERVAL=self.poll, SPOT_PRICES=SPOT_PRICES, WATCH_NAMESPACES=NS)
        spawned = time.monotonic()
        with open(log, "w") as f:
            self.proc = subprocess.Popen(["java", "-jar", self.jar, *self.flags], env=env, stdout=f,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        alive_pidfile(self.pidfile, self.proc.pid)
        self.log, self.port = log, None

        def up(text):
            return self.LISTENING.search(text) or self.CONTROLLERS <= set(self.STARTED.findall(text))
        try:
            wait_for_line(self.proc, log, up, 120, f"the operator (start {self.starts})")
        except HarnessError as e:
            if self.flags and "unknown flag" in str(e):
                raise HarnessError(f"{e}\n(OPERATOR_FLAGS={' '.join(self.flags)}: this operator does not know them; "
                                   "OPERATOR_FLAGS= runs it without)") from None
            raise
        self.startups.append(time.monotonic() - spawned)
        return spawned

    def scrape(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        if self.port is None:
            m = self.LISTENING.search(open(self.log).read())
            if not m:
                return
            self.port = int(m.group(1))
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=3).read().decode()
        except OSError:
            return
        now = collections.Counter()
        for m in self.CALLS.finditer(text):
            a = re.search(r'action="([^"]*)"', m.group(1))
            if a:
                now[a.group(1)] += int(float(m.group(2)))
        self.calls_now = now

    def check(self):
        """Restarts an operator that exited by itself (recorded: it is a finding)."""
        if self.proc is not None and self.proc.poll() is not None:
            code = self.proc.returncode
            self.unexpected_exits.append(f"start {self.starts} exited by itself with status {code}")
            say(f"the operator exited by itself (status {code}); starting it again")
            self._retire()
            self.start()

    def _retire(self):
        self.calls_done += self.calls_now
        self.calls_now = collections.Counter()
        self.proc = None

    def kill(self):
        self.scrape()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self._retire()

    def stop(self):
        if self.proc is None:
            return
        self.scrape()
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._retire()

    def calls(self):
        return self.calls_done + self.calls_now


class FaultLayer:
    """The EC2-like fault layer (test classes): a proxy in front of the emulator with an HTTP control."""

    def __init__(self, root, out, run_dir):
        self.root, self.log, self.pidfile = root, os.path.join(out, "ec2like.log"), os.path.join(run_dir, "chaos-ec2like.pid")
        self.proc, self.endpoint = None, None

    def start(self, target, k):
        classes = os.path.join(self.root, "target", "test-classes")
        if not os.path.exists(os.path.join(classes, *LAYER_CLASS.split(".")) + ".class"):
            raise HarnessError(f"the fault layer {LAYER_CLASS} is not in target/test-classes: build it (make build) "
                               "or run without it: NO_FAULT_LAYER=1 make chaos")
        cmd = ["java", "-cp", classes, LAYER_CLASS, f"--target={target}", "--port=0", f"--seed={k['seed']}",
               f"--visibility-delay={k['visibility_delay']}", f"--throttle-rate={k['throttle_rate']}",
               f"--server-error-rate={k['server_error_rate']}", f"--reset-rate={k['reset_rate']}",
               f"--lost-answer-rate={k['lost_answer_rate']}", "--latency-ms=0-50", "--max-lifetime=30m"]
        with open(self.log, "w") as f:
            self.proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        alive_pidfile(self.pidfile, self.proc.pid)
        m = wait_for_line(self.proc, self.log, re.compile(r"EC2LIKE_ENDPOINT=(http://127\.0\.0\.1:\d+)").search, 60,
                          "the fault layer")
        self.endpoint = m.group(1)
        return self.endpoint

    def faults(self, enabled):
        req = urllib.request.Request(f"{self.endpoint}/_ec2like/faults?enabled={'true' if enabled else 'false'}",
                                     data=b"", method="POST")
        urllib.request.urlopen(req, timeout=10).read()
        say(f"fault layer: faults {'on' if enabled else 'off'}")

    def stats(self):
        return json.loads(urllib.request.urlopen(f"{self.endpoint}/_ec2like/stats", timeout=10).read().decode())

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# --- the schedule --------------------------------------------------------------------------------

def plan(rng, k):
    """Every choice of the run, from the seed. Waits are seconds after the previous step ended (for a kill:
    after the restarted operator was up).

    Creation comes in waves, one before each create-phase kill (the instances of the wave, the fleet's next
    step up to its target), and each kill waits until a seeded fraction (`at`) of its wave is launched, as
    the emulator shows it: so every such kill falls while the operator launches. Deletion too: one wave
    before each delete-phase kill, which waits until that fraction of the wave is terminated. Each of those
    waits is bounded (WAVE_LIMIT); the moments themselves then depend on the operator's pace."""
    kills_delete = 0 if k["kills"] < 2 else max(1, round(k["kills"] * 0.4))
    kills_create = k["kills"] - kills_delete
    n, target = k["instances"], k["fleet_target"]
    waves = max(1, kills_create)
    inst = [list(range(w * n // waves, (w + 1) * n // waves)) for w in range(waves)]
    fleet = [-(-target * (w + 1) // waves) for w in range(waves)]  # ceil: the last step is the target
    api_wave = rng.randrange(1, waves) if waves > 1 else 0
    tag_wave = rng.randrange(1, waves) if waves > 1 else 0
    edits = max(1, n // 20)
    type_edited = sorted(rng.sample(inst[0], min(edits, len(inst[0]))))
    create = []
    for w in range(waves):
        create.append({"do": "apply", "wait": 0 if w == 0 else rng.uniform(0, 2), "wave": w, "which": inst[w],
                       "groups": w == 0, "fleet": fleet[w] if target else None})
        if w == 0 and type_edited:  # while the first launches are under way: the duplicate-after-edit path
            create.append({"do": "edit-type", "wait": rng.uniform(0.5, 2), "which": type_edited})
        if w == api_wave:
            create.append({"do": "restart-apiserver", "wait": rng.uniform(0.5, 2), "pause": rng.uniform(0.5, 3)})
        if w == tag_wave:
            pool = [i for v in inst[:w + 1] for i in v if i not in type_edited]
            create.append({"do": "edit-tags", "wait": rng.uniform(0.5, 2),
                           "which": sorted(rng.sample(pool, min(edits, len(pool))))})
        if kills_create:
            create.append({"do": "kill", "wait": rng.uniform(0, 1), "at": rng.uniform(0.1, 0.8),
                           "pause": rng.uniform(0.5, 3)})
    dwaves = max(1, kills_delete)
    delete = []
    for w in range(dwaves):
        # the fleet and the groups go first: a group is deleted while instances still use it
        delete.append({"do": "delete", "wait": 0 if w == 0 else rng.uniform(0, 2), "wave": w,
                       "which": list(range(w * n // dwaves, (w + 1) * n // dwaves)), "groups": w == 0,
                       "fleet": w == 0 and bool(target)})
        if kills_delete:
            delete.append({"do": "kill", "wait": rng.uniform(0, 1), "at": rng.uniform(0.1, 0.8),
                           "pause": rng.uniform(0.5, 3)})
    return create, delete


def show_plan(steps):
    out = []
    for s in steps:
        what = s["do"]
        if what in ("apply", "delete"):
            parts = [f"{len(s['which'])} instances"] + (["groups"] if s["groups"] else []) \
                + ([f"fleet {s['fleet']}" if what == "apply" else "fleet"] if s["fleet"] else [])
            what = f"{what} {'+'.join(parts)}"
        elif "which" in s:
            what += f" {len(s['which'])}"
        extra = (f", at {s['at']:.0%} of the wave" if "at" in s else "") + (f", pause {s['pause']:.1f}s" if "pause" in s else "")
        out.append(f"{what} (+{s['wait']:.1f}s{extra})")
    return "; ".join(out)


# --- the run -------------------------------------------------------------------------------------

class Run:
    def __init__(self, a, k):
        self.a, self.k = a, k
        self.rng = random.Random(k["seed"])
        self.moto = os.environ["AWS_ENDPOINT_URL"]
        self.ec2 = boto3.client("ec2", endpoint_url=self.moto, region_name="us-east-1")
        self.run_dir = os.path.join(os.environ["EC2FLEET_LOCAL_DIR"], "run")
        self.layer = None if a.no_fault_layer else FaultLayer(a.root, a.out, self.run_dir)
        self.op = None
        self.kills = []  # (phase, when, census, verdict)
        self.api_restarts = 0
        self.applied, self.fleet_now = 0, 0  # Ec2Instances applied so far, the fleet's target now
        self.wave = None
        self.report = []
        self.failures = collections.Counter()

    def idle(self, secs):
        """Sleeps, scraping the operator's metrics and restarting it if it died by itself."""
        end = time.monotonic() + secs
        while True:
            self.op.check()
            left = end - time.monotonic()
            if left <= 0:
                return
            self.op.scrape()
            time.sleep(min(2.0, max(0.0, end - time.monotonic())))

    def expected(self):
        return self.k["instances"] + self.k["groups"] + (1 if self.k["fleet_target"] else 0)

    def kill(self, phase, step, before_restart=None):
        items = resources()
        c = census(self.ec2, items, self.k)
        c["wave"] = self.wave_progress() if self.wave else None
        self.op.kill()
        when = time.monotonic() - T0
        if phase == "create":  # against what has been applied so far
            verdict = ("launching" if c["standalone"] < self.applied or c["units"] < self.fleet_now
                       else "converging" if c["ready"] is None or c["ready"] < c["resources"] else "all Ready already")
        else:
            verdict = ("deleting" if c["deleting"] is None or c["deleting"] else
                       "nothing being deleted" if c["resources"] else "after deletion had finished")
        self.kills.append((phase, when, c, verdict))
        say(f"SIGKILL {len(self.kills)} ({phase}, {verdict}): {kill_counts(c)}")
        if before_restart:
            before_restart()
        time.sleep(step["pause"])
        spawned = self.op.start()
        say(f"operator start {self.op.starts} up after {self.op.startups[-1]:.1f}s")
        return spawned

    def apply_wave(self, step):
        self.wave_start(+1, len(step["which"]) + max(0, (step["fleet"] or 0) - self.fleet_now))
        docs = (group_docs(self.k) if step["groups"] else []) + [instance_doc(n, self.k) for n in step["which"]]
        if step["fleet"] is not None:
            docs.append(fleet_doc(step["fleet"]))
        kube_retry("apply", "-f", "-", stdin=json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}))
        self.applied += len(step["which"])
        self.fleet_now = step["fleet"] or 0
        say(f"applied wave {step['wave'] + 1}: {len(step['which'])} Ec2Instances"
            + (f", {self.k['groups']} SecurityGroups" if step["groups"] else "")
            + (f", SpotFleet target {step['fleet']}" if step["fleet"] is not None else ""))

    def delete_wave(self, step):
        self.wave_start(-1, len(step["which"]) + (live_counts(self.ec2)[1] if step["fleet"] else 0))
        parts = []
        if step["fleet"]:
            kube_retry("delete", "spotfleets.ec2.fleet.dev", "--all", "-n", NS, "--wait=false")
            parts.append("the SpotFleet")
        if step["groups"]:
            kube_retry("delete", "securitygroups.ec2.fleet.dev", "--all", "-n", NS, "--wait=false")
            parts.append("the SecurityGroups")
        if step["which"]:
            kube_retry("delete", "ec2instances.ec2.fleet.dev", *[f"vm-{n:03d}" for n in step["which"]], "-n", NS,
                       "--wait=false", "--ignore-not-found")
            parts.append(f"{len(step['which'])} Ec2Instances")
        say(f"deleting wave {step['wave'] + 1}: {', '.join(parts) or 'nothing'} (--wait=false)")

    def wave_start(self, direction, size):
        standalone, units, _ = live_counts(self.ec2)
        self.wave = {"direction": direction, "size": size, "base": standalone + units, "since": time.monotonic()}

    def wave_progress(self):
        standalone, units, _ = live_counts(self.ec2)
        w = self.wave
        return 1.0 if not w["size"] else w["direction"] * (standalone + units - w["base"]) / w["size"]

    def until_wave(self, at):
        """Waits (bounded) until the fraction `at` of the current wave is launched or terminated in EC2, or the
        API server shows the wave done (all Ready; nothing left being deleted): what EC2 shows may never
        reach the fraction when instances are duplicated or leaked."""
        deadline = self.wave["since"] + WAVE_LIMIT
        polls = 0
        while time.monotonic() < deadline:
            self.op.check()
            if self.wave_progress() >= at:
                return
            polls += 1
            if polls % 8 == 0:
                items = resources()
                if items is not None and (all(converged(i) for i in items) if self.wave["direction"] > 0
                                          else not any(i["metadata"].get("deletionTimestamp") for i in items)):
                    return
            time.sleep(0.25)
        say(f"the wave did not reach {at:.0%} within {WAVE_LIMIT}s: killing anyway")

    def edit(self, step, how):
        for n in step["which"]:
            if how == "type":
                patch = {"spec": {"instanceType": "t3.small"}}
            else:
                patch = {"spec": {"tags": {"chaos": "true", "index": str(n), "edited": "yes"}}}
            kube_retry("patch", "ec2instances.ec2.fleet.dev", f"vm-{n:03d}", "-n", NS, "--type=merge",
                       "-p", json.dumps(patch))
        say(f"edited {len(step['which'])} instances ({'instanceType t3.micro -> t3.small' if how == 'type' else 'tags'})")

    def restart_apiserver(self, step):
        say("kube-apiserver: SIGKILL and restart")
        env = dict(os.environ, PAUSE=f"{step['pause']:.2f}")
        r = subprocess.run([os.path.join(self.a.root, "test-e2e", "restart-apiserver.sh")], env=env,
                           capture_output=True, text=True, timeout=200)
        if r.returncode != 0:
            raise HarnessError("restarting the kube-apiserver failed: " + (r.stderr or r.stdout).strip())
        self.api_restarts += 1
        say(r.stdout.strip())

    def faults(self, enabled):
        if self.layer is not None:
            self.layer.faults(enabled)

    def bound(self, what, start, limit, keep):
        """CONVERGE_TIMEOUT, shortened when the run's time budget (within run.sh's timeout) needs it."""
        left = T0 + self.a.budget - keep - start
        if left < limit:
            limit = max(30.0, left)
            self.report.append(f"(the bound on {what} was shortened to {limit:.0f} s to fit the run's "
                               f"{self.a.budget:.0f} s budget)")
        return limit

    def wait_until(self, what, done, start, limit):
        """Polls done(items) from `start` (monotonic) for at most `limit` s; returns (seconds or None, items)."""
        items = None
        while True:
            self.op.check()
            got = resources()
            if got is not None:
                items = got
                if done(items):
                    return time.monotonic() - start, items
            if time.monotonic() - start > limit:
                say(f"gave up waiting for {what} after {limit:.0f}s")
                return None, items
            self.op.scrape()
            time.sleep(1)

    def main(self):
        k, a = self.k, self.a
        create, delete = plan(self.rng, k)
        say(f"seed {k['seed']} (replay the same schedule: SEED={k['seed']} make chaos)")
        say(f"plan, create: {show_plan(create)}")
        say(f"plan, delete: {show_plan(delete)}")
        kube("create", "namespace", NS)
        endpoint = self.moto
        if self.layer is not None:
            endpoint = self.layer.start(self.moto, k)
            say(f"fault layer at {endpoint} in front of the emulator at {self.moto}")
        else:
            say(f"no fault layer: the operator talks to the emulator at {self.moto} directly")
        self.op = Operator(a.jar, a.out, self.run_dir, endpoint, k["poll_interval"], k["operator_flags"])
        self.op.start()
        say(f"operator up after {self.op.startups[-1]:.1f}s (flags: {' '.join(k['operator_flags']) or 'none'})")

        last_fault = time.monotonic()
        kills_left = sum(1 for s in create if s["do"] == "kill")
        for step in create:
            self.idle(step["wait"])
            if step["do"] == "kill":
                self.until_wave(step["at"])
                kills_left -= 1
                last_fault = self.kill("create", step, (lambda: self.faults(False)) if kills_left == 0 else None)
            elif step["do"] == "apply":
                self.apply_wave(step)
            elif step["do"] == "edit-type":
                self.edit(step, "type")
            elif step["do"] == "edit-tags":
                self.edit(step, "tags")
            elif step["do"] == "restart-apiserver":
                self.restart_apiserver(step)
                last_fault = time.monotonic()
        if not any(s["do"] == "kill" for s in create):
            self.faults(False)
            last_fault = time.monotonic()

        # --- convergence after the last fault ---
        # what the deletion phase needs at most, kept back from the budget so that the report always comes
        kills_delete = sum(1 for s in delete if s["do"] == "kill")
        bound = self.bound("convergence", last_fault, k["converge_timeout"],
                           keep=kills_delete * (WAVE_LIMIT + 20) + 60)
        took, items = self.wait_until("convergence", lambda it: len(it) == self.expected()
                                      and all(converged(i) for i in it), last_fault, bound)
        items = items or []
        startup = self.op.startups[-1]
        if took is not None:
            say(f"converged {took:.1f}s after the last fault")
            since = (f"from the last operator restart, faults off; its start took {startup:.1f} s" if self.kills
                     else "from the last fault, faults off")
            self.report.append(f"time to converge after the last fault: {took:.1f} s ({since}; "
                               f"bound {bound:.0f} s)")
        else:
            self.report.append(f"time to converge after the last fault: NOT converged within {bound:.0f} s")
        not_conv = [(i, why_not(i)) for i in items if not converged(i)]
        missing = self.expected() - len(items)
        dups_at, dup_lines_at = check_duplicates(self.ec2, items)
        not_conv += check_against_ec2(self.ec2, items)
        settle = min(30.0, 2 * seconds(k["poll_interval"]))
        self.idle(settle)
        items_later = resources() or items
        dups_later, dup_lines_later = check_duplicates(self.ec2, items_later)
        self.failures["not converged"] = len(not_conv) + max(0, missing)
        self.report.append(f"not converged: {len(not_conv) + max(0, missing)}")
        if missing > 0:
            self.report.append(f"  {missing} resources missing from the API server")
        for i, why in not_conv:
            self.report.append(f"  {ref(i)}: {why}")
        self.failures["duplicates"] = max(dups_at, dups_later)
        self.report.append(f"duplicates: {dups_at} at convergence, {dups_later} after {settle:.0f} s more")
        self.report += dup_lines_at
        if dup_lines_later != dup_lines_at:
            self.report.append(f" after {settle:.0f} s more:")
            self.report += dup_lines_later

        # --- deletion, with faults and kills again ---
        self.faults(True)
        last_fault = time.monotonic()
        kills_left = sum(1 for s in delete if s["do"] == "kill")
        for step in delete:
            self.idle(step["wait"])
            if step["do"] == "delete":
                self.delete_wave(step)
                last_fault = time.monotonic()
            else:
                self.until_wave(step["at"])
                kills_left -= 1
                last_fault = self.kill("delete", step, (lambda: self.faults(False)) if kills_left == 0 else None)
        if not any(s["do"] == "kill" for s in delete):
            self.faults(False)
        bound = self.bound("deletion", last_fault, k["converge_timeout"], keep=30)
        took, items = self.wait_until("deletion", lambda it: not it, last_fault, bound)
        if took is not None:
            say(f"everything deleted {took:.1f}s after the last fault")
            self.report.append(f"deletion: every resource gone {took:.1f} s after the last fault")
        else:
            items = items or []
            self.failures["not deleted"] = len(items)
            self.report.append(f"deletion: NOT done within {bound:.0f} s: {len(items)} resources left")
            for i in items:
                self.report.append(f"  {ref(i)}: {why_not(i)}; finalizers {i['metadata'].get('finalizers')}")
        leaks, leak_lines, open_requests = check_leaks(self.ec2)
        self.failures["leaks"] = leaks
        self.report.append(f"leaks: {leaks}")
        self.report += leak_lines
        if open_requests:
            self.report.append(f"  (not counted) open or active spot instance requests: {len(open_requests)}")


def port_delays(out, starts):
    """From the operator logs: seconds from its first line to its HTTP port opening (after a first EC2 answer)."""
    delays, never = [], 0
    stamp = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?)Z", re.M)
    for n in range(1, starts + 1):
        try:
            text = open(os.path.join(out, f"operator-{n:02d}.log")).read()
        except OSError:
            continue
        first, m = stamp.search(text), Operator.LISTENING.search(text)
        if not first or not m:
            never += 1
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1:]
        opened = stamp.match(line)
        if opened:
            t0 = datetime.datetime.fromisoformat(first.group(1))
            delays.append((datetime.datetime.fromisoformat(opened.group(1)) - t0).total_seconds())
    if not delays:
        return f"operator HTTP port: never seen open ({never} starts)"
    return (f"operator HTTP port (health, metrics) open after its start: mean {sum(delays) / len(delays):.1f} s, "
            f"max {max(delays):.1f} s; {never} of {starts} starts ended before it opened")


def kill_counts(c):
    return ((f"its wave {c['wave']:.0%} {'done' if c['wave'] < 1 else 'done or more'}; " if c.get("wave") is not None else "")
            + f"{c['ready']}/{c['resources']} resources Ready" + (f", {c['deleting']} being deleted" if c["deleting"] else "")
            + f"; live in EC2: {c['standalone']} instances, {c['units']} fleet units")


def counts(m):
    return ", ".join(f"{a} {n:g}" for a, n in sorted(m.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"


def stats_lines(stats):
    """The fault layer's stats (GET /_ec2like/stats): requests by action, faults by type, the rest on one line."""
    stats = dict(stats)
    lines = []
    requests = stats.pop("requests", None)
    if isinstance(requests, dict):
        lines.append(f"EC2 calls by action, as the fault layer received them ({sum(requests.values()):g}): "
                     + counts(requests))
    faults = stats.pop("faults", None)
    if isinstance(faults, dict):
        faults = dict(faults)
        latency = faults.pop("latency-ms", None)
        lines.append(f"faults injected by type ({sum(v for v in faults.values() if isinstance(v, (int, float))):g}): "
                     + counts({a: n for a, n in faults.items() if isinstance(n, (int, float))})
                     + (f"; added latency {latency / 1000:.1f} s in all" if isinstance(latency, (int, float)) else ""))
    if stats:
        lines.append("fault layer, also: " + ", ".join(f"{key} {json.dumps(v)}" for key, v in sorted(stats.items())))
    return lines


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--budget", type=float, default=1110, help="seconds the whole run may take (run.sh's timeout "
                   "is a minute more): the last bounds shrink to fit it")
    p.add_argument("--no-fault-layer", action="store_true", default=os.environ.get("NO_FAULT_LAYER", "") not in ("", "0"),
                   help="the operator talks to the emulator directly (also NO_FAULT_LAYER=1)")
    a = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run.sh's timeout: still report and stop what we started
    try:
        k = knobs()
    except HarnessError as e:
        print(f"chaos: {e}", file=sys.stderr)
        return 2
    run = Run(a, k)
    head = [f"chaos run: seed {k['seed']} (replay: SEED={k['seed']} make chaos)",
            f"resources: {k['instances']} Ec2Instance, {k['groups']} SecurityGroup, "
            + (f"1 SpotFleet of {k['fleet_target']} units (weights {', '.join(str(w) for _, w in FLEET_SPECS)})"
               if k["fleet_target"] else "no SpotFleet") + f"; poll interval {k['poll_interval']}",
            "fault layer: " + ("none (--no-fault-layer: the operator talks to the emulator directly)" if a.no_fault_layer
                               else f"throttle {k['throttle_rate']}, server errors {k['server_error_rate']}, resets "
                                    f"{k['reset_rate']}, lost answers {k['lost_answer_rate']}, visibility delay "
                                    f"{k['visibility_delay']}, latency 0-50 ms; on while creating and while deleting"),
            f"operator flags: {' '.join(k['operator_flags']) or 'none'}"]
    status = 2
    try:
        run.main()
        status = 1 if any(run.failures.values()) else 0
    except HarnessError as e:
        run.report.append(f"HARNESS ERROR: {e}")
    except subprocess.TimeoutExpired as e:
        run.report.append(f"HARNESS ERROR: timed out: {e}")
    except SystemExit as e:
        run.report.append(f"INTERRUPTED (status {e.code}): the report is partial")
        status = e.code if isinstance(e.code, int) else 2
    finally:
        if run.op is not None:
            run.op.stop()
        layer_stats = None
        if run.layer is not None and run.layer.proc is not None:
            try:
                layer_stats = run.layer.stats()
            except (OSError, ValueError) as e:
                run.report.append(f"fault layer stats not read: {e}")
            run.layer.stop()
        ops = run.op
        tail = []
        if ops is not None:
            by_phase = collections.Counter(ph for ph, *_ in run.kills)
            tail.append(f"operator restarts: {ops.starts - 1} ({len(run.kills)} SIGKILLs: {by_phase['create']} while "
                        f"creating/converging, {by_phase['delete']} while deleting; "
                        f"{len(ops.unexpected_exits)} exits by itself); kube-apiserver restarts: {run.api_restarts}")
            for n, (ph, when, c, verdict) in enumerate(run.kills, 1):
                tail.append(f"  kill {n:2d} at {when:6.1f} s ({ph}, {verdict}): {kill_counts(c)}")
            for x in ops.unexpected_exits:
                tail.append(f"  {x}")
            if ops.startups:
                tail.append(f"  operator start to up (controllers started): mean {sum(ops.startups) / len(ops.startups):.1f} s, "
                            f"max {max(ops.startups):.1f} s")
                tail.append("  " + port_delays(a.out, ops.starts))
        if layer_stats is not None:
            tail += stats_lines(layer_stats)
        if ops is not None and ops.calls():
            calls = ops.calls()
            tail.append(f"EC2 calls by action, as the operator's metrics counted them ({sum(calls.values())}; summed "
                        f"over its starts; what a start did after its last scrape is missing): "
                        + ", ".join(f"{a_} {n}" for a_, n in calls.most_common()))
        verdict = ("PASS" if status == 0 else "FAIL: " + ", ".join(f"{k_} {n}" for k_, n in run.failures.items() if n)
                   if status == 1 else "INCOMPLETE")
        text = "\n".join(head + run.report + tail + [f"result: {verdict}"])
        print("\n" + text, flush=True)
        with open(os.path.join(a.out, "report.txt"), "w") as f:
            f.write(text + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Bounded benchmark scenario against the local environment; run through run.sh, which sets it up.

Measures, and prints (also to <out>/report.txt):
  - time until N Ec2Instances are Ready, and the operator's EC2 calls for it;
  - steady state: EC2 calls per poll interval with N instances (one shared DescribeInstances expected);
  - drift: an instance terminated behind the operator's back until its replacement is in status;
  - spot: a fleet, then W interruption warnings on SQS, and the operator's own warning-to-launch latency;
  - memory: the operator's resident set and JVM heap in use.
Everything listens on 127.0.0.1 and stops by itself (run.sh also bounds it with a timeout).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

import boto3

AMI = "ami-0ed094fb1304fd857"
NS = "bench"


def kubectl(*args, stdin=None):
    return subprocess.run(["kubectl", *args], input=stdin, capture_output=True, text=True, check=True).stdout


def apply(doc):
    kubectl("apply", "-f", "-", stdin=json.dumps(doc))


def get(kind, name):
    return json.loads(kubectl("get", kind, name, "-n", NS, "-o", "json"))


def metrics(port):
    return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()


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


def start_operator(jar, out, queue_url, poll):
    env = dict(os.environ, HTTP_ADDRESS="127.0.0.1", HTTP_PORT="0", CLUSTER_NAME="bench", POLL_INTERVAL=poll,
               INTERRUPTION_QUEUE_URL=queue_url, SPOT_PRICES="t3.small=0.010,t3.medium=0.016,t3.large=0.030")
    log = open(os.path.join(out, "operator.log"), "w")
    proc = subprocess.Popen(["java", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT)
    port = None

    def listening():
        nonlocal port
        if proc.poll() is not None:
            raise SystemExit("bench: the operator exited; see " + log.name)
        m = re.search(r"metrics on http:\\?/\\?/127\.0\.0\.1:(\d+)", open(log.name).read())
        port = int(m.group(1)) if m else None
        return port is not None

    try:
        wait("the operator", listening, 90, 0.5)
    except BaseException:
        proc.kill()
        raise
    return proc, port


def seconds(duration):
    """'10s', '2m', '500ms' as the operator reads them."""
    m = re.fullmatch(r"(\d+)(ms|s|m)", duration)
    if not m:
        raise SystemExit(f"bench: poll interval {duration!r}: use e.g. 10s, 2m or 500ms")
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--instances", type=int, default=20)
    p.add_argument("--fleet-target", type=int, default=10)
    p.add_argument("--warnings", type=int, default=5)
    p.add_argument("--poll-interval", default="10s")
    a = p.parse_args()
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="us-east-1")
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
    queue = sqs.create_queue(QueueName="bench-interruptions")["QueueUrl"]
    kubectl("create", "namespace", NS)
    interval = seconds(a.poll_interval)
    report = []
    proc = None
    try:
        proc, port = start_operator(a.jar, a.out, queue, a.poll_interval)
        before = metrics(port)
        for n in range(a.instances):
            apply({"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "Ec2Instance",
                   "metadata": {"name": f"web-{n}", "namespace": NS},
                   "spec": {"imageId": AMI, "instanceType": "t3.micro", "state": "running"}})
        took = wait(f"{a.instances} instances Ready", lambda: all_ready("ec2"), 300, 0.5)
        after = metrics(port)
        report.append(f"instances: {a.instances} Ready in {took:.1f} s; RunInstances {calls(after, 'RunInstances') - calls(before, 'RunInstances'):.0f}, "
                      f"DescribeInstances {calls(after, 'DescribeInstances') - calls(before, 'DescribeInstances'):.0f}")

        before = metrics(port)
        time.sleep(3 * interval)
        after = metrics(port)
        total = series(after, "ec2fleet_ec2_call_seconds_count") - series(before, "ec2fleet_ec2_call_seconds_count")
        report.append(f"steady state with {a.instances} instances: {total / 3:.1f} EC2 calls per poll interval "
                      f"({a.poll_interval}), of which DescribeInstances "
                      f"{(calls(after, 'DescribeInstances') - calls(before, 'DescribeInstances')) / 3:.1f}")

        victim = get("ec2", "web-0")["status"]["instanceId"]
        ec2.terminate_instances(InstanceIds=[victim])
        took = wait("drift repaired", lambda: get("ec2", "web-0")["status"].get("instanceId") not in (None, victim)
                    and ready(get("ec2", "web-0")), 120)
        report.append(f"drift: terminated {victim} behind the operator's back; replacement Ready after {took:.1f} s "
                      f"(bounded by the poll interval, {a.poll_interval})")

        subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s.get("DefaultForAz")][:3]
        apply({"apiVersion": "ec2.fleet.dev/v1alpha1", "kind": "SpotFleet",
               "metadata": {"name": "batch", "namespace": NS},
               "spec": {"targetCapacity": a.fleet_target, "allocationStrategy": "diversified",
                        "launchSpecifications": [{"imageId": AMI, "instanceType": t, "subnetId": s}
                                                 for t, s in zip(["t3.small", "t3.medium", "t3.large"], subnets)]}})
        took = wait("fleet fulfilled", lambda: ready(get("sf", "batch")), 120)
        report.append(f"spot fleet: target {a.fleet_target} fulfilled in {took:.1f} s")
        members = [i["instanceId"] for i in get("sf", "batch")["status"]["instances"]][:a.warnings]
        for iid in members:
            sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({
                "version": "0", "id": f"bench-{iid}", "detail-type": "EC2 Spot Instance Interruption Warning",
                "source": "aws.ec2", "account": "123456789012", "region": "us-east-1",
                "resources": [f"arn:aws:ec2:us-east-1a:instance/{iid}"],
                "detail": {"instance-id": iid, "instance-action": "terminate"}}))
        wait("replacements", lambda: series(metrics(port), "ec2fleet_fleet_replacement_latency_seconds_count")
             >= 1 and ready(get("sf", "batch")) and get("sf", "batch")["status"].get("replacements", 0) >= len(members), 120)
        m = metrics(port)
        count = series(m, "ec2fleet_fleet_replacement_latency_seconds_count")
        mean = series(m, "ec2fleet_fleet_replacement_latency_seconds_sum") / count
        worst = series(m, "ec2fleet_fleet_replacement_latency_seconds_max")
        report.append(f"interruptions: {len(members)} warnings; warning-to-launch latency over {count:.0f} launch "
                      f"call(s): mean {mean * 1000:.0f} ms, max {worst * 1000:.0f} ms (operator's histogram)")

        rss = int(re.search(r"VmRSS:\s+(\d+) kB", open(f"/proc/{proc.pid}/status").read()).group(1)) // 1024
        heap = series_with(m, "jvm_memory_used_bytes", 'area="heap"') / 2 ** 20
        report.append(f"memory with {a.instances} instances and a fleet of {a.fleet_target}: RSS {rss} MiB, "
                      f"heap in use {heap:.0f} MiB")
    finally:
        # what was measured is kept even when a later step gave up
        text = "\n".join(report)
        print(text)
        with open(os.path.join(a.out, "report.txt"), "w") as f:
            f.write(text + "\n")
        for kind in ("sf", "ec2"):
            subprocess.run(["kubectl", "delete", kind, "--all", "-n", NS, "--timeout=60s"], capture_output=True)
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())

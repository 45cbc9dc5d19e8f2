#!/usr/bin/env bash
# Benchmark: starts its own local environment (.local-bench, free loopback ports) and the operator jar, runs
# a bounded scenario, prints what it measured (also to target/bench/report.txt), and stops everything it
# started. Nothing here asserts a time.
#
# Modes:
#   make bench                    the scenario of the earlier figures (20 instances, drift, a fleet of 10,
#                                 5 interruption warnings), plus a few appended lines
#   make bench INSTANCES=1000     scale: emulator floor, 500 failing resources, N instances in bulk, ...
#   make bench SCALE=5000         memory/steady state: N instances created in the emulator and observed
# Knobs (environment): INSTANCES (20), SCALE (off), FLEET_TARGET (10; 1000 with SCALE), WARNINGS (5; 0 with
# SCALE), POLL_INTERVAL (10s; 30s with SCALE), FAILING (0; 500 in the scale modes), FAILING_MODE (retry or
# notfound), RECONCILE_THREADS (32, the operator's default: also the floor's concurrency), EC2_RATE_LIMIT (off; on: the operator's
# default client-side EC2 rate limit), PROBE (100),
# PROBE_LAUNCHES (20), CONVERGE_TIMEOUT (600 s), FLEET_TARGET_TIMEOUT (300 s), JVM_OPTIONS (the chart's
# jvm.options; JVM_OPTIONS= for the JVM's defaults), MALLOC_ARENA_MAX (the chart's jvm.mallocArenaMax; empty
# for glibc's default), MEMORY_LIMIT (the chart's resources.limits.memory,
# given to the JVM as -XX:MaxRAM), EMULATOR (stock, or indexed in the scale modes: see moto_indexed.py),
# BENCH_TIMEOUT (900 s; 1440 s in the scale modes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export EC2FLEET_LOCAL_DIR="$root/.local-bench"
out="$root/target/bench"
mkdir -p "$out"

[[ -f "$root/target/ec2-fleet-operator.jar" ]] || { echo "error: build the jar first: make build" >&2; exit 1; }
tools=$("$root/test-e2e/tools.sh" all | tail -n 1)
py="$tools/venv/bin/python"

scale=${SCALE:-0}
instances=${INSTANCES:-20}
if [[ "$scale" != 0 || "$instances" -gt 20 ]]; then big=1; else big=0; fi
values="$root/helm/ec2-fleet-operator/values.yaml"
chart_jvm=$("$py" -c 'import sys, yaml; print(((yaml.safe_load(open(sys.argv[1])).get("jvm") or {}).get("options") or "").strip())' "$values")
chart_limit=$("$py" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["resources"]["limits"]["memory"])' "$values")
chart_arenas=$("$py" -c 'import sys, yaml; print((yaml.safe_load(open(sys.argv[1])).get("jvm") or {}).get("mallocArenaMax") or "")' "$values")
jvm_options=${JVM_OPTIONS-$chart_jvm}
if [[ -n "${MALLOC_ARENA_MAX-$chart_arenas}" ]]; then export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-$chart_arenas}; else unset MALLOC_ARENA_MAX; fi
emulator=${EMULATOR:-$([[ $big == 1 ]] && echo indexed || echo stock)}
case "$emulator" in stock|indexed) ;; *) echo "error: EMULATOR=$emulator: stock or indexed" >&2; exit 2 ;; esac

trap '"$root/test-e2e/env-down.sh" --quiet || true' EXIT
"$root/test-e2e/env-down.sh" --quiet || true # a fresh environment: nothing left from an earlier run
"$root/test-e2e/env-up.sh" >/dev/null
# shellcheck disable=SC1091
source "$EC2FLEET_LOCAL_DIR/env.sh"
kubectl apply --server-side --force-conflicts -f "$root/crds/" >/dev/null

note="moto (stock)"
if [[ $emulator == indexed ]]; then
  # the same moto on the same port, with its tag lookup indexed (moto_indexed.py says why); env-down stops it
  run="$EC2FLEET_LOCAL_DIR/run"
  port=${AWS_ENDPOINT_URL##*:}
  pid=$(cat "$run/moto.pid")
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  MOTO_ENABLE_AMI_VALIDATION=1 MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION=1 MOTO_ENABLE_KEYPAIR_VALIDATION=1 \
    setsid "$py" "$here/moto_indexed.py" -H 127.0.0.1 -p "$port" >"$EC2FLEET_LOCAL_DIR/logs/moto.log" 2>&1 </dev/null &
  echo $! > "$run/moto.pid"
  for _ in $(seq 1 120); do
    curl -fsS --max-time 5 "$AWS_ENDPOINT_URL/moto-api/data.json" -o /dev/null 2>/dev/null && break
    kill -0 "$(cat "$run/moto.pid")" 2>/dev/null || { echo "error: moto (indexed) exited: $(tail -n 5 "$EC2FLEET_LOCAL_DIR/logs/moto.log")" >&2; exit 1; }
    sleep 0.5
  done
  note="moto with its tag lookup indexed (test-e2e/bench/moto_indexed.py)"
fi

if [[ "$scale" != 0 ]]; then
  defaults=(--fleet-target "${FLEET_TARGET:-1000}" --warnings "${WARNINGS:-0}" --poll-interval "${POLL_INTERVAL:-30s}")
else
  defaults=(--fleet-target "${FLEET_TARGET:-10}" --warnings "${WARNINGS:-5}" --poll-interval "${POLL_INTERVAL:-10s}")
fi
timeout "${BENCH_TIMEOUT:-$([[ $big == 1 ]] && echo 1440 || echo 900)}" "$py" "$here/bench.py" \
  --jar "$root/target/ec2-fleet-operator.jar" --out "$out" \
  --instances "$instances" --scale "$scale" "${defaults[@]}" \
  --failing "${FAILING:-$([[ $big == 1 ]] && echo 500 || echo 0)}" --failing-mode "${FAILING_MODE:-retry}" \
  --reconcile-threads "${RECONCILE_THREADS:-32}" --ec2-rate-limit "${EC2_RATE_LIMIT:-off}" --probe "${PROBE:-100}" --probe-launches "${PROBE_LAUNCHES:-20}" \
  --converge-timeout "${CONVERGE_TIMEOUT:-600}" --fleet-timeout "${FLEET_TARGET_TIMEOUT:-300}" \
  --jvm-options "$jvm_options" --memory-limit "${MEMORY_LIMIT-$chart_limit}" --emulator-note "$note"

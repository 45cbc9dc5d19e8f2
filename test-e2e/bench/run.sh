#!/usr/bin/env bash
# Benchmark: starts its own local environment (.local-bench) and the operator jar, runs a bounded
# scenario on loopback (instances, drift, steady-state EC2 calls, a spot fleet and interruption
# warnings), prints what it measured, and stops everything it started. Nothing here asserts a time.
# Knobs (environment): INSTANCES (20), FLEET_TARGET (10), WARNINGS (5), POLL_INTERVAL (10s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export EC2FLEET_LOCAL_DIR="$root/.local-bench"
out="$root/target/bench"
mkdir -p "$out"

[[ -f "$root/target/ec2-fleet-operator.jar" ]] || { echo "error: build the jar first: make build" >&2; exit 1; }
tools=$("$root/test-e2e/tools.sh" all | tail -n 1)
trap '"$root/test-e2e/env-down.sh" --quiet || true' EXIT
"$root/test-e2e/env-down.sh" --quiet || true # a fresh environment: nothing left from an earlier run
"$root/test-e2e/env-up.sh" >/dev/null
# shellcheck disable=SC1091
source "$EC2FLEET_LOCAL_DIR/env.sh"
kubectl apply --server-side --force-conflicts -f "$root/crds/" >/dev/null

timeout 900 "$tools/venv/bin/python" "$here/bench.py" --jar "$root/target/ec2-fleet-operator.jar" --out "$out" \
  --instances "${INSTANCES:-20}" --fleet-target "${FLEET_TARGET:-10}" --warnings "${WARNINGS:-5}" \
  --poll-interval "${POLL_INTERVAL:-10s}"

#!/usr/bin/env bash
# Stops exactly the processes that env-up.sh recorded, and removes the generated env.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
local_dir=${EC2FLEET_LOCAL_DIR:-$root/.local}
quiet=${1:-}
# shellcheck source=lib.sh
source "$here/lib.sh"

stopped=0
for p in moto kube-apiserver etcd; do
  f="$local_dir/run/$p.pid"
  [[ -f "$f" ]] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    stopped=$((stopped + 1))
  fi
  rm -f "$f"
done
rm -f "$local_dir/env.sh" "$local_dir/run/kube-apiserver.cmd"
[[ "$quiet" == "--quiet" ]] || echo "local environment stopped ($stopped processes)"

#!/usr/bin/env bash
# Restarts the local kube-apiserver that env-up.sh started: SIGKILL, then the very command env-up.sh
# recorded (run/kube-apiserver.cmd: same port, certificates and etcd), and waits until /readyz answers.
# The chaos run uses it. Optional: PAUSE (seconds between the kill and the start, default 0).
# The previous log is kept as logs/kube-apiserver.<n>.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
local_dir=${EC2FLEET_LOCAL_DIR:-$root/.local}
fail() { echo "error: $*" >&2; exit 1; }
# shellcheck source=lib.sh
source "$here/lib.sh"

run="$local_dir/run"
logs="$local_dir/logs"
pki="$local_dir/pki"
[[ -f "$run/kube-apiserver.cmd" ]] || fail "no $run/kube-apiserver.cmd: start the environment with test-e2e/env-up.sh"
mapfile -t cmd < "$run/kube-apiserver.cmd"
port=""
for ((i = 0; i < ${#cmd[@]} - 1; i++)); do
  [[ "${cmd[i]}" == --secure-port ]] && port=${cmd[i + 1]}
done
[[ -n "$port" ]] || fail "no --secure-port in $run/kube-apiserver.cmd"

if pid_alive "$run/kube-apiserver.pid"; then
  pid=$(cat "$run/kube-apiserver.pid")
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && fail "kube-apiserver ($pid) still running 20 s after SIGKILL"
fi
sleep "${PAUSE:-0}"
n=1
while [[ -e "$logs/kube-apiserver.$n.log" ]]; do n=$((n + 1)); done
[[ -f "$logs/kube-apiserver.log" ]] && mv "$logs/kube-apiserver.log" "$logs/kube-apiserver.$n.log"
start_bg "$run/kube-apiserver.pid" "$logs/kube-apiserver.log" "${cmd[@]}"
curl_api=(curl -fsS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key")
wait_for "kube-apiserver" "$logs/kube-apiserver.log" 120 "$run/kube-apiserver.pid" "${curl_api[@]}" "https://127.0.0.1:$port/readyz"
echo "kube-apiserver restarted on 127.0.0.1:$port (pid $(cat "$run/kube-apiserver.pid"))"

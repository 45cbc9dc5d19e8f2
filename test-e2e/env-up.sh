#!/usr/bin/env bash
# Starts the local environment: etcd + kube-apiserver (TLS, RBAC, service-account tokens) and the
# EC2/SQS emulator (moto server), all on free loopback ports. Idempotent: if the recorded processes
# are alive and answering, it only prints where they are.
# Writes .local/env.sh (source it to use kubectl/helm and the emulator), logs to .local/logs/.
# Optional: APISERVER_PORT, MOTO_PORT to pin ports (default: free ports); EC2FLEET_LOCAL_DIR for another folder
# than .local; EC2FLEET_KUBE_APISERVER for another kube-apiserver binary (the oldest supported one, in a test).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
local_dir=${EC2FLEET_LOCAL_DIR:-$root/.local}
fail() { echo "error: $*" >&2; exit 1; }

# shellcheck source=lib.sh
source "$here/lib.sh"

if env_is_up "$local_dir"; then
  echo "local environment already running (source $local_dir/env.sh)"
  exit 0
fi
"$here/env-down.sh" --quiet || true

command -v openssl >/dev/null 2>&1 || fail "openssl is needed to make the API server's certificates: install openssl"
command -v curl >/dev/null 2>&1 || fail "curl is needed to wait for the servers: install curl"
tools=$("$here/tools.sh" all | tail -n 1)
bin="$tools/bin"

mkdir -p "$local_dir/logs" "$local_dir/pki" "$local_dir/run"
pki="$local_dir/pki"
logs="$local_dir/logs"
run="$local_dir/run"
rm -rf "$local_dir/etcd-data"

picked=" "
pick_port() { # pick_port PIN_VAR|- OUT_VAR: the pinned port if set and free, else a free one not picked before
  local pinned="" port
  [[ "$1" == - ]] || pinned=${!1:-}
  if [[ -n "$pinned" ]]; then
    port_is_free "$pinned" || fail "port $pinned ($1) is already in use on 127.0.0.1: stop what holds it (ss -ltnp | grep :$pinned) or unset $1"
    port=$pinned
  else
    port=$(free_port)
    while [[ "$picked" == *" $port "* ]]; do port=$(free_port); done
  fi
  picked+="$port "
  printf -v "$2" '%s' "$port"
}
pick_port - etcd_port
pick_port - etcd_peer_port
pick_port APISERVER_PORT api_port
pick_port MOTO_PORT moto_port

# --- certificates: one CA, a serving cert for 127.0.0.1, an admin client cert, a service-account key ---
if [[ ! -f "$pki/ca.crt" ]]; then
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout ca.key -out ca.crt -subj "/CN=ec2-fleet-local-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' > apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=admin" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile admin.ext -out admin.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr ./*.ext
  )
fi

# --- etcd ---
start_bg "$run/etcd.pid" "$logs/etcd.log" "$bin/etcd" \
  --name local --data-dir "$local_dir/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "local=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync --log-level warn
wait_for "etcd" "$logs/etcd.log" 60 "$run/etcd.pid" curl -fsS --max-time 5 "http://127.0.0.1:$etcd_port/health"

# --- kube-apiserver (its command recorded, one word a line, for restart-apiserver.sh) ---
apiserver_cmd=("${EC2FLEET_KUBE_APISERVER:-$bin/kube-apiserver}" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --secure-port "$api_port" --cert-dir "$pki" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.0.0.0/24 --disable-admission-plugins ServiceAccount --allow-privileged=true)
printf '%s\n' "${apiserver_cmd[@]}" > "$run/kube-apiserver.cmd"
start_bg "$run/kube-apiserver.pid" "$logs/kube-apiserver.log" "${apiserver_cmd[@]}"
curl_api=(curl -fsS --max-time 5 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key")
wait_for "kube-apiserver" "$logs/kube-apiserver.log" 120 "$run/kube-apiserver.pid" "${curl_api[@]}" "https://127.0.0.1:$api_port/readyz"

# --- EC2/SQS emulator, with validation on so bad input fails as EC2 would fail it ---
# A port picked by us can still be taken before the server binds it: then another one (unless pinned).
for attempt in 1 2 3; do
  MOTO_ENABLE_AMI_VALIDATION=1 MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION=1 MOTO_ENABLE_KEYPAIR_VALIDATION=1 \
    start_bg "$run/moto.pid" "$logs/moto.log" "$tools/venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port"
  if wait_for "moto server" "$logs/moto.log" 60 "$run/moto.pid" \
      curl -fsS --max-time 5 "http://127.0.0.1:$moto_port/moto-api/data.json" -o /dev/null; then
    break
  fi
  if [[ -n "${MOTO_PORT:-}" || $attempt == 3 ]] || ! grep -q "in use" "$logs/moto.log"; then
    exit 1
  fi
  pick_port - moto_port
done

# --- client configuration ---
cat > "$local_dir/kubeconfig" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: admin
  user:
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
contexts:
- name: local
  context: {cluster: local, user: admin}
current-context: local
KCFG
cat > "$local_dir/env.sh" <<ENV
# Written by test-e2e/env-up.sh: the local API server and EC2 emulator. Source it: . .local/env.sh
export KUBECONFIG='$local_dir/kubeconfig'
export AWS_ENDPOINT_URL='http://127.0.0.1:$moto_port'
export AWS_REGION='us-east-1'
export AWS_ACCESS_KEY_ID='testing'
export AWS_SECRET_ACCESS_KEY='testing'
export PATH='$bin':"\$PATH"
ENV
echo "local environment up: kube-apiserver https://127.0.0.1:$api_port, EC2 emulator http://127.0.0.1:$moto_port"
echo "  use it:  source $local_dir/env.sh    logs: $logs/    stop: make env-down"

# Shared shell functions for the local-environment scripts (sourced, not run).

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_is_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# start_bg PIDFILE LOGFILE COMMAND...: start a server in its own session, record its PID
start_bg() {
  local pidfile=$1 logfile=$2; shift 2
  setsid "$@" >"$logfile" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

# wait_for NAME LOGFILE SECONDS COMMAND...: retry COMMAND until it succeeds, or fail with the log's tail
wait_for() {
  local name=$1 logfile=$2 seconds=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "error: $name did not answer within ${seconds}s; last lines of $logfile:" >&2
      tail -n 15 "$logfile" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# env_is_up LOCAL_DIR: all recorded processes alive and env.sh written
env_is_up() {
  local d=$1 p
  [[ -f "$d/env.sh" ]] || return 1
  for p in etcd kube-apiserver moto; do pid_alive "$d/run/$p.pid" || return 1; done
}

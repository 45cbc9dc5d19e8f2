# Shared shell functions for the local-environment scripts (sourced, not run).

# free_port: a free loopback port below the kernel's ephemeral range. A port from bind(0) comes from
# that range, where any outgoing connection (kube-apiserver opens many to etcd) may take it between
# this pick and the server's own bind.
free_port() {
  python3 - <<'PY'
import random, socket
try:
    high = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0]) - 1
except (OSError, ValueError):
    high = 32767
low = 20000
for _ in range(500):
    s = socket.socket()
    try:
        if high - low < 1000:
            s.bind(("127.0.0.1", 0))
        else:
            s.bind(("127.0.0.1", random.randint(low, high)))
        print(s.getsockname()[1])
        break
    except OSError:
        continue
    finally:
        s.close()
else:
    raise SystemExit("error: no free port on 127.0.0.1")
PY
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

# wait_for NAME LOGFILE SECONDS PIDFILE COMMAND...: retry COMMAND until it succeeds; fail with the
# log's tail when the time is up or the server (PIDFILE) has exited
wait_for() {
  local name=$1 logfile=$2 seconds=$3 pidfile=$4; shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    local why=""
    pid_alive "$pidfile" || why="exited"
    [[ -z "$why" ]] && ((SECONDS >= deadline)) && why="did not answer within ${seconds}s"
    if [[ -n "$why" ]]; then
      echo "error: $name $why; last lines of $logfile:" >&2
      tail -n 15 "$logfile" >&2 || true
      return 1
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

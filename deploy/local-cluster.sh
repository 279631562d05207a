#!/usr/bin/env bash
# A whole NmfGrid cluster on this machine, on 127.0.0.1: a private PostgreSQL (deploy/postgres-instance.sh),
# one coordinator and N worker nodes, each a separate nmfgrid process. A node that dies leaves the rest running
# (the script says so; with --restart-nodes it starts the node again). Ctrl-C (or SIGTERM), or the coordinator's
# death, stops them all and deletes the PostgreSQL instance (its event log is throw-away; reports stay in outputs/).
#
#   deploy/local-cluster.sh [--nodes N] [--workers W] [--port P] [--nmfgrid PATH] [--restart-nodes]
#
#   --nodes N          worker node processes (default 2)
#   --workers W        workers per node (default 1)
#   --port P           the coordinator's port (default 4053)
#   --nmfgrid PATH     an nmfgrid executable to use instead of building src/Coordinator (Release)
#   --restart-nodes    start a node again when its process dies: after 1 s, doubled (up to 30 s) each time it
#                      dies again within 30 s of its start
# With NMFGRID_POSTGRES set, that server is used instead of a private one.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=2
workers=1
port=4053
nmfgrid=
restart_nodes=
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --nmfgrid) nmfgrid=$2; shift 2 ;;
    --restart-nodes) restart_nodes=yes; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "local-cluster: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster: --nodes must be a positive number, not '$nodes'" >&2; exit 2; }
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster: --workers must be a positive number, not '$workers'" >&2; exit 2; }
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "local-cluster: port $port on 127.0.0.1 is taken; choose another with --port" >&2; exit 1
fi

if [ -z "$nmfgrid" ]; then
  echo "building nmfgrid (Release)"
  dotnet build src/Coordinator -c Release -nologo -v q >/dev/null
  nmfgrid=$(pwd)/src/Coordinator/bin/Release/net10.0/nmfgrid
fi
[ -x "$nmfgrid" ] || { echo "local-cluster: $nmfgrid is not an executable" >&2; exit 1; }

logs=$(pwd)/outputs/local-cluster
mkdir -p "$logs"
seed="akka.tcp://nmfgrid@127.0.0.1:$port"
pids=()            # pids[0]: the coordinator; pids[i]: node i, empty while it is down
started=()         # when node i last started ($SECONDS)
pause=()           # how long node i waits before its next restart, in seconds
declare -A timers  # a restart to come: the pid of its pause (a sleep) → the node's number
pgdir=

stop_all() {
  trap - EXIT INT TERM
  echo
  echo "stopping the local cluster"
  # Nodes first (their running jobs go back to the queue), then the coordinator, then PostgreSQL.
  local pid i live=()
  for pid in "${!timers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do [ -n "${pids[i]}" ] && live+=("${pids[i]}"); done
  for pid in "${live[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 30); do
    local alive=
    for pid in "${live[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  for pid in "${live[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -n "$pgdir" ] && deploy/postgres-instance.sh stop "$pgdir"
  exit "${1:-0}"
}
trap 'stop_all 1' EXIT
trap 'stop_all 0' INT TERM

postgres=${NMFGRID_POSTGRES:-}
if [ -z "$postgres" ]; then
  pgdir=$(mktemp -d /tmp/nmfgrid-postgres.XXXXXX)
  postgres=$(deploy/postgres-instance.sh start "$pgdir")
fi

# Each member runs in a session of its own (setsid), so that Ctrl-C in this terminal reaches this script alone,
# which stops the members in order. The connection string (with its password) goes through the environment,
# which other users cannot read, rather than the command line, which any user sees in ps.
NMFGRID_POSTGRES=$postgres setsid "$nmfgrid" coordinator --host 127.0.0.1 --port "$port" --seed "$seed" >"$logs/coordinator.log" 2>&1 &
pids[0]=$!

# start_node I: node I in the background, its output appended to its log.
start_node() {
  setsid "$nmfgrid" node --host 127.0.0.1 --port 0 --seed "$seed" --workers "$workers" --blas-threads 1 --cache-dir "$logs/cache-$1" >>"$logs/node-$1.log" 2>&1 &
  pids[$1]=$!
  started[$1]=$SECONDS
}
for i in $(seq 1 "$nodes"); do
  : >"$logs/node-$i.log"
  pause[i]=1
  start_node "$i"
done

members="coordinator pid ${pids[0]}"
for i in $(seq 1 "$nodes"); do members+=", node-$i pid ${pids[i]}"; done
if [ -n "$restart_nodes" ]; then when_a_node_dies="it is started again"; else when_a_node_dies="the rest keep running"; fi
cat <<EOF
NmfGrid local cluster: coordinator on $seed, $nodes node(s) × $workers worker(s); logs in $logs
Processes: $members
Submit a sweep and follow it from another terminal:
  $nmfgrid run benchmarks/demo.yaml -m --cluster $seed
  $nmfgrid status --cluster $seed
Ctrl-C stops everything. When a node dies, $when_a_node_dies.
EOF

# how_it_ended STATUS: what a wait status says about how a process ended.
how_it_ended() { if [ "$1" -gt 128 ]; then echo "was killed by signal $(($1 - 128))"; else echo "exited with status $1"; fi; }

# Until Ctrl-C or the coordinator's death: wait for any member (or restart pause) to end, and see which it was.
while :; do
  waiting=("${!timers[@]}")
  for pid in "${pids[@]}"; do [ -n "$pid" ] && waiting+=("$pid"); done
  ended=
  status=0
  wait -n -p ended "${waiting[@]}" || status=$?
  if [ -z "$ended" ]; then
    echo "local-cluster: lost track of the cluster's processes (wait status $status)" >&2
    stop_all 1
  elif [ -n "${timers[$ended]:-}" ]; then
    i=${timers[$ended]}
    unset "timers[$ended]"
    start_node "$i"
    echo "local-cluster: node-$i started again, pid ${pids[i]} (log $logs/node-$i.log)"
  elif [ "$ended" = "${pids[0]}" ]; then
    pids[0]=
    echo "local-cluster: the coordinator (pid $ended) $(how_it_ended "$status"); last lines of $logs/coordinator.log:" >&2
    tail -20 "$logs/coordinator.log" >&2 || true
    stop_all 1
  else
    for ((i = 1; i <= nodes; i++)); do [ "${pids[i]}" = "$ended" ] && break; done
    pids[i]=
    echo "local-cluster: node-$i (pid $ended) $(how_it_ended "$status"); last lines of $logs/node-$i.log:" >&2
    tail -10 "$logs/node-$i.log" >&2 || true
    if [ -n "$restart_nodes" ]; then
      # A node that keeps dying soon after its start waits longer each time.
      [ $((SECONDS - started[i])) -ge 30 ] && pause[i]=1
      echo "local-cluster: the coordinator and the other nodes keep running; node-$i starts again in ${pause[i]} s" >&2
      sleep "${pause[i]}" &
      timers[$!]=$i
      pause[i]=$((pause[i] * 2 > 30 ? 30 : pause[i] * 2))
    else
      echo "local-cluster: the coordinator and the other nodes keep running. Start node-$i again with --restart-nodes" >&2
      echo "next time, or now by hand (then Ctrl-C here does not stop it):" >&2
      echo "  $nmfgrid node --host 127.0.0.1 --port 0 --seed $seed --workers $workers --blas-threads 1 --cache-dir $logs/cache-$i >>$logs/node-$i.log 2>&1 &" >&2
    fi
  fi
done

#!/usr/bin/env bash
# A whole NmfGrid cluster on this machine, on 127.0.0.1: a private PostgreSQL (deploy/postgres-instance.sh),
# one coordinator and N worker nodes, each a separate nmfgrid process. Ctrl-C stops them all and deletes the
# PostgreSQL instance (its event log is throw-away; reports stay under outputs/).
#
#   deploy/local-cluster.sh [--nodes N] [--workers W] [--port P] [--nmfgrid PATH]
#
#   --nodes N        worker node processes (default 2)
#   --workers W      workers per node (default 1)
#   --port P         the coordinator's port (default 4053)
#   --nmfgrid PATH   an nmfgrid executable to use instead of building src/Coordinator (Release)
# With NMFGRID_POSTGRES set, that server is used instead of a private one.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=2
workers=1
port=4053
nmfgrid=
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --nmfgrid) nmfgrid=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
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
pids=()
pgdir=

stop_all() {
  trap - EXIT INT TERM
  echo
  echo "stopping the local cluster"
  # Nodes first (their running jobs go back to the queue), then the coordinator, then PostgreSQL.
  local pid i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for i in $(seq 1 30); do
    local alive=
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
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

# The connection string (with its password) goes through the environment, which other users cannot read,
# rather than the command line, which any user sees in ps.
NMFGRID_POSTGRES=$postgres "$nmfgrid" coordinator --host 127.0.0.1 --port "$port" --seed "$seed" >"$logs/coordinator.log" 2>&1 &
pids+=($!)
for i in $(seq 1 "$nodes"); do
  "$nmfgrid" node --host 127.0.0.1 --port 0 --seed "$seed" --workers "$workers" --blas-threads 1 --cache-dir "$logs/cache-$i" >"$logs/node-$i.log" 2>&1 &
  pids+=($!)
done

cat <<EOF
NmfGrid local cluster: coordinator on $seed, $nodes node(s) × $workers worker(s); logs in $logs
Submit a sweep and follow it from another terminal:
  $nmfgrid run benchmarks/demo.yaml -m --cluster $seed
  $nmfgrid status --cluster $seed
Ctrl-C stops everything.
EOF

# Until Ctrl-C, or until one of them ends on its own (then the rest go too, with that one's log shown).
wait -n "${pids[@]}" || true
for i in "${!pids[@]}"; do
  kill -0 "${pids[i]}" 2>/dev/null && continue
  if [ "$i" -eq 0 ]; then name=coordinator; else name="node-$i"; fi
  echo "local-cluster: the $name process ended; last lines of $logs/$name.log:" >&2
  tail -20 "$logs/$name.log" >&2 || true
done
stop_all 1

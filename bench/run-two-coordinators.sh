#!/usr/bin/env bash
# Two sweeps at once on one coordinator or on two (issue 16 §2): on one PostgreSQL server, rounds alternate
#   A: one `nmfgrid coordinator` + N `nmfgrid node` processes, and
#   B: two coordinators + the same N nodes,
# each fed two different no-op sweeps by two `nmfgrid run --cluster` clients started together. Every run is a
# fresh cluster on a fresh database of that server (so no sweep reuses another run's results). Prints per run
# the jobs/s of the two sweeps together from the journal (first job leased to last result stored, a batch event
# counting each job in it, as bench/run-cluster-throughput.sh does), the coordinator member whose shard region
# hosts each sweep's entity (read from sharding's own persisted state: the shard of the sweep's entity in the
# remembered-entities events, that shard's home in the shard coordinator's ShardHomeAllocated events), and the
# CPU seconds of every process during the measured sweeps. Warm-up: two other sweeps run at once first on the
# same processes (JIT), not counted.
#
#   bench/run-two-coordinators.sh [--rounds R] [--nodes N] [--workers W] [--points P] [--warmup P] [--port PORT]
#
#   --rounds R    A/B pairs (default 3), run A B A B …
#   --nodes N     node processes (default 4), --workers W per node (default 2), noop runner
#   --points P    seed points per measured sweep of benchmarks/dispatch.yaml (2 jobs each; default 4000, so the
#                 two sweeps hold 16,000 jobs together); --warmup P the same for each warm-up sweep (default 2000)
#   --port PORT   the first coordinator's port (default 4253; the second uses PORT+1)
# Needs a PostgreSQL server binary (deploy/postgres-instance.sh install). KEEP=1 keeps the logs (KEEP=postgres the
# server too); ONLY_B=1 runs only B; PERF=1 records `perf` on each coordinator during the measured sweeps
# (with KEEP: perf report -i DIR/B-1/perf-coordinator-1.data).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 nodes=4 workers=2 points=4000 warmup=2000 port=4253
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "run-two-coordinators: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

build_log=$(mktemp)
dotnet build src/Coordinator -c Release -nologo -v q >"$build_log" 2>&1 || {
  echo "run-two-coordinators: the build failed:" >&2; grep -E "error|Error" "$build_log" | head -20 >&2; exit 1; }
rm -f "$build_log"
nmfgrid=$(pwd)/src/Coordinator/bin/Release/net10.0/nmfgrid
work=$(mktemp -d /tmp/nmfgrid-two-coordinators.XXXXXX)
pgdir=$(mktemp -d /tmp/nmfgrid-two-coordinators-pg.XXXXXX)  # its own folder: as root the server runs as postgres, which owns it
connection=$(deploy/postgres-instance.sh start "$pgdir")
field() { tr ';' '\n' <<<"$connection" | sed -n "s/^$1=//p"; }
export PGHOST=127.0.0.1 PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password)
pids=()
stop_cluster() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_cluster
  [ "${KEEP:-}" = postgres ] && echo "PostgreSQL kept: $pgdir" || deploy/postgres-instance.sh stop "$pgdir" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Two sweeps of dispatch.yaml at once through two clients; seeds from FIRST, P points each. Waits for both.
two_sweeps() {  # LABEL SEED FIRST P DIR
  local label=$1 seed=$2 first=$3 p=$4 dir=$5 c1 c2
  "$nmfgrid" run benchmarks/dispatch.yaml -m --cluster "$seed" "seed=range($first,$((first + p)))" \
    "run.output_dir=$dir/$label-1" >"$dir/$label-1.log" 2>&1 &
  c1=$!
  "$nmfgrid" run benchmarks/dispatch.yaml -m --cluster "$seed" "seed=range($((first + p)),$((first + 2 * p)))" \
    "run.output_dir=$dir/$label-2" >"$dir/$label-2.log" 2>&1 &
  c2=$!
  client_cpu=(0 0)
  while kill -0 "$c1" 2>/dev/null || kill -0 "$c2" 2>/dev/null; do
    kill -0 "$c1" 2>/dev/null && client_cpu[0]=$(cpu "$c1")
    kill -0 "$c2" 2>/dev/null && client_cpu[1]=$(cpu "$c2")
    sleep 0.2
  done
  local ok=0
  wait "$c1" || ok=1
  wait "$c2" || ok=1
  if [ $ok -ne 0 ]; then
    echo "run-two-coordinators: a $label sweep failed; last lines:" >&2; tail -n 5 "$dir/$label-1.log" "$dir/$label-2.log" >&2; return 1
  fi
}

run_once() {  # MODE(A|B) INDEX
  local mode=$1 index=$2 db="run_${1,,}_$2" dir="$work/$1-$2" members=1 since
  mkdir -p "$dir"
  psql -q -d "$(field Database)" -c "create database $db" >/dev/null
  local cs="Host=127.0.0.1;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$db"
  local seed="akka.tcp://nmfgrid@127.0.0.1:$port"
  [ "$mode" = B ] && members=2
  for m in $(seq 1 "$members"); do
    env ${PERF:+DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0} NMFGRID_POSTGRES="$cs" "$nmfgrid" coordinator --host 127.0.0.1 --port $((port + m - 1)) --seed "$seed" \
      >"$dir/coordinator-$m.log" 2>&1 &
    pids+=($!)
    sleep 3
  done
  for i in $(seq 1 "$nodes"); do
    "$nmfgrid" node --host 127.0.0.1 --port 0 --seed "$seed" --workers "$workers" --blas-threads 1 --runner noop \
      --cache-dir "$dir/cache-$i" >"$dir/node-$i.log" 2>&1 &
    pids+=($!)
  done
  # One job first: the clients make the synthetic corpus (outputs/synthetic) if it is missing, which two at once
  # would race on. Seeds from 1,000,000 up for the warm-up: job ids the measured sweeps never share.
  "$nmfgrid" run benchmarks/dispatch.yaml -m --cluster "$seed" "seed=range(2000000,2000001)" \
    "run.output_dir=$dir/first" >"$dir/first.log" 2>&1 || {
    echo "run-two-coordinators: the first sweep failed; last lines:" >&2; tail -n 5 "$dir/first.log" >&2; return 1; }
  two_sweeps warmup "$seed" 1000000 "$warmup" "$dir"
  since=$(psql -At -d "$db" -c "select coalesce(max(ordering), 0) from journal")
  local before=() after=() load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for pid in "${pids[@]}"; do before+=("$(cpu "$pid")"); done
  local perfs=()
  if [ -n "${PERF:-}" ]; then  # PERF=1: a perf profile of each coordinator during the measured sweeps
    for m in $(seq 1 "$members"); do
      perf record -F 499 -g -o "$dir/perf-coordinator-$m.data" -p "${pids[$((m - 1))]}" >/dev/null 2>&1 &
      perfs+=($!)
    done
  fi
  two_sweeps measured "$seed" 0 "$points" "$dir"
  for p in "${perfs[@]}"; do kill -INT "$p"; wait "$p" || true; done
  for pid in "${pids[@]}"; do after+=("$(cpu "$pid")"); done
  local coordinators="" nodes_cpu=0
  for m in $(seq 1 "$members"); do
    coordinators+=$(awk "BEGIN { printf \"%.1f\", ${after[$((m - 1))]} - ${before[$((m - 1))]} }")" "
  done
  for i in $(seq "$members" $((members + nodes - 1))); do
    nodes_cpu=$(awk "BEGIN { print $nodes_cpu + ${after[$i]} - ${before[$i]} }")
  done
  # The journal's rows since the warm-up, and sharding's state (which member's region hosts which shard).
  psql -At -F $'\t' -d "$db" -c "select ordering, created, manifest, persistence_id,
      case when manifest like 'jobs-completed%' then json_array_length(convert_from(message, 'UTF8')::json->'Completions')
           when manifest like 'jobs-leased%' then 1 else 0 end
      from journal where ordering > $since and persistence_id like '%sweep-%'" >"$dir/events.tsv"
  psql -At -F $'\t' -d "$db" -c "select persistence_id, manifest, encode(message, 'hex') from journal
      where persistence_id like '%sharding/%' order by ordering" >"$dir/sharding.tsv"
  /usr/bin/python3 - "$dir" "$mode" "$index" "$load" "$coordinators" "$nodes_cpu" "${client_cpu[0]}" "${client_cpu[1]}" "$port" "$points" <<'PY'
import re, sys
d, mode, index, load, coords, nodes_cpu, c1, c2, port, points = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/events.tsv") if l.strip()]
leased = [int(r[1]) for r in rows if r[2].startswith(("job-leased", "jobs-leased"))]
stored = sum(int(r[4]) for r in rows if r[2].startswith("jobs-completed")) + sum(1 for r in rows if r[2].startswith("job-completed"))
last = max(int(r[1]) for r in rows if r[2].startswith(("jobs-completed", "job-completed")))
seconds = (last - min(leased)) / 1e7
measured = sorted({r[3] for r in rows if r[2].startswith(("jobs-completed", "job-completed"))})
# Sharding's persisted state: a shard's remembered entities name the sweep; the coordinator's ShardHomeAllocated
# events name the shard and the region's path, whose address is the member's port.
shard_of, home = {}, {}
for line in open(f"{d}/sharding.tsv"):
    pid, manifest, body = line.rstrip("\n").split("\t")
    text = bytes.fromhex(body).decode("latin-1")
    m = re.search(r"/sharding/\w+Shard/(\d+)$", pid)
    if m:  # remembered entities: EntitiesStarted names the sweep ids
        for sweep in measured:
            if sweep.split("sweep-", 1)[1] in text: shard_of[sweep] = m.group(1)
    elif manifest == "AF":  # the shard coordinator's ShardHomeAllocated (shard id, region path); the last one counts
        m2 = re.match(r"\n.(\d+)\x12.akka\.tcp://nmfgrid@127\.0\.0\.1:(\d+)/", text, re.S)
        if m2: home[m2.group(1)] = int(m2.group(2))
places = []
for sweep in measured:
    shard = shard_of.get(sweep, "?")
    port_of = home.get(shard)
    member = f"coordinator-{port_of - int(port) + 1}" if port_of else "?"
    places.append(f"{sweep[-8:]}: shard {shard} on {member}")
if stored != 4 * int(points):  # an entity deletes its events up to a snapshot it took: those results are missing here
    print(f"warning: {stored} results in the journal, not {4 * int(points)}: events deleted after a snapshot; jobs/s undercounted")
print(f"{mode}{index}: {len(measured)} sweeps, {stored} results in {seconds:.2f} s = {stored / seconds:,.0f} jobs/s (journal); "
      f"load {load}; CPU s: coordinator(s) {coords.strip()}, nodes {float(nodes_cpu):.1f}, clients ≥ {float(c1):.1f} {float(c2):.1f}; "
      + "; ".join(places), flush=True)
PY
  stop_cluster
}

echo "two sweeps × $((2 * points)) no-op jobs, $nodes node(s) × $workers worker(s), $rounds round(s) A/B; $(uptime)"
for r in $(seq 1 "$rounds"); do
  [ -n "${ONLY_B:-}" ] || run_once A "$r"
  run_once B "$r"
done
echo "done; $(uptime)"

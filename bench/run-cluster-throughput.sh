#!/usr/bin/env bash
# Throughput of a cluster on this machine: one coordinator and N node processes on 127.0.0.1, each a separate
# nmfgrid process, fed one sweep through `nmfgrid run --cluster`. Prints jobs per second measured in the
# coordinator's journal, from the first job leased to the last result stored, so neither start-up nor the
# client's polling counts; and the CPU seconds the coordinator, the nodes and the client used during the whole
# command. A warm-up sweep runs first on the same processes and is not counted: a fresh .NET process spends
# its first half minute re-compiling hot methods (tiered JIT), which is not the grid's cost.
#
#   bench/run-cluster-throughput.sh [--nodes N] [--workers W] [--runner noop|pipeline] [--warmup S] [--port PORT] [CONFIG [OVERRIDES…]]
#
#   --nodes N          node processes (default 8)
#   --workers W        workers per node (default 2)
#   --runner R         noop (default): jobs return at once, the grid's own dispatch cost;
#                      pipeline: jobs really run (one BLAS thread each)
#   --warmup S         seed points of the warm-up sweep of benchmarks/dispatch.yaml with the noop runner
#                      (2 jobs each; default 4000, 0 for none; ignored with --runner pipeline)
#   --port PORT        the coordinator's port (default 4153)
#   CONFIG OVERRIDES   the sweep (default: benchmarks/dispatch.yaml, 8,000 jobs), run with -m
# The journal is a fresh SQLite file in a temporary folder, removed at the end (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=8 workers=2 runner=noop port=4153 warmup=4000
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --runner) runner=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    --*) echo "run-cluster-throughput: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
sweep=("${@:-benchmarks/dispatch.yaml}")

build_log=$(mktemp)
dotnet build src/Coordinator -c Release -nologo -v q >"$build_log" 2>&1 || {
  echo "run-cluster-throughput: the build failed:" >&2; grep -E "error|Error" "$build_log" | head -20 >&2; exit 1; }
rm -f "$build_log"
nmfgrid=$(pwd)/src/Coordinator/bin/Release/net10.0/nmfgrid
work=$(mktemp -d /tmp/nmfgrid-throughput.XXXXXX)
seed="akka.tcp://nmfgrid@127.0.0.1:$port"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$nmfgrid" coordinator --host 127.0.0.1 --port "$port" --seed "$seed" --database "$work/journal.db" >"$work/coordinator.log" 2>&1 &
pids+=($!)
sleep 3
for i in $(seq 1 "$nodes"); do
  "$nmfgrid" node --host 127.0.0.1 --port 0 --seed "$seed" --workers "$workers" --blas-threads 1 --runner "$runner" \
    --cache-dir "$work/cache-$i" >"$work/node-$i.log" 2>&1 &
  pids+=($!)
done

since=0
if [ "$runner" = noop ] && [ "$warmup" -gt 0 ]; then
  # Seeds from 1,000,000 up: job ids that the measured sweep never shares.
  "$nmfgrid" run benchmarks/dispatch.yaml -m --cluster "$seed" "seed=range(1000000,$((1000000 + warmup)))" \
    "run.output_dir=$work/warmup" >"$work/warmup.log" 2>&1 || {
    echo "run-cluster-throughput: the warm-up sweep failed; last lines of its output:" >&2; tail -20 "$work/warmup.log" >&2; exit 1; }
  since=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select max(ordering) from journal").fetchone()[0])' "$work/journal.db")
fi

# CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_before=(); for pid in "${pids[@]}"; do cpu_before+=("$(cpu "$pid")"); done
start=$(date +%s.%N)
"$nmfgrid" run "${sweep[@]}" -m --cluster "$seed" "run.output_dir=$work/outputs" >"$work/run.log" 2>&1 &
client=$!
client_cpu=0
while kill -0 "$client" 2>/dev/null; do client_cpu=$(cpu "$client"); sleep 0.2; done
wait "$client" || {
  echo "run-cluster-throughput: the sweep failed; last lines of its output:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
end=$(date +%s.%N)
cpu_after=(); for pid in "${pids[@]}"; do cpu_after+=("$(cpu "$pid")"); done
coordinator_cpu=$(awk "BEGIN { print ${cpu_after[0]} - ${cpu_before[0]} }")
nodes_cpu=0; for i in $(seq 1 "$nodes"); do nodes_cpu=$(awk "BEGIN { print $nodes_cpu + ${cpu_after[$i]} - ${cpu_before[$i]} }"); done
printf 'CPU during the measured sweep: coordinator %.1f s, %d node(s) %.1f s, client ≥ %.1f s\n' \
  "$coordinator_cpu" "$nodes" "$nodes_cpu" "$client_cpu"
/usr/bin/python3 - "$work/journal.db" "$nodes" "$workers" "$runner" "$start" "$end" "$since" <<'PY'
import sqlite3, sys
db, nodes, workers, runner, start, end, since = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
import json
rows = sqlite3.connect(db).execute("select created, manifest, message from journal where ordering > ? order by ordering", (since,)).fetchall()
# A result is one job-completed event, or one entry of a jobs-completed batch; likewise for leases.
leased = [t for t, m, _ in rows if m.startswith("job-leased") or m.startswith("jobs-leased")]
stored = [t for t, m, _ in rows if m.startswith("job-completed")] + \
         [t for t, m, body in rows if m.startswith("jobs-completed") for _ in json.loads(body)["Completions"]]
seconds = (max(stored) - min(leased)) / 1e7  # created: .NET ticks (100 ns)
print(f"{nodes} node(s) × {workers} worker(s), runner {runner}: {len(stored)} results stored in {seconds:.2f} s "
      f"= {len(stored) / seconds:,.1f} jobs/s (journal); whole command {end - start:.1f} s")
PY

#!/usr/bin/env bash
# Dispatch throughput of a cluster on this machine: one coordinator and N node processes on 127.0.0.1 whose
# workers run no-op jobs (`nmfgrid node --runner noop`), fed benchmarks/dispatch.yaml (8,000 jobs by default).
# Prints jobs per second measured in the coordinator's journal, from the first job assigned to the last
# result stored, so neither start-up nor the client's polling counts.
#
#   bench/run-dispatch-throughput.sh [--nodes N] [--workers W] [--points P] [--port PORT]
#
#   --nodes N     node processes (default 8)       --workers W   workers per node (default 2)
#   --points P    seed points; jobs = 2 × P (default 4000)   --port PORT   coordinator port (default 4153)
# The journal is a fresh SQLite file under a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=8 workers=2 points=4000 port=4153
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run-dispatch-throughput: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

dotnet build src/Coordinator -c Release -nologo -v q >/dev/null
nmfgrid=$(pwd)/src/Coordinator/bin/Release/net10.0/nmfgrid
work=$(mktemp -d /tmp/nmfgrid-dispatch.XXXXXX)
seed="akka.tcp://nmfgrid@127.0.0.1:$port"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

"$nmfgrid" coordinator --host 127.0.0.1 --port "$port" --seed "$seed" --database "$work/journal.db" >"$work/coordinator.log" 2>&1 &
pids+=($!)
sleep 3
for i in $(seq 1 "$nodes"); do
  "$nmfgrid" node --host 127.0.0.1 --port 0 --seed "$seed" --workers "$workers" --runner noop --cache-dir "$work/cache-$i" >"$work/node-$i.log" 2>&1 &
  pids+=($!)
done

start=$(date +%s.%N)
"$nmfgrid" run benchmarks/dispatch.yaml -m --cluster "$seed" "seed=range(0,$points)" "run.output_dir=$work/outputs" >"$work/run.log" 2>&1 || {
  echo "run-dispatch-throughput: the sweep failed; last lines of its output:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
end=$(date +%s.%N)
tail -3 "$work/run.log"
/usr/bin/python3 - "$work/journal.db" "$nodes" "$workers" "$start" "$end" <<'PY'
import sqlite3, sys
db, nodes, workers, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
c = sqlite3.connect(db)
rows = c.execute("select created, manifest from journal order by ordering").fetchall()
assigned = [t for t, m in rows if m.startswith("job-leased")]
stored = [t for t, m in rows if m.startswith("job-completed")]
seconds = (max(stored) - min(assigned)) / 1e7  # created: .NET ticks (100 ns)
print(f"{nodes} nodes × {workers} workers: {len(stored)} results stored in {seconds:.2f} s "
      f"= {len(stored) / seconds:,.0f} jobs/s (journal); whole command {end - start:.1f} s")
PY

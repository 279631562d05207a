#!/usr/bin/env bash
# The opt-in composite build (README: `dotnet publish src/Coordinator -c Release -p:NmfGridComposite=true -o DIR`, a
# self-contained nmfgrid with the framework precompiled in one image) runs a real sweep and gives the same numbers as
# the default build: the demo's structure part (its synthetic songs, 2 workers, the SQLite journal, the report) through
# both, results.csv compared column by column apart from ids, timings and the worker's name. Then the same sweep on a
# local cluster of composite processes (deploy/local-cluster.sh: a coordinator and two nodes over Akka remoting on
# 127.0.0.1, a private PostgreSQL journal), submitted by a composite `run --cluster`, compared the same way.
# Usage: tests/composite-build.sh [DEFAULT_NMFGRID]   (default: the Release build in src/Coordinator/bin)
# test.sh runs it after the test projects. About 5 minutes of Crossgen2 on 2 cores, most of it the framework.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout="$(pwd)"
default="${1:-$checkout/src/Coordinator/bin/Release/net10.0/nmfgrid}"
[ -x "$default" ] || { echo "composite-build: no default nmfgrid at $default (dotnet build NmfGrid.sln -c Release first)" >&2; exit 1; }
work="$(mktemp -d /tmp/nmfgrid-composite.XXXXXX)"
cluster=
stop_cluster() { # the cluster script stops its members in order and deletes its PostgreSQL instance on TERM
  [ -n "$cluster" ] || return 0
  kill -TERM "$cluster" 2>/dev/null || true
  wait "$cluster" 2>/dev/null || true
  cluster=
}
trap 'stop_cluster; rm -rf "$work"' EXIT

# Published from a copy of the sources: its self-contained restore would otherwise rewrite this checkout's obj/, and
# the next default build would compile and precompile everything again.
mkdir "$work/src"
tar -C "$checkout" --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./TestResults --exclude=./outputs \
    --exclude=./data -cf - . | tar -C "$work/src" -xf -
echo "composite-build: dotnet publish -p:NmfGridComposite=true ($(date -u +%H:%M:%S))"
if ! dotnet publish "$work/src/src/Coordinator" -c Release -p:NmfGridComposite=true -nologo -v q -o "$work/composite" \
     > "$work/publish.log" 2>&1; then
  tail -30 "$work/publish.log" >&2
  echo "composite-build: FAILED: the composite publish did not build" >&2
  exit 1
fi
[ -f "$work/composite/nmfgrid.r2r.dll" ] || { echo "composite-build: FAILED: no composite image nmfgrid.r2r.dll in the publish folder" >&2; exit 1; }

run() { # run BUILD NAME: the demo's structure sweep, its own database, output and cache
  (cd "$work" && "$1" run "$checkout/benchmarks/demo.yaml" -m "zip(task,dataset,algorithm)=(structure,rwcpop_demo,mu_structure)" \
      ++run.output_dir="$work/$2/out" ++run.cache_dir="$work/$2/cache" ++run.database="$work/$2/nmfgrid.db" > "$work/$2.log" 2>&1) \
    || { cat "$work/$2.log" >&2; echo "composite-build: FAILED: the $2 build's sweep exited non-zero" >&2; exit 1; }
}
echo "composite-build: the demo's structure sweep, default then composite build ($(date -u +%H:%M:%S))"
run "$default" default
run "$work/composite/nmfgrid" composite

# The rows of each results.csv without the columns that differ between any two runs, sorted.
comparable() {
  /usr/bin/python3 - "$1" <<'EOF'
import csv, glob, sys
files = glob.glob(sys.argv[1] + "/out/**/results.csv", recursive=True)
if len(files) != 1:
    sys.exit(f"composite-build: expected one results.csv under {sys.argv[1]}/out, found {len(files)}")
varying = {"sweep", "job", "features_s", "nmf_s", "task_s", "total_s", "host", "worker"}
rows = list(csv.DictReader(open(files[0])))
if not rows or any(r["status"] != "succeeded" for r in rows):
    sys.exit(f"composite-build: {files[0]}: not every job succeeded")
for r in sorted(",".join(f"{k}={v}" for k, v in r.items() if k not in varying) for r in rows):
    print(r)
EOF
}
comparable "$work/default" > "$work/default.rows"
comparable "$work/composite" > "$work/composite.rows"
if ! diff "$work/default.rows" "$work/composite.rows" >&2; then
  echo "composite-build: FAILED: the composite build's results.csv differs from the default build's (above)" >&2
  exit 1
fi

# The cluster transport (Akka.Remote over TCP, the cluster's sharding and singleton, the PostgreSQL journal) from the
# composite image: the embedded runs above never load it. Run from the copy, so its logs stay out of the checkout; the
# client runs in the copy too, where the nodes run, as the demo's corpus is generated at a path relative to both.
port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "composite-build: the same sweep on a local cluster of composite processes, port $port ($(date -u +%H:%M:%S))"
"$work/src/deploy/local-cluster.sh" --nmfgrid "$work/composite/nmfgrid" --port "$port" > "$work/cluster.log" 2>&1 &
cluster=$!
(cd "$work/src" && timeout 300 "$work/composite/nmfgrid" run benchmarks/demo.yaml -m \
    "zip(task,dataset,algorithm)=(structure,rwcpop_demo,mu_structure)" ++run.output_dir="$work/cluster/out" \
    ++run.cache_dir="$work/cluster/cache" --cluster "akka.tcp://nmfgrid@127.0.0.1:$port" > "$work/cluster-run.log" 2>&1) \
  || { cat "$work/cluster.log" "$work/cluster-run.log" >&2; echo "composite-build: FAILED: the sweep on the composite cluster exited non-zero" >&2; exit 1; }
stop_cluster
comparable "$work/cluster" > "$work/cluster.rows"
if ! diff "$work/default.rows" "$work/cluster.rows" >&2; then
  echo "composite-build: FAILED: the composite cluster's results.csv differs from the default build's (above)" >&2
  exit 1
fi
echo "composite-build: passed, $(wc -l < "$work/default.rows") jobs with the same results, embedded and on the cluster ($(date -u +%H:%M:%S))"

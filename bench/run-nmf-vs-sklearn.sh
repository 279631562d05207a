#!/usr/bin/env bash
# `nmfgrid nmf` against scikit-learn as a user meets them: one process per run, the same V, W0, H0 (.npy), the
# same BLAS thread count, `tol 0`, every (β, K, dtype) cell, rounds interleaved so load hits both sides alike.
# Prints a Markdown table: median ms per iteration (each process's own timer around its iterations), the ratio,
# the roofline of the cell on this machine (bench/NmfGrid.Bench/Roofline.cs, measured before and after the runs, the
# lower kept) and median process wall time.
#
# Usage: bench/run-nmf-vs-sklearn.sh                 # 1 BLAS thread, 3 rounds of 100 iterations
#        THREADS=2 ROUNDS=5 ITERS=200 bench/run-nmf-vs-sklearn.sh
#        THREADS=all bench/run-nmf-vs-sklearn.sh     # every core on both sides (nmfgrid's default, numpy's too)
#        KEEP=DIR bench/run-nmf-vs-sklearn.sh        # also keeps the raw JSON lines in DIR
# Needs Debian's python3-sklearn (/usr/bin/python3) and the .NET SDK; about 6 minutes per thread count on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

threads="${THREADS:-1}"
[ "$threads" = all ] && threads="$(nproc)"
rounds="${ROUNDS:-3}"
iters="${ITERS:-100}"
work="$(mktemp -d /tmp/nmfgrid-nmf-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
keep="${KEEP:-}"  # KEEP=DIR keeps the raw runs (runs.jsonl, roofline.jsonl) there
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || { echo "needs python3-sklearn: apt-get install -y python3-sklearn" >&2; exit 1; }

export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
unset NMFGRID_BLAS_THREADS NMFGRID_BLAS

echo "== build ($(date -u +%H:%M:%S))" >&2
dotnet build src/Coordinator -c Release -nologo -v q -o "$work/nmfgrid" > "$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
dotnet build bench/NmfGrid.Bench -c Release -nologo -v q -o "$work/bench" > "$work/build-bench.log" 2>&1 || { tail -20 "$work/build-bench.log" >&2; exit 1; }

echo "== inputs ($(date -u +%H:%M:%S))" >&2
# sklearn_baseline.py draws V once and W0/H0 per (β, K) cell; each β gets its own folder, so every cell's start is saved.
for beta in 2 1 0; do
  /usr/bin/python3 bench/sklearn_baseline.py --iters 1 --betas "$beta" --save-input "$work/in/beta$beta" > /dev/null
done

now_ms() { date +%s%3N; }
roofline() {
  echo "== roofline ($(date -u +%H:%M:%S))" >&2
  for dtype in float64 float32; do
    dotnet "$work/bench/NmfGrid.Bench.dll" roofline --threads "$threads" --dtype "$dtype" >> "$work/roofline.jsonl"
  done
}
roofline  # before and after the runs; each cell keeps the lower (a moment of load only ever slows a product)
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== runs: $rounds rounds × 12 cells, $iters iterations, $threads BLAS thread(s) ($(date -u +%H:%M:%S))" >&2
for round in $(seq "$rounds"); do
  for dtype in float64 float32; do
    for beta in 2 1 0; do
      for rank in 10 88; do
        in="$work/in/beta$beta"
        t0=$(now_ms)
        sk=$(/usr/bin/python3 bench/sklearn_baseline.py --load-input "$in" --dtype "$dtype" --iters "$iters" --betas "$beta" --ranks "$rank")
        t1=$(now_ms)
        out="$work/out/$round-$dtype-$beta-$rank"
        "$work/nmfgrid/nmfgrid" nmf -i "$in/V.npy" --w0 "$in/W0_$rank.npy" --h0 "$in/H0_$rank.npy" -k "$rank" --beta "$beta" \
          --tol 0 --max-iter "$iters" --threads "$threads" --dtype "$dtype" -o "$out" > /dev/null
        t2=$(now_ms)
        echo "{\"round\": $round, \"dtype\": \"$dtype\", \"beta\": $beta, \"rank\": $rank, \"sklearn\": $sk, \"sklearn_wall_ms\": $((t1 - t0)), \"nmfgrid\": $(/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$out/result.json"), \"nmfgrid_wall_ms\": $((t2 - t1))}" >> "$work/runs.jsonl"
        echo "  round $round $dtype β=$beta K=$rank" >&2
      done
    done
  done
done


roofline
[ -n "$keep" ] && mkdir -p "$keep" && cp "$work/runs.jsonl" "$work/roofline.jsonl" "$keep/"
echo "== done ($(date -u +%H:%M:%S)); load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
/usr/bin/python3 - "$work/runs.jsonl" "$work/roofline.jsonl" "$threads" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
roof = {}
for r in map(json.loads, open(sys.argv[2])):
    key = (r["dtype"], int(r["beta"]), r["rank"])
    if key not in roof or r["roofline_ms"] < roof[key]["roofline_ms"]:
        roof[key] = r
threads = sys.argv[3]
cells = {}
for r in runs:
    key = (r["dtype"], int(r["beta"]), r["rank"])
    n = r["nmfgrid"]
    cells.setdefault(key, []).append((r["sklearn"]["ms_per_iter"], 1000 * n["seconds"] / n["iterations"],
                                      r["sklearn_wall_ms"], r["nmfgrid_wall_ms"], n["backend"]))
backend = runs[0]["nmfgrid"]["backend"]
print(f"nmfgrid: {backend}, {threads} thread(s); scikit-learn: numpy's BLAS, {threads} thread(s); "
      f"{len(runs) // len(cells)} rounds, median shown\n")
print("| dtype | β | K | sklearn ms/iter | nmfgrid ms/iter | speed-up | roofline ms/iter | nmfgrid at % of roofline | sklearn process s | nmfgrid process s |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
for key in sorted(cells, key=lambda k: (k[0] != "float64", -k[1], k[2])):
    med = [statistics.median(c[i] for c in cells[key]) for i in range(4)]
    line = roof[key]["roofline_ms"]
    print(f"| {key[0]} | {key[1]} | {key[2]} | {med[0]:.2f} | {med[1]:.2f} | {med[0] / med[1]:.2f}× | {line:.2f} | "
          f"{100 * line / med[1]:.0f} % | {med[2] / 1000:.2f} | {med[3] / 1000:.2f} |")
PY

#!/usr/bin/env bash
# MU time per iteration, NmfGrid beside scikit-learn, on the same matrices and the same BLAS thread count.
# Usage: bench/run-mu-vs-sklearn.sh            (THREADS=2 bench/run-mu-vs-sklearn.sh for two BLAS threads)
# Needs Debian's python3-sklearn (apt-get install -y python3-sklearn) and the .NET SDK. About 5–10 minutes
# on 2 cores: scikit-learn runs each (β, K, dtype) cell once with 20 iterations; BenchmarkDotNet runs each
# cell 1 + 3 times (QuickJobConfig). Prints a Markdown table: ms per iteration and the ratio NmfGrid/sklearn.
set -euo pipefail
cd "$(dirname "$0")/.."

threads="${THREADS:-1}"
iterations=20  # = MultiplicativeUpdateBenchmarks.Iterations
work="$(mktemp -d /tmp/nmfgrid-mu-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || { echo "needs python3-sklearn: apt-get install -y python3-sklearn" >&2; exit 1; }

# Both sides get the same BLAS thread count (numpy's OpenBLAS included).
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export NMFGRID_BLAS_THREADS="$threads"

echo "== scikit-learn: one cell at a time, saving its inputs ($(date -u +%H:%M:%S))" >&2
# One call per (β, K): sklearn_baseline.py draws W0/H0 afresh for every cell, so each cell saves its own.
for beta in 0 1 2; do
  for rank in 10 88; do
    cell="$work/inputs/beta$beta-rank$rank"
    /usr/bin/python3 bench/sklearn_baseline.py --dtype float64 --iters "$iterations" --betas "$beta" --ranks "$rank" \
      --save-input "$cell" | tee -a "$work/sklearn.jsonl" >&2
    # The float32 run draws the same numbers (numpy generates float64, then casts), as the C# side does.
    /usr/bin/python3 bench/sklearn_baseline.py --dtype float32 --iters "$iterations" --betas "$beta" --ranks "$rank" \
      | tee -a "$work/sklearn.jsonl" >&2
  done
done

echo "== NmfGrid: BenchmarkDotNet ($(date -u +%H:%M:%S))" >&2
NMFGRID_BENCH_INPUT="$work/inputs" dotnet run -c Release --project bench/NmfGrid.Bench -- \
  --filter '*MultiplicativeUpdateBenchmarks*' --artifacts "$work/bdn" > "$work/bdn.log" 2>&1 \
  || { tail -40 "$work/bdn.log" >&2; exit 1; }
blas=$(grep -m1 -o '// BLAS: .*' "$work/bdn.log" | sed 's#// BLAS: ##')

echo "== done ($(date -u +%H:%M:%S)); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
/usr/bin/python3 - "$work/sklearn.jsonl" "$work/bdn/results" "$blas" "$threads" <<'PY'
import glob, json, os, sys
sk_path, results, blas, threads = sys.argv[1:]
sklearn = {}
for line in open(sk_path):
    r = json.loads(line)
    sklearn[(int(r["beta"]), r["rank"], r["dtype"])] = r["ms_per_iter"]
ours = {}
for path in glob.glob(os.path.join(results, "*MultiplicativeUpdateBenchmarks*-report-full.json")):
    for b in json.load(open(path))["Benchmarks"]:
        if not b.get("Statistics"):
            continue  # failed in BenchmarkDotNet: shown as "–"
        p = dict(kv.split("=") for kv in b["Parameters"].split("&"))
        ours[(int(float(p["Beta"])), int(p["Rank"]), p["Precision"])] = b["Statistics"]["Mean"] / 1e6
print(f"NmfGrid BLAS: {blas}; scikit-learn: numpy's BLAS with {threads} thread(s)\n")
print("| β | K | dtype | scikit-learn ms/iter | NmfGrid ms/iter | NmfGrid / sklearn |")
print("|---|---|---|---:|---:|---:|")
for key in sorted(sklearn, key=lambda k: (k[2] != "float64", -k[0], k[1])):
    beta, rank, dtype = key
    sk, us = sklearn[key], ours.get(key)
    cells = f"{us:.1f} | {us / sk:.2f}" if us else "– | –"
    print(f"| {beta} | {rank} | {dtype} | {sk:.1f} | {cells} |")
PY

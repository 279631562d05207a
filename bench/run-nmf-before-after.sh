#!/usr/bin/env bash
# Two builds of `nmfgrid nmf` side by side with scikit-learn, as processes, in interleaved rounds: per round and cell
# one scikit-learn process, then the BEFORE and the AFTER nmfgrid on the same V, W0, H0 (.npy), `--tol 0`. For a
# change's before/after on a shared machine, where only ratios inside one round mean anything. Prints a Markdown
# table: medians over the rounds, the after/before ratio of each round, and the load average seen per cell.
#
# Usage: BEFORE=/tmp/before/out AFTER=/tmp/after bench/run-nmf-before-after.sh     # folders holding an nmfgrid build
#        BETAS="2" RANKS="10 88" THREADS_LIST="2 1" DTYPES="float64 float32" ROUNDS=4 ITERS=100 (the defaults)
# A build of another commit: git archive COMMIT | tar -x -C DIR && dotnet build DIR/src/Coordinator -c Release -o DIR/out
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=folder of the nmfgrid build to compare against}" "${AFTER:?AFTER=folder of the nmfgrid build to compare}"
rounds="${ROUNDS:-4}"
iters="${ITERS:-100}"
work="$(mktemp -d /tmp/nmfgrid-before-after.XXXXXX)"
trap 'rm -rf "$work"' EXIT
unset NMFGRID_BLAS_THREADS NMFGRID_BLAS
for beta in ${BETAS:-2}; do
  /usr/bin/python3 bench/sklearn_baseline.py --iters 1 --betas "$beta" --save-input "$work/in/beta$beta" > /dev/null
done
for round in $(seq "$rounds"); do
  for threads in ${THREADS_LIST:-2 1}; do
    export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
    for dtype in ${DTYPES:-float64 float32}; do
      for beta in ${BETAS:-2}; do
        for rank in ${RANKS:-10 88}; do
          in="$work/in/beta$beta"
          load="$(cut -d' ' -f1 /proc/loadavg)"
          sk="$(/usr/bin/python3 bench/sklearn_baseline.py --load-input "$in" --dtype "$dtype" --iters "$iters" --betas "$beta" --ranks "$rank")"
          line="{\"round\": $round, \"threads\": $threads, \"dtype\": \"$dtype\", \"beta\": $beta, \"rank\": $rank, \"load\": $load, \"sklearn\": $sk"
          for side in before after; do
            bin="$BEFORE/nmfgrid"; [ "$side" = after ] && bin="$AFTER/nmfgrid"
            rm -rf "$work/out"
            "$bin" nmf -i "$in/V.npy" --w0 "$in/W0_$rank.npy" --h0 "$in/H0_$rank.npy" -k "$rank" --beta "$beta" \
              --tol 0 --max-iter "$iters" --threads "$threads" --dtype "$dtype" -o "$work/out" > /dev/null
            line="$line, \"$side\": $(/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$work/out/result.json")"
          done
          echo "$line}" >> "$work/runs.jsonl"
          echo "  round $round: $threads thread(s) $dtype β=$beta K=$rank (load $load)" >&2
        done
      done
    done
  done
done
/usr/bin/python3 - "$work/runs.jsonl" <<'PY'
import json, statistics as st, sys
cells = {}
for r in map(json.loads, open(sys.argv[1])):
    ms = lambda n: 1000 * n["seconds"] / n["iterations"]
    cells.setdefault((r["threads"], r["dtype"], r["beta"], r["rank"]), []).append(
        (r["sklearn"]["ms_per_iter"], ms(r["before"]), ms(r["after"]), r["load"]))
print("| BLAS threads | dtype | β | K | sklearn ms/iter | before ms/iter | after ms/iter | after / before (each round) | sklearn / after | load |")
print("|---|---|---|---|---:|---:|---:|---|---:|---|")
for key in sorted(cells, key=lambda k: (-k[0], k[1] != "float64", -k[2], k[3])):
    c = cells[key]
    med = [st.median(x[i] for x in c) for i in range(3)]
    ratios = sorted(x[2] / x[1] for x in c)
    print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.2f} | "
          f"{st.median(ratios):.2f} ({', '.join(f'{q:.2f}' for q in ratios)}) | {st.median(x[0] / x[2] for x in c):.2f}× | "
          f"{min(x[3] for x in c):.0f}–{max(x[3] for x in c):.0f} |")
PY

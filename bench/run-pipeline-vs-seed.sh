#!/usr/bin/env bash
# The per-track pipeline as a user meets it: `nmfgrid run` of the seed presets (benchmarks/tasks-seed.yaml), one
# process per task with the grid's defaults (2 workers × 1 BLAS thread), against the seed's own method
# (bench/peer/seed_stages.py: scikit-learn + mir_eval, numpy on its default threads) on the same rendered corpus.
# Prints per task the summed stage times over tracks (features, NMF, task work with scoring) and the wall time of
# each side's process, with the speed-ups. NmfGrid's own presets (benchmarks/tasks-best.yaml) are timed too.
#
# Usage: NMFGRID_DATA=ROOT bench/run-pipeline-vs-seed.sh
#   ROOT holds maps/, musdb18hq/ and beatles/ as `benchmarks/render-corpus.sh test ROOT` writes them.
#   TASKS="separation structure" times only those tasks. KEEP=DIR keeps the raw per-track times. COMPOSITE=1 times the
#   self-contained, composite ReadyToRun nmfgrid (`dotnet publish -p:NmfGridComposite=true`: about a second less JIT per
#   process, several more minutes of build; docs/performance.md, "Fixed costs of a run"). Needs /usr/bin/python3 with python3-sklearn, python3-mir-eval,
#   python3-soundfile, and the .NET SDK. About 10 minutes on 2 cores for the 8-track test corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

data="${NMFGRID_DATA:?set NMFGRID_DATA to a rendered corpus root (maps/, musdb18hq/, beatles/)}"
data="$(cd "$data" && pwd)"
work="$(mktemp -d /tmp/nmfgrid-pipeline-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
keep="${KEEP:-}"
unset NMFGRID_BLAS_THREADS NMFGRID_BLAS OPENBLAS_NUM_THREADS OMP_NUM_THREADS MKL_NUM_THREADS

echo "== build ($(date -u +%H:%M:%S))" >&2
if [ "${COMPOSITE:-0}" = 1 ]; then
  # From a copy of the sources: the self-contained restore would otherwise rewrite this checkout's obj/, and the next
  # default build would compile and precompile everything again (as tests/composite-build.sh does).
  mkdir "$work/src"
  tar --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./TestResults --exclude=./outputs --exclude=./data \
      -cf - . | tar -C "$work/src" -xf -
  dotnet publish "$work/src/src/Coordinator" -c Release -p:NmfGridComposite=true -nologo -v q -o "$work/nmfgrid" > "$work/build.log" 2>&1 \
    || { tail -20 "$work/build.log" >&2; exit 1; }
else
  dotnet build src/Coordinator -c Release -nologo -v q -o "$work/nmfgrid" > "$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
fi

now_ms() { date +%s%3N; }
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A sweep=(
  [transcription]="(transcription_seed_headline,maps)"
  [separation]="(separation_seed_headline,musdb18hq_test)"
  [structure]="(structure_seed,beatles)"
)
declare -A best=(
  [transcription]="(transcription_supervised,maps,sparse_mu_supervised)"
  [separation]="(separation_supervised,musdb18hq_test,mu_supervised)"
  [structure]="(structure_best,beatles,mu_barwise)"
)
: > "$work/walls.jsonl"
for task in ${TASKS:-transcription separation structure}; do
  echo "== $task: the seed's method ($(date -u +%H:%M:%S))" >&2
  t0=$(now_ms)
  /usr/bin/python3 bench/peer/seed_stages.py --data "$data" --tasks "$task" >> "$work/peer.jsonl"
  t1=$(now_ms)
  echo "== $task: nmfgrid, seed preset ($(date -u +%H:%M:%S))" >&2
  # A fresh database, output and cache folder: nothing computed before is reused.
  NMFGRID_DATA="$data" "$work/nmfgrid/nmfgrid" run benchmarks/tasks-seed.yaml -m "zip(task,dataset)=${sweep[$task]}" \
    ++run.output_dir="$work/seed-$task" ++run.cache_dir="$work/seed-$task/cache" ++run.database="$work/seed-$task.db" \
    > "$work/seed-$task.log" 2>&1 || { tail -20 "$work/seed-$task.log" >&2; exit 1; }
  t2=$(now_ms)
  echo "== $task: nmfgrid, its own preset ($(date -u +%H:%M:%S))" >&2
  NMFGRID_DATA="$data" "$work/nmfgrid/nmfgrid" run benchmarks/tasks-best.yaml -m "zip(task,dataset,algorithm)=${best[$task]}" \
    ++run.output_dir="$work/best-$task" ++run.cache_dir="$work/best-$task/cache" ++run.database="$work/best-$task.db" \
    > "$work/best-$task.log" 2>&1 || { tail -20 "$work/best-$task.log" >&2; exit 1; }
  t3=$(now_ms)
  echo "{\"task\": \"$task\", \"peer_ms\": $((t1 - t0)), \"seed_ms\": $((t2 - t1)), \"best_ms\": $((t3 - t2))}" >> "$work/walls.jsonl"
done

echo "== done ($(date -u +%H:%M:%S)); load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[ -n "$keep" ] && mkdir -p "$keep" && cp "$work/peer.jsonl" "$work/walls.jsonl" "$keep/" \
  && for f in "$work"/seed-*/ "$work"/best-*/; do find "$f" -name results.csv -exec cp {} "$keep/$(basename "$f")-results.csv" \; ; done
/usr/bin/python3 - "$work" <<'PY'
import csv, glob, json, os, sys
work = sys.argv[1]
peer, walls = {}, {}
for line in open(os.path.join(work, "peer.jsonl")):
    r = json.loads(line)
    p = peer.setdefault(r["task"], {"n": 0, "features_s": 0, "nmf_s": 0, "task_s": 0, "total_s": 0})
    p["n"] += 1
    for k in ("features_s", "nmf_s", "task_s", "total_s"):
        p[k] += r[k]
for line in open(os.path.join(work, "walls.jsonl")):
    r = json.loads(line)
    walls[r["task"]] = r

def ours(prefix, task):
    files = glob.glob(os.path.join(work, f"{prefix}-{task}", "**", "results.csv"), recursive=True)
    rows = [r for f in files for r in csv.DictReader(open(f)) if not r.get("error")]
    total = {"n": len(rows)}
    for k in ("features_s", "nmf_s", "task_s", "total_s"):
        total[k] = sum(float(r[k] or 0) for r in rows)
    return total

print("Summed over tracks, seconds; speed-up = seed's method / NmfGrid. Process: wall time of the whole command.\n")
print("| task | side | tracks | features s | NMF s | task + scoring s | per-track total s | process s |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for task in [t for t in ("transcription", "separation", "structure") if t in walls]:
    p, s, b, w = peer[task], ours("seed", task), ours("best", task), walls[task]
    print(f"| {task} | seed's method (seed_stages.py) | {p['n']} | {p['features_s']:.2f} | {p['nmf_s']:.2f} | {p['task_s']:.2f} | {p['total_s']:.2f} | {w['peer_ms'] / 1000:.1f} |")
    print(f"| | nmfgrid, seed preset | {s['n']} | {s['features_s']:.2f} | {s['nmf_s']:.2f} | {s['task_s']:.2f} | {s['total_s']:.2f} | {w['seed_ms'] / 1000:.1f} |")
    ratio = lambda a, c: f"{a / c:.1f}×" if c > 0 else "–"
    print(f"| | **speed-up** | | **{ratio(p['features_s'], s['features_s'])}** | **{ratio(p['nmf_s'], s['nmf_s'])}** | "
          f"**{ratio(p['task_s'], s['task_s'])}** | **{ratio(p['total_s'], s['total_s'])}** | **{ratio(w['peer_ms'], w['seed_ms'])}** |")
    print(f"| | nmfgrid, own preset (tasks-best) | {b['n']} | {b['features_s']:.2f} | {b['nmf_s']:.2f} | {b['task_s']:.2f} | {b['total_s']:.2f} | {w['best_ms'] / 1000:.1f} |")
PY

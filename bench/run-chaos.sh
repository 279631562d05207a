#!/usr/bin/env bash
# Chaos, the long version: a sweep runs while processes are killed with SIGKILL at random moments drawn from a seed,
# then every job must have exactly one row in the results table and one completion in the journal, and the results
# must equal an undisturbed run's (apart from timings, host, worker and attempt).
#   embedded: `nmfgrid run` killed and continued with `nmfgrid resume`, N times;
#   cluster:  `nmfgrid coordinator` ×2 on a PostgreSQL of its own, `nmfgrid node` ×2 and `nmfgrid run --cluster`;
#             N kills among a node, the active coordinator (singleton owner) and PostgreSQL (stopped, started again
#             0.5-3 s later); each killed process is started again at once, as an operator would.
# It runs the chaos tests of tests/NmfGrid.Coordinator.Tests (Chaos/) with more kills and a bigger sweep; CI runs them
# with 2 + 3 kills. Prints one line per mode (seed, kills by kind, recovery times, pass/FAIL); the lines and every
# process's output are kept in outputs/chaos/.
#
#   bench/run-chaos.sh [--seed S] [--kills N] [--mode embedded|cluster|both]
#
#   --seed S     the schedule's seed (default: a new one, printed); the same seed replays the same schedule
#   --kills N    kills per mode (default 20)
#   --mode M     both (default), embedded or cluster (cluster needs a PostgreSQL server: deploy/postgres-instance.sh install)
set -euo pipefail
cd "$(dirname "$0")/.."

seed=$((RANDOM * 32768 + RANDOM))
kills=20
mode=both
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run-chaos: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "run-chaos: --seed must be a number, not '$seed'" >&2; exit 2; }
[[ "$kills" =~ ^[1-9][0-9]*$ ]] || { echo "run-chaos: --kills must be a positive number, not '$kills'" >&2; exit 2; }
case "$mode" in
  both) filter="FullyQualifiedName~Chaos.ChaosTests" ;;
  embedded) filter="FullyQualifiedName~Chaos.ChaosTests.The_embedded_run" ;;
  cluster) filter="FullyQualifiedName~Chaos.ChaosTests.A_cluster" ;;
  *) echo "run-chaos: --mode must be both, embedded or cluster, not '$mode'" >&2; exit 2 ;;
esac

out=$(pwd)/outputs/chaos
mkdir -p "$out"
report=$out/report-$seed.txt
: >"$report"
echo "run-chaos: seed $seed, $kills kills per mode ($mode); replay with: bench/run-chaos.sh --seed $seed --kills $kills --mode $mode"

build_log=$(mktemp)
dotnet build tests/NmfGrid.Coordinator.Tests -c Release -nologo -v q >"$build_log" 2>&1 || {
  echo "run-chaos: the build failed:" >&2; grep -E "error" "$build_log" | sort -u | head -20 >&2; exit 1; }
rm -f "$build_log"

status=0
# 30 jobs per kill: the cluster keeps working while the driver waits for a killed member's removal (~12 s).
NMFGRID_CHAOS_SEED=$seed NMFGRID_CHAOS_KILLS=$kills NMFGRID_CHAOS_REPORT=$report NMFGRID_CHAOS_JOBS_PER_KILL=${NMFGRID_CHAOS_JOBS_PER_KILL:-30} \
  dotnet test tests/NmfGrid.Coordinator.Tests -c Release --no-build -nologo --filter "$filter" \
  --logger "console;verbosity=normal" >"$out/test-$seed.log" 2>&1 || status=$?
cat "$report"
if [ "$status" -ne 0 ]; then
  echo "run-chaos: FAILED (seed $seed); details in $out/test-$seed.log and $out/chaos-*-$seed.log" >&2
  grep -m1 -A3 "Error Message" "$out/test-$seed.log" >&2 || true
  exit 1
fi
echo "run-chaos: pass (seed $seed); process output in $out/chaos-*-$seed.log"

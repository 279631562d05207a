#!/usr/bin/env bash
# Long runs with a real crash (issue 16 §2): K sweeps of N no-op jobs one after another on one SQLite database, each in
# its own process, killed with SIGKILL half-way and recovered by a new process (bench/NmfGrid.Bench/Grid/KilledSweeps.cs).
# Prints per sweep dispatch rates, peak RSS, largest snapshot and recovery time. Results: docs/performance.md, "Long runs".
#   bench/run-killed-sweeps.sh [SWEEPS] [JOBS]     default 1 × 1000000; 20 50000 for the twenty-sweep run
set -euo pipefail
cd "$(dirname "$0")/.."
sweeps=${1:-1}
jobs=${2:-1000000}
folder=$(mktemp -d /tmp/nmfgrid-killed-XXXXXX)
trap 'rm -rf "$folder"' EXIT
dotnet build bench/NmfGrid.Bench -c Release -nologo -v q >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
cd bench/NmfGrid.Bench
dotnet bin/Release/net10.0/NmfGrid.Bench.dll killed-sweeps --sweeps "$sweeps" --jobs "$jobs" --folder "$folder"

#!/usr/bin/env bash
# Long runs of the embedded grid (issue 16 §2): K sweeps of N no-op jobs one after another on one SQLite database,
# each stopped half-way and recovered by a new grid; prints per sweep the dispatch rate, heap, peak working set,
# largest snapshot and recovery time (bench/NmfGrid.Bench/Grid/LongSweeps.cs). Results: docs/performance.md.
#   bench/run-long-sweeps.sh [SWEEPS] [JOBS]     default 20 × 50000
set -euo pipefail
cd "$(dirname "$0")/.."
sweeps=${1:-20}
jobs=${2:-50000}
folder=$(mktemp -d /tmp/nmfgrid-long-XXXXXX)
trap 'rm -rf "$folder"' EXIT
dotnet build bench/NmfGrid.Bench -c Release -nologo -v q >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
cd bench/NmfGrid.Bench
dotnet bin/Release/net10.0/NmfGrid.Bench.dll long-sweeps --sweeps "$sweeps" --jobs "$jobs" --folder "$folder"

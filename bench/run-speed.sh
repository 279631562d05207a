#!/usr/bin/env bash
# Every speed target of `nmfgrid` against its peers, as a user meets them, in one command: `nmfgrid nmf` against
# scikit-learn with 1 BLAS thread and with every core (bench/run-nmf-vs-sklearn.sh), then the per-track pipeline of
# the seed presets against the seed's method (bench/run-pipeline-vs-seed.sh). Prints the machine, the commit, the
# time and the load first, then the three Markdown tables as docs/performance.md shows them.
#
# Usage: NMFGRID_DATA=ROOT bench/run-speed.sh     # ROOT as `benchmarks/render-corpus.sh test ROOT` writes it
#        PARTS="nmf" bench/run-speed.sh           # only the scikit-learn tables (no corpus needed)
#        PARTS="pipeline" NMFGRID_DATA=ROOT bench/run-speed.sh
# About 25 minutes on 2 cores. Run it on a quiet machine: the tables say the load they were measured at.
set -euo pipefail
cd "$(dirname "$0")/.."
parts="${PARTS:-nmf pipeline}"
case " $parts " in *" pipeline "*) : "${NMFGRID_DATA:?set NMFGRID_DATA to a rendered corpus root (maps/, musdb18hq/, beatles/)}" ;; esac

echo "## Speed against the peers"
echo
echo "- machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (with uncommitted changes in src/)')"
echo "- started: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $parts; do
  case "$part" in
    nmf)
      for threads in 1 all; do
        echo
        echo "### \`nmfgrid nmf\` against scikit-learn, THREADS=$threads ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
        echo
        THREADS="$threads" bench/run-nmf-vs-sklearn.sh
      done
      ;;
    pipeline)
      echo
      echo "### The per-track pipeline against the seed's ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
      echo
      bench/run-pipeline-vs-seed.sh
      ;;
    *) echo "unknown part '$part' in PARTS (nmf, pipeline)" >&2; exit 2 ;;
  esac
done
echo
echo "- finished: $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Builds the rendered evaluation corpus (issue 14) with one command: composed pieces played by FluidSynth with the
# MuseScore General Lite SoundFont, in the official MAPS, MUSDB18-HQ, Beatles, RWC Popular and SALAMI layouts.
#
#   benchmarks/render-corpus.sh [test|dev] [ROOT]
#
# test (default): seed 1, under data/rendered/test; dev: seed 2, under data/rendered/dev. Tune on dev, report on test:
# the splits share no piece (every piece's seed derives from the split's seed, the corpus kind and the track index).
# Each split holds maps/AkPnBcht/{MUS (8 pieces), ISOL/NO (88 pitches x P, M, F)}, musdb18hq/{test (8), train (8)},
# beatles (8), rwcpop (8), salami (8). Point NMFGRID_DATA at ROOT to run the task configs on it.
# Sizes and lengths can be changed through the environment: TRACKS, TRAIN_TRACKS, DURATION (musdb, maps), SONG_DURATION
# (structure corpora), KINDS (a subset of "maps musdb18hq beatles rwcpop salami"), NMFGRID (the nmfgrid command).
set -euo pipefail
cd "$(dirname "$0")/.."

split=${1:-test}
case "$split" in
  test) seed=1 ;;
  dev) seed=2 ;;
  *) echo "usage: $0 [test|dev] [ROOT]" >&2; exit 2 ;;
esac
root=${2:-data/rendered/$split}
tracks=${TRACKS:-8}
train_tracks=${TRAIN_TRACKS:-8}
duration=${DURATION:-30}
song_duration=${SONG_DURATION:-90}
kinds=${KINDS:-maps musdb18hq beatles rwcpop salami}

if [ -z "${NMFGRID:-}" ]; then
  dotnet build src/Coordinator -c Release -nologo -v q >/dev/null
  NMFGRID="dotnet src/Coordinator/bin/Release/net10.0/nmfgrid.dll"
fi

for kind in $kinds; do
  start=$(date +%s)
  case "$kind" in
    maps) $NMFGRID datasets render --kind maps --out "$root/maps" --tracks "$tracks" --seed "$seed" --duration "$duration" ;;
    musdb18hq) $NMFGRID datasets render --kind musdb18hq --out "$root/musdb18hq" --tracks "$tracks" --train-tracks "$train_tracks" \
      --seed "$seed" --duration "$duration" ;;
    beatles|rwcpop|salami) $NMFGRID datasets render --kind "$kind" --out "$root/$kind" --tracks "$tracks" --seed "$seed" --duration "$song_duration" ;;
    *) echo "unknown kind '$kind'" >&2; exit 2 ;;
  esac
  echo "$kind: $(( $(date +%s) - start )) s"
done

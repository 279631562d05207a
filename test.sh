#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with only the .NET SDK: installs the native
# libraries and the PostgreSQL server the tests need, builds, runs every test project, and prints one
# summary line.
set -euo pipefail
cd "$(dirname "$0")"

need=()
# OpenBLAS: the native BLAS the tests exercise (MKL is optional and tested when present).
ldconfig -p | grep -q 'libopenblas.so.0' || need+=(libopenblas0-pthread)
# MKL only on request (NMFGRID_TEST_MKL=1): Debian's libmkl-rt is in non-free and costs ~150 MB of
# download, ~750 MB on disk and ~1.5 min to install.
if [ "${NMFGRID_TEST_MKL:-0}" = 1 ] && ! ldconfig -p | grep -q 'libmkl_rt.so'; then need+=(libmkl-rt); fi
# FluidSynth and a small General MIDI SoundFont (~40 MB) for the rendered-corpus tests (datasets render). Without
# --no-install-recommends fluidsynth would also pull fluid-soundfont-gm (148 MB).
command -v fluidsynth >/dev/null || need+=(fluidsynth)
[ -f /usr/share/sounds/sf3/MuseScore_General_Lite.sf3 ] || need+=(musescore-general-soundfont-small)
# Python 3 with numpy and scikit-learn for the external-model tests (python/nmfgrid_model.py and its examples run as
# real processes; they use /usr/bin/python3, Debian's, whatever python3 comes first on PATH).
/usr/bin/python3 -c 'import numpy, sklearn' 2>/dev/null || need+=(python3-numpy python3-sklearn)
# Chromium for the results explorer's browser tests (PuppeteerSharp drives /usr/bin/chromium; nothing is downloaded).
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  if [[ " ${need[*]} " == *" libmkl-rt "* ]]; then
    # Add the non-free component, and keep OpenBLAS as the system libblas (MKL would take it over).
    $SUDO sed -i -E '/^Components:/{/non-free( |$)/!s/$/ non-free/}' /etc/apt/sources.list.d/debian.sources
    echo "libmkl-rt libmkl-rt/use-as-default-blas-lapack boolean false" | $SUDO debconf-set-selections
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL: a private server for the persistence and cluster tests (deploy/postgres-instance.sh installs
# Debian's postgresql if needed), removed on exit whatever the outcome. NMFGRID_TEST_POSTGRES already set
# (a connection string to a disposable database) uses that server instead.
if [ -z "${NMFGRID_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/nmfgrid-postgres.XXXXXX)
  trap 'deploy/postgres-instance.sh stop "$pgdir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  NMFGRID_TEST_POSTGRES=$(deploy/postgres-instance.sh start "$pgdir")
  export NMFGRID_TEST_POSTGRES
fi

results="$(pwd)/TestResults"
rm -rf "$results"
# The results explorer's browser tests keep a screenshot of each page here.
export NMFGRID_SCREENSHOTS="$results/web-screenshots"
dotnet build NmfGrid.sln -c Release -nologo -v q
status=0
dotnet test NmfGrid.sln -c Release --no-build -nologo -v q \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 15m --blame-hang-dump-type none || status=$?
# The opt-in composite build (README, "Run the demo"): published, run on a real sweep, the same results as the default build.
composite=passed
tests/composite-build.sh || { composite=FAILED; status=1; }

# One closing line over every test project: "Tests: N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "Composite build check: $composite"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit $status

#!/usr/bin/env bash
# Longer fuzzing runs with AFL++ and SharpFuzz (not part of CI; CI replays the corpus: tests/MatCarv.Fuzz.Tests).
#   fuzz/run.sh list                     the targets
#   fuzz/run.sh TARGET [SECONDS]         fuzz one target for SECONDS (default 300) from fuzz/corpus/TARGET
# Needs: afl++ (apt-get install afl++) and the SharpFuzz tool (dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0).
# Output: artifacts/fuzz/TARGET/findings (AFL's queue, crashes, hangs) and the last lines of AFL's fuzzer_stats.
# A crash file is a finding: fix the SDK, then copy the file to fuzz/findings/TARGET/ so that CI replays it for good.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/artifacts/fuzz
APP=$OUT/app
export PATH="$PATH:$HOME/.dotnet/tools"

if [ ! -f "$APP/MatCarv.Fuzz.dll" ]; then
  dotnet publish fuzz/MatCarv.Fuzz -c Release -o "$APP" -nologo -v:q
  # SharpFuzz rewrites the SDK's assemblies with AFL's branch-coverage probes (the fuzz harness itself stays as is).
  for assembly in MatCarv.Observability.dll MatCarv.HealthEvents.dll; do
    sharpfuzz "$APP/$assembly"
  done
fi

if [ "${1:-list}" = "list" ]; then
  dotnet "$APP/MatCarv.Fuzz.dll" list
  exit 0
fi

TARGET=$1
SECONDS_TO_RUN=${2:-300}
FINDINGS=$OUT/$TARGET/findings
rm -rf "$FINDINGS"
mkdir -p "$FINDINGS"
# dotnet is not an AFL-instrumented binary (the probes are in the managed code): skip AFL's binary check; no CPU
# pinning or frequency checks on a shared machine.
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  afl-fuzz -i "fuzz/corpus/$TARGET" -o "$FINDINGS" -t 10000 -m none -V "$SECONDS_TO_RUN" -- dotnet "$APP/MatCarv.Fuzz.dll" "$TARGET" \
  > "$OUT/$TARGET/afl.log" 2>&1 || { tail -30 "$OUT/$TARGET/afl.log"; exit 1; }
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|stability)' "$FINDINGS/default/fuzzer_stats"

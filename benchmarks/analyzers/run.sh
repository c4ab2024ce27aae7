#!/usr/bin/env bash
# Times analyzers on the generated 50,000-line project: a build without analyzers, with MatCarv.Analyzers, and with
# SonarAnalyzer.CSharp 9.32 (the last open-source release on the package mirror), each RUNS times, full rebuilds,
# no compiler server (so analyzers load cold each time, as in CI). Reads "Total analyzer execution time" and the
# per-analyzer table that -p:ReportAnalyzer=true prints at detailed verbosity.
# usage: benchmarks/analyzers/run.sh [RUNS]   (serialised with the shared benchmark lock)
set -euo pipefail
RUNS=${1:-3}
VARIANTS=${VARIANTS:-none matcarv sonar}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/matcarv-analyzer-bench}
ART=$WORK/art
rm -rf "$WORK" && mkdir -p "$WORK"
dotnet build "$ROOT/src/MatCarv.Analyzers" -c Release --artifacts-path "$ART" -v:q -nologo >/dev/null
MATCARV_DIR=$ART/bin/MatCarv.Analyzers/release_netstandard2.0

for variant in $VARIANTS; do
  python3 "$ROOT/benchmarks/analyzers/generate_project.py" "$WORK/$variant" --variant "$variant" --matcarv-dir "$MATCARV_DIR"
  dotnet restore "$WORK/$variant/Bench.csproj" -v:q -nologo >/dev/null
done

for run in $(seq 1 "$RUNS"); do
  for variant in $VARIANTS; do
    log=$WORK/$variant-$run.log
    flock /tmp/matcarv-bench.lock dotnet build "$WORK/$variant/Bench.csproj" -c Release --no-restore --no-incremental \
      -p:ReportAnalyzer=true -p:UseSharedCompilation=false -v:d -nologo -nodeReuse:false > "$log" 2>&1
    elapsed=$(grep -m1 -E "^Time Elapsed" "$log" | awk '{print $3}')
    total=$(grep -m1 -E "Total analyzer execution time" "$log" | grep -Eo "[0-9]+([.,][0-9]+)?" | head -1 || true)
    warnings=$(grep -cE "warning (MCV|S)[0-9]+" "$log" || true)
    printf "%s run %s: build %s, analyzers %s s, analyzer warnings %s\n" "$variant" "$run" "$elapsed" "${total:-0}" "$warnings"
  done
done
echo "Per-analyzer breakdown of the last runs:"
for variant in $VARIANTS; do grep -A 20 "Total analyzer execution time" "$WORK/$variant-$RUNS.log" | head -20; done

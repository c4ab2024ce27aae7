#!/usr/bin/env bash
# Times analyzers on the generated 50,000-line project: a build without analyzers ("none"), with MatCarv.Analyzers as in
# this tree ("matcarv"), with MatCarv.Analyzers as at BASELINE_REF ("baseline", the rules before issue 13 by default) and
# with SonarAnalyzer.CSharp 9.32 ("sonar", the last open-source release on the package mirror). Each of RUNS rounds builds
# every variant once, in turn (interleaved, so that a load change on a shared machine hits all variants alike); full
# rebuilds, no compiler server (analyzers load cold each time, as in CI). Reads MSBuild's "Time Elapsed", the compiler's
# "Total analyzer execution time" and per-assembly lines (-p:ReportAnalyzer=true at detailed verbosity), and the load
# average before each build; prints every build, then medians and the analyzers' share of the build.
# usage: benchmarks/analyzers/run.sh [RUNS]            (serialised with the shared benchmark lock)
#        VARIANTS="none matcarv" BASELINE_REF=<commit> benchmarks/analyzers/run.sh 5
set -euo pipefail
RUNS=${1:-5}
VARIANTS=${VARIANTS:-none matcarv baseline sonar}
BASELINE_REF=${BASELINE_REF:-1b1e9d4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/matcarv-analyzer-bench}
ART=$WORK/art
rm -rf "$WORK" && mkdir -p "$WORK"
dotnet build "$ROOT/src/MatCarv.Analyzers" -c Release --artifacts-path "$ART" -v:q -nologo >/dev/null
MATCARV_DIR=$ART/bin/MatCarv.Analyzers/release_netstandard2.0

if [[ " $VARIANTS " == *" baseline "* ]]; then
  # The analyzers as they were at BASELINE_REF, built from that commit's tree (no worktree: git archive of the files).
  mkdir -p "$WORK/baseline-src"
  git -C "$ROOT" archive "$BASELINE_REF" .editorconfig Directory.Build.props Directory.Packages.props global.json src \
    | tar -x -C "$WORK/baseline-src"
  dotnet build "$WORK/baseline-src/src/MatCarv.Analyzers" -c Release --artifacts-path "$WORK/baseline-art" -v:q -nologo >/dev/null
  BASELINE_DIR=$WORK/baseline-art/bin/MatCarv.Analyzers/release_netstandard2.0
fi

for variant in $VARIANTS; do
  case $variant in
    baseline) python3 "$ROOT/benchmarks/analyzers/generate_project.py" "$WORK/$variant" --variant matcarv --matcarv-dir "$BASELINE_DIR" ;;
    *) python3 "$ROOT/benchmarks/analyzers/generate_project.py" "$WORK/$variant" --variant "$variant" --matcarv-dir "$MATCARV_DIR" ;;
  esac
  dotnet restore "$WORK/$variant/Bench.csproj" -v:q -nologo >/dev/null
done

RESULTS=$WORK/results.tsv
printf "variant\trun\tload\telapsed\tanalyzers\tmatcarv\twarnings\n" > "$RESULTS"
for run in $(seq 1 "$RUNS"); do
  for variant in $VARIANTS; do
    log=$WORK/$variant-$run.log
    load=$(cut -d' ' -f1 /proc/loadavg)
    flock /tmp/matcarv-bench.lock dotnet build "$WORK/$variant/Bench.csproj" -c Release --no-restore --no-incremental \
      -p:ReportAnalyzer=true -p:UseSharedCompilation=false -v:d -nologo -nodeReuse:false > "$log" 2>&1
    elapsed=$(grep -m1 -E "^Time Elapsed" "$log" | awk '{print $3}' | awk -F: '{print $1*3600 + $2*60 + $3}')
    total=$(grep -m1 -E "Total analyzer execution time" "$log" | grep -Eo "[0-9]+([.,][0-9]+)?" | head -1 | tr , . || true)
    own=$(grep -E "^\s*[0-9.,<]+\s+[0-9]+\s+MatCarv.Analyzers, Version" "$log" | head -1 | awk '{print $1}' | tr -d '<' | tr , . || true)
    warnings=$(grep -cE "warning (MCV|S)[0-9]+" "$log" || true)
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$variant" "$run" "$load" "$elapsed" "${total:-0}" "${own:-0}" "$warnings" >> "$RESULTS"
    printf "%-8s run %s: load %5s, build %6.2f s, analyzers %s s (MatCarv %s s), analyzer warnings %s\n" \
      "$variant" "$run" "$load" "$elapsed" "${total:-0}" "${own:-0}" "$warnings"
  done
done

python3 - "$RESULTS" "$(nproc)" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cores = int(sys.argv[2])
by = {}
for r in rows:
    by.setdefault(r["variant"], []).append(r)
med = lambda rs, k: statistics.median(float(r[k]) for r in rs)
print(f"\nMedians over {len(next(iter(by.values())))} interleaved rounds ({cores} cores; load average {min(float(r['load']) for r in rows):.1f}-{max(float(r['load']) for r in rows):.1f}):")
print("| Variant | Build (median wall) | Analyzer time (median, summed over threads) | Analyzers' share of the build (time / cores / wall) | Wall minus 'none' |")
print("|---|---:|---:|---:|---:|")
none = med(by["none"], "elapsed") if "none" in by else None
for variant, rs in by.items():
    wall, analyzers = med(rs, "elapsed"), med(rs, "analyzers")
    share = analyzers / cores / wall * 100
    delta = f"{(wall - none) / none * 100:+.1f} %" if none else "n/a"
    print(f"| {variant} | {wall:.2f} s | {analyzers:.3f} s | {share:.2f} % | {delta} |")
EOF
echo "Per-analyzer breakdown of the last round:"
for variant in $VARIANTS; do echo "== $variant"; grep -A 24 "Total analyzer execution time" "$WORK/$variant-$RUNS.log" | head -24; done

#!/usr/bin/env bash
# Cold start as whole processes (issue 15): HelloWorld, which writes one JSON line, against LambdaInit, which does a
# Lambda-style init (MatCarvLambda.Create with metrics) and one invocation (one log line, one metric, one span, flushed),
# each published JIT (framework-dependent IL), ReadyToRun and Native AOT against the *packed* MatCarv.Observability, timed
# with hyperfine; rewrites benchmarks/results/coldstart.md.
#
#   benchmarks/ColdStart/run.sh                     pack, publish, 10 rounds x 3 runs per program and mode, write the results
#   benchmarks/ColdStart/run.sh --rounds 5          fewer rounds (runs per program = rounds x runs, keep it >= 15)
#   benchmarks/ColdStart/run.sh --modes "jit r2r"   some publish modes
#   benchmarks/ColdStart/run.sh --profile           also charge each part of init its cost (LambdaInit <part>, same pairing)
#                                                   and print the in-process Stopwatch steps (LambdaInit full --probe)
#   benchmarks/ColdStart/run.sh --no-write          print the report, leave the results file alone
#   benchmarks/ColdStart/run.sh --dry               pack, publish JIT only, run each app once and check its output (CI)
#   benchmarks/ColdStart/run.sh --methods           pack, publish JIT and ReadyToRun (or --modes), count the methods each
#                                                   part JIT-compiles, by namespace (load-independent; no timing, no lock)
#   benchmarks/ColdStart/run.sh --perf              pack, publish (--modes, default all three), record each program with perf
#                                                   (--perf-runs N, default 5) and print its CPU time by shared object (JIT,
#                                                   runtime, kernel, managed code) and by thread, SDK minus hello (perf.py)
#
# Pairing: each round is ONE hyperfine invocation holding every program of every mode (order reversed every other round),
# so a load spike from the other processes on the machine hits both sides of a pair alike; a program's figure is the median
# of its runs over all rounds, and the per-round differences show the spread. Timed runs are serialised with the
# BenchmarkDotNet suites through /tmp/matcarv-bench.lock. Needs hyperfine (installed from Debian if missing) and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/ColdStart
WORK=${COLDSTART_ARTIFACTS:-$ROOT/artifacts/coldstart}
FEED=$WORK/feed
RESULTS=$ROOT/benchmarks/results/coldstart.md
ROUNDS=10
RUNS=3
MODES="jit r2r aot"
PROFILE=0
WRITE=1
DRY=0
METHODS=0
PERF=0
PERF_RUNS=5
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --modes) MODES=$2; shift ;;
    --profile) PROFILE=1 ;;
    --no-write) WRITE=0 ;;
    --dry) DRY=1 ;;
    --methods) METHODS=1 ;;
    --perf) PERF=1 ;;
    --perf-runs) PERF_RUNS=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$DRY" -eq 1 ] && MODES=jit
# Native AOT compiles nothing at run time: --methods looks at the two modes that do, unless --modes says otherwise.
[ "$METHODS" -eq 1 ] && [[ " $ARGS " != *" --modes "* ]] && MODES="jit r2r"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RID=linux-x64
[ "$(uname -m)" = "aarch64" ] && RID=linux-arm64

# 1. Pack the SDK from this working tree under a version unique to its content: the NuGet cache can never serve an
#    older build under the same version, and an unchanged tree reuses the package.
prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)
hash=$(cd "$ROOT" && find src/MatCarv.Observability src/MatCarv.Observability.Generators src/MatCarv.Analyzers src/Directory.Build.props \
         src/Directory.Build.targets src/BannedSymbols.txt Directory.Build.props Directory.Packages.props global.json README.md \
         -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
VERSION="$prefix-coldstart.h$hash"
mkdir -p "$FEED"
if [ ! -f "$FEED/MatCarv.Observability.$VERSION.nupkg" ]; then
  find "$FEED" -name '*.nupkg' -delete
  echo "packing MatCarv.Observability $VERSION" >&2
  # Package validation and symbols are the release pipeline's business, not this benchmark's.
  dotnet pack "$ROOT/src/MatCarv.Observability" -c Release -o "$FEED" -p:PackageVersion="$VERSION" \
    -p:EnablePackageValidation=false -p:IncludeSymbols=false -nologo -v:q -clp:ErrorsOnly >&2
fi

# 2. Publish both apps in every mode, each mode in its own build folder (restore graphs differ: AOT adds the ILCompiler).
publish() { # app mode
  local app=$1 mode=$2 props=()
  case "$mode" in
    jit) props=(--self-contained false -p:PublishReadyToRun=false) ;;
    r2r) props=(--self-contained false -p:PublishReadyToRun=true) ;;
    aot) props=(-p:PublishAot=true) ;;
    *) echo "unknown mode $mode (jit, r2r, aot)" >&2; exit 2 ;;
  esac
  dotnet publish "$HERE/$app/$app.csproj" -c Release -r "$RID" -o "$WORK/publish/$app-$mode" \
    --artifacts-path "$WORK/build/$mode" -p:MatCarvVersion="$VERSION" -nologo -v:q -clp:ErrorsOnly "${props[@]}" >&2
}
for mode in $MODES; do
  publish HelloWorld "$mode"
  publish LambdaInit "$mode"
done
hello() { echo "$WORK/publish/HelloWorld-$1/HelloWorld"; }
sdk() { echo "$WORK/publish/LambdaInit-$1/LambdaInit"; }

# 3. Run every program once and check what it printed: a benchmark of a program that fails is no benchmark. The process
#    sees what a Lambda function sees; nothing reaches AWS (the X-Ray datagram goes to 127.0.0.1:2000, EMF to stdout).
export AWS_LAMBDA_FUNCTION_NAME=coldstart AWS_LAMBDA_FUNCTION_VERSION='$LATEST' AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512 \
  AWS_REGION=us-east-1 AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/coldstart AWS_LAMBDA_LOG_STREAM_NAME='2026/12/03/[$LATEST]0123456789abcdef' \
  AWS_LAMBDA_INITIALIZATION_TYPE=on-demand LAMBDA_TASK_ROOT=/var/task
check() { # program args... ; the output must hold the log line, and for the SDK app also the EMF document
  local out
  out=$("$@" 2>&1) || { echo "$* exited $?: $out" >&2; return 1; }
  grep -q '"Processed order' <<<"$out" || { echo "$*: no log line in: $out" >&2; return 1; }
  if [ "$(basename "$1")" = LambdaInit ]; then
    grep -q '"OrdersProcessed"' <<<"$out" || { echo "$*: no EMF document in: $out" >&2; return 1; }
    grep -q '"cold_start":true' <<<"$out" || { echo "$*: no cold start in: $out" >&2; return 1; }
  fi
}
for mode in $MODES; do
  check "$(hello "$mode")"
  check "$(sdk "$mode")"
done
if [ "$DRY" -eq 1 ]; then
  for part in binary create invocation log metric span; do "$(sdk jit)" "$part" >/dev/null; done
  "$(sdk jit)" full --probe >/dev/null
  echo "coldstart dry run: packed $VERSION, published JIT, every program and part ran and printed what it should" >&2
  exit 0
fi

if [ "$METHODS" -eq 1 ]; then
  # The runtime lists every method it JIT-compiles (no tool needed); methods.py counts them per part and namespace.
  LISTS=$WORK/methods
  rm -rf "$LISTS" && mkdir -p "$LISTS"
  for mode in $MODES; do
    [ "$mode" = aot ] && continue
    # Three runs per part: whether an await completes synchronously depends on thread timing, and each one that does not
    # compiles its async machinery; methods.py reports the run with the median count.
    for part in binary create invocation log metric span full; do
      for run in 1 2 3; do
        DOTNET_JitStdOutFile="$LISTS/$mode-$part.$run.txt" DOTNET_JitDisasmSummary=1 "$(sdk "$mode")" "$part" >/dev/null
      done
    done
    DOTNET_JitStdOutFile="$LISTS/$mode-hello.1.txt" DOTNET_JitDisasmSummary=1 "$(hello "$mode")" >/dev/null
  done
  python3 "$HERE/methods.py" "$LISTS" "$MODES" "hello binary create invocation log metric span full"
  exit 0
fi

if [ "$PERF" -eq 1 ]; then
  # Sampled CPU time per shared object and thread (libcoreclr.so has no symbols here, so the runtime is one bucket).
  if ! command -v perf >/dev/null; then
    echo "installing perf (Debian linux-perf)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >&2
  fi
  PERFDIR=$WORK/perf
  rm -rf "$PERFDIR" && mkdir -p "$PERFDIR"
  for mode in $MODES; do
    for run in $(seq 1 "$PERF_RUNS"); do
      perf record -q -F 4999 -o "$PERFDIR/$mode-hello.$run.data" "$(hello "$mode")" >/dev/null 2>&1
      for part in create invocation full; do
        perf record -q -F 4999 -o "$PERFDIR/$mode-$part.$run.data" "$(sdk "$mode")" "$part" >/dev/null 2>&1
      done
    done
  done
  python3 "$HERE/perf.py" "$PERFDIR" "$MODES" "hello create invocation full"
  exit 0
fi

# 4. Time.
if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine (Debian)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >&2
fi
exec 9>/tmp/matcarv-bench.lock
flock 9

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
rounds() { # file-prefix name=command...; runs every command RUNS times per round, ROUNDS rounds, order reversed on odd rounds
  local prefix=$1; shift
  local pairs=("$@") round args i
  for round in $(seq 1 "$ROUNDS"); do
    args=()
    if [ $((round % 2)) -eq 1 ]; then
      for ((i = 0; i < ${#pairs[@]}; i++)); do args+=(-n "${pairs[i]%%=*}" "${pairs[i]#*=}"); done
    else
      for ((i = ${#pairs[@]} - 1; i >= 0; i--)); do args+=(-n "${pairs[i]%%=*}" "${pairs[i]#*=}"); done
    fi
    hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$TMP/$prefix-$round.json" "${args[@]}" >/dev/null
    echo "  $prefix round $round/$ROUNDS done" >&2
  done
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
commands=()
for mode in $MODES; do commands+=("hello-$mode=$(hello "$mode")" "sdk-$mode=$(sdk "$mode")"); done
rounds pairs "${commands[@]}"
if [ "$PROFILE" -eq 1 ]; then
  for mode in $MODES; do
    commands=("hello-$mode=$(hello "$mode")")
    for part in binary create invocation log metric span full; do commands+=("$part-$mode=$(sdk "$mode") $part"); done
    rounds "parts-$mode" "${commands[@]}"
    for i in $(seq 1 $((ROUNDS * RUNS))); do "$(sdk "$mode")" full --probe 2>>"$TMP/probe-$mode.txt" >/dev/null; done
  done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
flock -u 9

commit=$(git -C "$ROOT" rev-parse --short HEAD)
git -C "$ROOT" diff --quiet HEAD -- src benchmarks/ColdStart || commit="$commit (with uncommitted changes)"
machine="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr); .NET SDK $(dotnet --version), $RID"
sizes=""
for mode in $MODES; do
  sizes+="$mode $(du -sk "$WORK/publish/HelloWorld-$mode" | cut -f1) $(du -sk "$WORK/publish/LambdaInit-$mode" | cut -f1);"
done

python3 - "$TMP" "$MODES" "$ROUNDS" "$RUNS" "$PROFILE" "$commit" "$machine" "$load_before" "$load_after" "$started" \
  "$(nproc)" "$ARGS" "$VERSION" "$sizes" > "$TMP/report.md" <<'PY'
import glob, json, statistics, sys, os
(tmp, modes, rounds, runs, profile, commit, machine, load_before, load_after, started, cores, args, version,
 sizes) = sys.argv[1:]
modes = modes.split(); rounds = int(rounds); runs = int(runs); cores = int(cores)
names = {"jit": "JIT", "r2r": "ReadyToRun", "aot": "Native AOT"}
targets = {"jit": 50.0, "r2r": 25.0, "aot": 3.0}
size = {m: (int(h), int(s)) for m, h, s in (x.split() for x in sizes.strip(";").split(";"))}

def load(prefix):
    """name -> all run times (ms) over the rounds, name -> per-round medians, name -> CPU ms (user + system, mean of rounds)."""
    times, per_round, cpu = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(tmp, f"{prefix}-*.json"))):
        for r in json.load(open(path))["results"]:
            times.setdefault(r["command"], []).extend(t * 1000 for t in r["times"])
            per_round.setdefault(r["command"], []).append(statistics.median(r["times"]) * 1000)
            cpu.setdefault(r["command"], []).append((r["user"] + r["system"]) * 1000)
    return times, per_round, {k: statistics.mean(v) for k, v in cpu.items()}

busy = max(float(load_before.split()[0]), float(load_after.split()[0])) > cores
print("# Cold start: SDK app minus hello world\n")
print("<!-- Generated by benchmarks/ColdStart/run.sh; what is measured and how to read it: benchmarks/ColdStart/README.md -->\n")
print(f"- Command: `benchmarks/ColdStart/run.sh{(' ' + args) if args else ''}` ({rounds} rounds x {runs} runs = "
      f"{rounds * runs} runs per program, each round one hyperfine invocation holding every program; medians)")
print(f"- Commit: `{commit}`, package MatCarv.Observability {version} packed from it; started {started}")
print(f"- Machine: {machine}")
print(f"- Load average (1/5/15 min) {load_before} before, {load_after} after"
      + (f": **busy machine** (load above {cores} cores) — absolute times are inflated, compare within a pair." if busy else "."))
print()
print("| Publish | Hello world | SDK app | **SDK − hello world** | per-round differences (min … max) | Target | Met | CPU time, SDK − hello | Size (hello / SDK app) |")
print("|---|---:|---:|---:|---|---:|---|---:|---|")
times, per_round, cpu = load("pairs")
for mode in modes:
    h, s = times[f"hello-{mode}"], times[f"sdk-{mode}"]
    d = statistics.median(s) - statistics.median(h)
    rd = [b - a for a, b in zip(per_round[f"hello-{mode}"], per_round[f"sdk-{mode}"])]
    hs, ss = size[mode]
    print(f"| {names[mode]} | {statistics.median(h):.1f} ms | {statistics.median(s):.1f} ms | **{d:+.1f} ms** | "
          f"{min(rd):+.1f} … {max(rd):+.1f} ms | ≤ +{targets[mode]:.0f} ms | {'yes' if d <= targets[mode] else '**no**'} | "
          f"{cpu[f'sdk-{mode}'] - cpu[f'hello-{mode}']:+.1f} ms | {hs / 1024:.1f} / {ss / 1024:.1f} MiB |")
print("\nWall time is the target's measure. CPU time (user + system of the process, hyperfine's mean) is the work the process "
      "did on any core: it barely moves with the machine's load, so on a busy machine it is the steadier guide; it can exceed "
      "the wall-time difference (background JIT and GC threads) or fall below it (waits).")

if profile == "1":
    print("\n## What each part costs\n")
    print("LambdaInit run with a part argument, all parts and the hello world in the same rounds as above (one hyperfine invocation "
          "per round). Each row is the median of that variant minus the median of the row it builds on, so it is what that part "
          "adds to a process. `log`, `metric` and `span` each add one item to the empty invocation; each pays for the first use "
          "of what it needs (the other two would share some of it).\n")
    rows = [("binary", "hello", "the SDK app's binary writing the hello line, SDK untouched (bigger binary, package references)"),
            ("create", "binary", "`MatCarvLambda.Create` with metrics + `CreateLogger` (init)"),
            ("invocation", "create", "an empty invocation: `BeginInvocation`, dispose (end, flush of every signal)"),
            ("log", "invocation", "+ one `LogInformation` line"),
            ("metric", "invocation", "+ one `AddMetric`"),
            ("span", "invocation", "+ one span (X-Ray datagram)"),
            ("full", "invocation", "+ all three (the benchmarked app)"),
            ("full", "hello", "**total: SDK app − hello world**")]
    print("| Part | adds | " + " | ".join(f"{names[m]} wall | {names[m]} CPU" for m in modes) + " |")
    print("|---|---|" + "---:|---:|" * len(modes))
    medians, cpus = {}, {}
    for mode in modes:
        t, _, c = load(f"parts-{mode}")
        medians[mode] = {k.rsplit("-", 1)[0]: statistics.median(v) for k, v in t.items()}
        cpus[mode] = {k.rsplit("-", 1)[0]: v for k, v in c.items()}
    for part, base, what in rows:
        print(f"| {part} − {base} | {what} | " + " | ".join(f"{medians[m][part] - medians[m][base]:+.1f} ms | {cpus[m][part] - cpus[m][base]:+.1f} ms" for m in modes) + " |")
    print("\nIn-process steps (`LambdaInit full --probe`: Stopwatch from entering the SDK code to each step, medians of "
          f"{rounds * runs} runs, ms; not paired, so load shows here more than above):\n")
    order, values = [], {}
    for mode in modes:
        path = os.path.join(tmp, f"probe-{mode}.txt")
        if not os.path.exists(path): continue
        for line in open(path):
            if not line.startswith("probe "): continue
            for part in line.split()[1:]:
                k, v = part.split("=")
                if k not in order: order.append(k)
                values.setdefault(mode, {}).setdefault(k, []).append(float(v))
    print("| Step | " + " | ".join(names[m] for m in modes) + " |")
    print("|---|" + "---:|" * len(modes))
    for k in order:
        print(f"| {k} | " + " | ".join(f"{statistics.median(values[m][k]):.2f}" if k in values.get(m, {}) else "–" for m in modes) + " |")
PY
cat "$TMP/report.md"
if [ "$WRITE" -eq 1 ]; then cp "$TMP/report.md" "$RESULTS"; echo "wrote $RESULTS" >&2; fi

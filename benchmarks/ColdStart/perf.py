#!/usr/bin/env python3
"""Where a cold start's CPU time goes, from `perf record` samples (run.sh --perf calls it).

Input: <dir>/<mode>-<program>.<run>.data, one `perf record -F <hz> -g` per process. For each file, `perf report` gives the
sampled CPU time (the cpu-clock period, ns) per shared object and per thread; the report is the mean per program over its
runs, and the SDK programs minus HelloWorld in the same mode. libcoreclr.so ships without symbols, so the runtime is one
bucket (type loading, assembly binding, ReadyToRun fixups, stubs, GC); libclrjit.so is the JIT.

Usage: perf.py DIR "jit r2r aot" "hello create invocation full"
"""
import collections
import glob
import os
import statistics
import subprocess
import sys

BUCKETS = [
    ("JIT compiler (libclrjit)", lambda d: d == "libclrjit.so"),
    ("runtime (libcoreclr: type loads, binding, R2R fixups, stubs, GC)", lambda d: d == "libcoreclr.so"),
    ("kernel (page faults, mmap, threads, I/O)", lambda d: d.startswith("[kernel")),
    ("managed code (precompiled or JIT-compiled)", lambda d: d.endswith(".dll") or d.startswith("memfd:doublemapper") or d.startswith("[JIT]") or d == "LambdaInit" or d == "HelloWorld"),
    ("host, loader, libc", lambda d: True),
]


def report(path, key):
    out = subprocess.run(["perf", "report", "-i", path, "--no-children", "--sort", key, "--stdio", "-g", "none",
                          "-F", f"period,{key}", "-t", ";"], capture_output=True, text=True).stdout
    totals = collections.Counter()
    for line in out.splitlines():
        if line.startswith("#") or ";" not in line:
            continue
        period, name = line.split(";", 1)
        try:
            totals[name.strip()] += int(period.strip())
        except ValueError:
            continue
    return totals


def bucket(dso):
    for name, test in BUCKETS:
        if test(dso):
            return name
    return BUCKETS[-1][0]


def thread(comm):
    # Thread names are cut to 15 characters by the kernel; the main thread carries the program's name.
    if comm in ("LambdaInit", "HelloWorld", "dotnet"):
        return "main thread"
    return comm


def main():
    folder, modes, programs = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
    names = {"jit": "JIT", "r2r": "ReadyToRun", "aot": "Native AOT"}
    print("# Where the CPU time goes (perf samples)\n")
    print("Mean CPU ms per process over its runs (`perf record` cpu-clock samples; the profiler adds some overhead to every "
          "row alike). `create`, `invocation`, `full` are LambdaInit parts (see README); the last column is `full` minus "
          "HelloWorld.\n")
    for mode in modes:
        by_dso, by_thread, runs = {}, {}, {}
        for program in programs:
            files = sorted(glob.glob(os.path.join(folder, f"{mode}-{program}.*.data")))
            if not files:
                continue
            dso_runs, thread_runs = [], []
            for f in files:
                d = collections.Counter()
                for dso, ns in report(f, "dso").items():
                    d[bucket(dso)] += ns / 1e6
                dso_runs.append(d)
                t = collections.Counter()
                for comm, ns in report(f, "comm").items():
                    t[thread(comm)] += ns / 1e6
                thread_runs.append(t)
            runs[program] = len(files)
            by_dso[program] = {k: statistics.mean(r[k] for r in dso_runs) for k in set().union(*dso_runs)}
            by_thread[program] = {k: statistics.mean(r[k] for r in thread_runs) for k in set().union(*thread_runs)}
        if not by_dso:
            continue
        here = [p for p in programs if p in by_dso]
        diff = "full" in by_dso and "hello" in by_dso
        print(f"## {names.get(mode, mode)} ({', '.join(f'{p} {runs[p]} runs' for p in here)})\n")
        for title, table in (("Shared object", by_dso), ("Thread", by_thread)):
            keys = sorted(set().union(*(table[p].keys() for p in here)), key=lambda k: -table[here[-1]].get(k, 0))
            print(f"| {title} | " + " | ".join(here) + (" | full − hello |" if diff else " |"))
            print("|---|" + "---:|" * (len(here) + (1 if diff else 0)))
            for k in keys:
                cells = [f"{table[p].get(k, 0):.1f}" for p in here]
                if diff:
                    cells.append(f"{table['full'].get(k, 0) - table['hello'].get(k, 0):+.1f}")
                print(f"| {k} | " + " | ".join(cells) + " |")
            totals = [f"**{sum(table[p].values()):.1f}**" for p in here]
            if diff:
                totals.append(f"**{sum(table['full'].values()) - sum(table['hello'].values()):+.1f}**")
            print("| **total** | " + " | ".join(totals) + " |\n")


if __name__ == "__main__":
    main()

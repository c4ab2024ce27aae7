#!/usr/bin/env python3
"""Counts the methods a cold start JIT-compiles, per LambdaInit part and publish mode (run.sh --methods calls it).

Reads the runtime's own listing (DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary=1, one line per method compiled:
`JIT compiled Type:Method(args) [Tier0, IL size=…]`), one file per mode, part and run: <dir>/<mode>-<part>.<run>.txt
(`hello` is HelloWorld, the baseline). Of a part's runs the one with the median count is reported: an await that does not
complete synchronously compiles its async machinery, and that depends on thread timing. The count is load-independent
(unlike wall time on a shared machine): every method compiled at start is work a cold start pays for.

- first compiles: Tier0, Instrumented Tier0, FullOpts (and Tier-0 switched to FullOpts) — what the start pays for;
- rejits: Tier1 / OSR recompiles of hot methods on the background thread, timing-dependent, shown apart and never summed in.

Usage: methods.py DIR "jit r2r" "create invocation ..." [top]
"""
import collections
import glob
import os
import re
import sys

LINE = re.compile(r"JIT compiled (?P<name>.+?) \[(?P<tier>[^,\]]+)")


def owner(name):
    """Namespace of the method's declaring type (generic arguments, arity and nested types cut off)."""
    if name.startswith("(dynamicClass)"):
        return "(dynamic: reflection/expression stubs)"
    type_name = name.split(":", 1)[0]
    type_name = re.split(r"[`\[]", type_name, 1)[0].split("+", 1)[0]
    return type_name.rsplit(".", 1)[0] if "." in type_name else "(global)"


def kind(name):
    """Ours (MatCarv code), a generic instantiation made for us outside precompiled code, or other (runtime/framework)."""
    declaring = name.split(":", 1)[0]
    if declaring.startswith("MatCarv."):
        return "MatCarv code"
    if "[" in name.split("(", 1)[0]:
        return "generic instantiations (framework types)"
    return "framework/other non-generic"


def parse_median(folder, mode, part):
    runs = [parse(p) for p in sorted(glob.glob(os.path.join(folder, f"{mode}-{part}.*.txt")))]
    if not runs:
        return None
    runs.sort(key=lambda r: len(r[0]))
    return runs[(len(runs) - 1) // 2]


def parse(path):
    first, rejit = [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = LINE.search(line)
        if not m:
            continue
        tier = m.group("tier")
        (rejit if tier.startswith("Tier1") or "OSR" in tier else first).append(m.group("name"))
    return first, rejit


def main():
    folder, modes, parts = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    names = {"jit": "JIT", "r2r": "ReadyToRun"}
    print("# Methods JIT-compiled at cold start\n")
    print("First compiles (Tier0 / Instrumented Tier0 / FullOpts) per LambdaInit part; Tier1/OSR rejits in brackets (timing-"
          "dependent, not summed). `hello` is HelloWorld (the baseline), `binary` the SDK app's binary without touching the SDK. Lists: " + folder
          + "/<mode>-<part>.<run>.txt\n")
    for mode in modes:
        data = {p: parse_median(folder, mode, p) for p in parts}
        parts_here = [p for p in parts if data[p] is not None]
        if not parts_here:
            continue
        print(f"## {names.get(mode, mode)}\n")
        print("| | " + " | ".join(parts_here) + " |")
        print("|---|" + "---:|" * len(parts_here))
        print("| **total** | " + " | ".join(f"**{len(data[p][0])}** ({len(data[p][1])})" for p in parts_here) + " |")
        for k in ("MatCarv code", "generic instantiations (framework types)", "framework/other non-generic"):
            print(f"| {k} | " + " | ".join(str(sum(1 for n in data[p][0] if kind(n) == k)) for p in parts_here) + " |")
        # Namespaces ranked by the last part (the most complete start), then the rest summed.
        last = parts_here[-1]
        counts = {p: collections.Counter(owner(n) for n in data[p][0]) for p in parts_here}
        ranked = [ns for ns, _ in counts[last].most_common()]
        for p in parts_here:
            ranked += [ns for ns in counts[p] if ns not in ranked]
        for ns in ranked[:top]:
            print(f"| `{ns}` | " + " | ".join(str(counts[p][ns]) for p in parts_here) + " |")
        if len(ranked) > top:
            print(f"| other {len(ranked) - top} namespaces | " + " | ".join(
                str(sum(counts[p][ns] for ns in ranked[top:])) for p in parts_here) + " |")
        print()


if __name__ == "__main__":
    main()

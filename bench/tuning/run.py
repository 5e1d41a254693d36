#!/usr/bin/env python3
"""Tuning benchmark: `akg-host tune` against the default configuration.

For every kernel of the polyhedral suite: run `akg-host tune` with a fresh
database (budget N candidates, the default `evolution` strategy unless
--strategy says otherwise) and read its report.json. The tuner confirms its
finalists at the end of the run, side by side in the same process: the best
candidates and the default configuration are timed again against the original
with more interleaved pairs. Those confirmed ratios are what this prints —
tuned speedup over `cc -O3 -march=native`, the default configuration's, and
their ratio — with geomeans. Ratios measured in one run, never absolute times
from different runs.

Target (issue #6): at LARGE, 2 threads, budget 40, the tuned geomean is at
least 1.3x the default's and no kernel is slower than its default.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SUITE = ROOT / "bench" / "polyhedral"


def kernels(selected):
    files = sorted(f for f in SUITE.glob("*/*.c") if f.parent.name != "common")
    if selected:
        wanted = set(selected)
        files = [f for f in files if f.stem in wanted]
        missing = wanted - {f.stem for f in files}
        if missing:
            sys.exit(f"bench: unknown kernels: {', '.join(sorted(missing))}")
    return files


def host_binary(explicit):
    if explicit:
        return explicit
    build = ROOT / ".build" / "release"
    host = build / "akg-host"
    if not host.exists():
        print("bench: building the release host (swift build -c release)", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    return str(host)


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def fmt(value, suffix="x"):
    return f"{value:.2f}{suffix}" if value is not None else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="LARGE", help="dataset size: MINI, SMALL, MEDIUM, LARGE")
    parser.add_argument("--threads", type=int, default=2, help="OMP_NUM_THREADS for every run")
    parser.add_argument("--budget", type=int, default=40, help="candidates per kernel")
    parser.add_argument("--strategy", default="evolution", help="strategy plugin")
    parser.add_argument("--host", default=None, help="akg-host binary (default: the release build, built if missing)")
    parser.add_argument("--json", default=None, help="write every kernel's numbers to this JSON file")
    parser.add_argument("--work", default=None, help="keep each kernel's tune output here (default: a temporary directory)")
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all 30)")
    args = parser.parse_args()

    host = host_binary(args.host)
    work = Path(args.work or tempfile.mkdtemp(prefix="akg-bench-tune-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, AKG_HOME=str(work / "home"))
    rows = []
    files = kernels(args.kernels)
    print(f"tuning {len(files)} kernels at {args.size}, {args.threads} thread(s), budget {args.budget}, "
          f"strategy {args.strategy}; outputs in {work}", file=sys.stderr)
    for index, source in enumerate(files, 1):
        out = work / source.stem
        command = [host, "tune", str(source), "-I", str(SUITE / "common"), f"-D{args.size}_DATASET",
                   "--threads", str(args.threads), "--budget", str(args.budget), "--strategy", args.strategy,
                   "--fresh", "-o", str(out)]
        start = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        seconds = time.monotonic() - start
        row = {"kernel": source.stem, "seconds": seconds, "status": result.returncode}
        report = out / "report.json"
        if report.exists():
            data = json.loads(report.read_text())
            best = data.get("best") or {}
            row.update(tuned=best.get("speedup"), default=data.get("defaultSpeedup"),
                       candidate=best.get("candidateID"), measured=data.get("counts", {}).get("measured"),
                       stopped=data.get("stoppedBecause"))
        else:
            row["error"] = (result.stderr.strip().splitlines() or ["no report"])[-1]
        if row.get("tuned") and row.get("default"):
            row["gain"] = row["tuned"] / row["default"]
        rows.append(row)
        print(f"[{index}/{len(files)}] {source.stem}: tuned {fmt(row.get('tuned'))}, default {fmt(row.get('default'))}, "
              f"gain {fmt(row.get('gain'))} ({seconds:.0f} s)" + (f" — {row['error']}" if "error" in row else ""),
              file=sys.stderr)
        if args.json:
            Path(args.json).write_text(json.dumps({"size": args.size, "threads": args.threads, "budget": args.budget,
                                                   "strategy": args.strategy, "rows": rows}, indent=2))

    print(f"\n## Tuning at {args.size}, {args.threads} thread(s), budget {args.budget} ({args.strategy})\n")
    print("| kernel | default vs cc -O3 | tuned vs cc -O3 | tuned / default | best candidate | tuning time |")
    print("|---|---:|---:|---:|---|---:|")
    for row in rows:
        print(f"| {row['kernel']} | {fmt(row.get('default'))} | {fmt(row.get('tuned'))} | {fmt(row.get('gain'))} | "
              f"{row.get('candidate') or row.get('error', '—')} | {row['seconds']:.0f} s |")
    default_g = geomean([r.get("default") for r in rows])
    tuned_g = geomean([r.get("tuned") for r in rows])
    gain_g = geomean([r.get("gain") for r in rows])
    worse = [r["kernel"] for r in rows if r.get("gain") is not None and r["gain"] < 1.0]
    print(f"| **geomean** | {fmt(default_g)} | {fmt(tuned_g)} | {fmt(gain_g)} | | |")
    print()
    print(f"tuned geomean / default geomean: {fmt(tuned_g / default_g if tuned_g and default_g else None)} (target ≥ 1.30x)")
    print(f"kernels where tuned < default: {', '.join(worse) if worse else 'none'}")


if __name__ == "__main__":
    main()

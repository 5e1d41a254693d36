#!/usr/bin/env python3
"""Polyhedral suite benchmark: `akg-host opt` against the original code.

For every kernel and dataset size: run `akg-host opt` (its wall time is the
scheduling time reported), compile the original and the optimised file with
the same flags (`cc -O3 -march=native -fopenmp`), check both produce the same
outputs, then time them interleaved (original, optimised, original, ...) and
report the median of the per-pair speedups with its min-max spread, for each
thread count. Ratios measured side by side are what this prints; absolute
times on a shared machine mean little.

Output: a Markdown table per size on stdout, and JSON with every measurement
(--json FILE) for `compare`.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CFLAGS = ["-O3", "-march=native", "-fopenmp", "-std=gnu99", "-I", str(HERE / "common")]


def kernels(selected):
    files = sorted(HERE.glob("*/*.c"))
    files = [f for f in files if f.parent.name != "common"]
    if selected:
        wanted = set(selected)
        files = [f for f in files if f.stem in wanted]
        missing = wanted - {f.stem for f in files}
        if missing:
            sys.exit(f"bench: unknown kernels: {', '.join(sorted(missing))}")
    return files


def run(cmd, env=None, timeout=600):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


def timed_run(binary, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    result = run([str(binary)], env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{binary} exited {result.returncode}: {result.stderr[-500:]}")
    match = re.search(r"time:\s*([0-9.eE+-]+)", result.stderr)
    if not match:
        raise RuntimeError(f"{binary} printed no 'time:' line")
    return float(match.group(1))


def outputs_match(a, b):
    """Compare --dump outputs: exact for integers, relative 1e-6 for floats."""
    env = dict(os.environ, OMP_NUM_THREADS="2")
    ra, rb = run([str(a), "--dump"], env=env), run([str(b), "--dump"], env=env)
    la, lb = ra.stdout.split(), rb.stdout.split()
    if len(la) != len(lb):
        return False
    for x, y in zip(la, lb):
        if x == y:
            continue
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            return False
        if not math.isclose(fx, fy, rel_tol=1e-6, abs_tol=1e-9):
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="MEDIUM,LARGE", help="dataset sizes, e.g. MINI,SMALL,MEDIUM,LARGE")
    parser.add_argument("--threads", default="1,2", help="OMP_NUM_THREADS values to measure")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved original/optimised pairs per point")
    parser.add_argument("--host", default=None, help="akg-host binary (default: the release build, built if missing)")
    parser.add_argument("--json", default=None, help="write all measurements to this JSON file")
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all 30)")
    args = parser.parse_args()

    if args.host:
        host = Path(args.host)
    else:
        # Scheduling time is reported, so measure an optimised host.
        built = run(["swift", "build", "-c", "release", "--package-path", str(ROOT)], timeout=1800)
        if built.returncode != 0:
            sys.exit("bench: swift build -c release failed:\n" + built.stderr[-2000:])
        host = Path(run(["swift", "build", "-c", "release", "--package-path", str(ROOT), "--show-bin-path"],
                        timeout=120).stdout.strip()) / "akg-host"
    if not host.exists():
        sys.exit(f"bench: {host} not found; run scripts/setup first")
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    threads = [int(t) for t in args.threads.split(",")]
    work = Path(tempfile.mkdtemp(prefix="akg-bench-"))
    records = []

    for size in sizes:
        rows = []
        for source in kernels(args.kernels):
            name = source.stem
            define = f"-D{size}_DATASET"
            record = {"kernel": name, "size": size, "threads": {}}
            print(f"[{size}] {name} ...", file=sys.stderr, flush=True)
            optimised = work / f"{name}.{size}.opt.c"
            start = time.monotonic()
            result = run([str(host), "opt", str(source), define, "-I", str(HERE / "common"), "-o", str(optimised),
                          "--timings"])
            record["optWallSeconds"] = time.monotonic() - start
            # The host's own stage times: model + deps + schedule + ast is the
            # polyhedral compile-time cost (parse includes running cc -E).
            stages = dict(re.findall(r"timing:\s*(\w+)\s+([0-9.]+) s", result.stderr))
            record["stageSeconds"] = {k: float(v) for k, v in stages.items()}
            record["scheduleSeconds"] = sum(float(stages.get(k, 0)) for k in ("model", "deps", "schedule", "ast"))
            if result.returncode != 0:
                record["error"] = "opt failed: " + result.stderr.strip().splitlines()[-1] if result.stderr else "opt failed"
                records.append(record)
                rows.append(record)
                continue
            binaries = {}
            for label, path in (("original", source), ("akg", optimised)):
                binary = work / f"{name}.{size}.{label}"
                compiled = run(["cc", *CFLAGS, define, str(path), "-o", str(binary), "-lm"])
                if compiled.returncode != 0:
                    record["error"] = f"cc failed on {label}: {compiled.stderr[-300:]}"
                    break
                binaries[label] = binary
            if "error" in record:
                records.append(record)
                rows.append(record)
                continue
            record["verified"] = outputs_match(binaries["original"], binaries["akg"])
            for t in threads:
                timed_run(binaries["original"], t)  # warm-up: page cache, frequency
                pairs = []
                for _ in range(args.pairs):
                    base = timed_run(binaries["original"], t)
                    cand = timed_run(binaries["akg"], t)
                    pairs.append((base, cand))
                ratios = [b / c for b, c in pairs if c > 0]
                record["threads"][str(t)] = {
                    "originalSeconds": statistics.median(b for b, _ in pairs),
                    "akgSeconds": statistics.median(c for _, c in pairs),
                    "speedup": statistics.median(ratios),
                    "spread": [min(ratios), max(ratios)],
                }
            records.append(record)
            rows.append(record)
        print_table(size, rows, threads)

    if args.json:
        Path(args.json).write_text(json.dumps({"suite": "polyhedral", "records": records}, indent=2))


def print_table(size, rows, threads):
    header = ["kernel", "sched s", "opt wall s", "verified"]
    for t in threads:
        header += [f"orig {t}T s", f"akg {t}T s", f"speedup {t}T (min-max)"]
    print(f"\n### {size} dataset\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    speedups = {t: [] for t in threads}
    for r in rows:
        cells = [r["kernel"], f"{r.get('scheduleSeconds', 0):.3f}", f"{r.get('optWallSeconds', 0):.2f}"]
        if "error" in r:
            cells.append("error: " + r["error"].replace("|", "/")[:80])
            cells += [""] * (3 * len(threads))
        else:
            cells.append("yes" if r["verified"] else "**NO**")
            for t in threads:
                m = r["threads"][str(t)]
                cells += [f"{m['originalSeconds']:.4f}", f"{m['akgSeconds']:.4f}",
                          f"{m['speedup']:.2f}x ({m['spread'][0]:.2f}-{m['spread'][1]:.2f})"]
                if r["verified"]:
                    speedups[t].append(m["speedup"])
        print("| " + " | ".join(cells) + " |")
    geo = ["**geomean**", "", "", ""]
    for t in threads:
        values = speedups[t]
        g = math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")
        geo += ["", "", f"**{g:.2f}x** ({len(values)} kernels)"]
    print("| " + " | ".join(geo) + " |")


if __name__ == "__main__":
    main()

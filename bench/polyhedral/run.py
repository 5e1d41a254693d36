#!/usr/bin/env python3
"""Polyhedral suite benchmark: `akg-host opt` against the original code.

For every kernel and dataset size: run `akg-host opt` once per variant (the
default configuration, or `--preset NAME`; the host's own stage times are the
scheduling time reported), compile the original and each optimised file with
the same flags (`cc -O3 -march=native -fopenmp`), check each produces the
original's outputs, then time them interleaved (original, variant 1, variant 2,
..., original, ...) and report the median of the per-round speedups with its
min-max spread, for each thread count. Ratios measured side by side are what this prints; absolute
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
CHECK_FLAGS = ["-ffp-contract=off"]


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


# A run slower than this is stopped and counted as this long, so one
# pathological variant cannot hold the whole benchmark (its speedup is then
# an upper bound, marked with '<' in the table).
RUN_LIMIT_SECONDS = 120.0


def timed_run(binary, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    try:
        result = run([str(binary)], env=env, timeout=RUN_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        return RUN_LIMIT_SECONDS
    if result.returncode != 0:
        raise RuntimeError(f"{binary} exited {result.returncode}: {result.stderr[-500:]}")
    match = re.search(r"time:\s*([0-9.eE+-]+)", result.stderr)
    if not match:
        raise RuntimeError(f"{binary} printed no 'time:' line")
    return float(match.group(1))


def outputs_match(a, b):
    """Compare --dump outputs: exact for integers, relative 1e-6 for floats."""
    env = dict(os.environ, OMP_NUM_THREADS="2")
    try:
        ra = run([str(a), "--dump"], env=env, timeout=4 * RUN_LIMIT_SECONDS)
        rb = run([str(b), "--dump"], env=env, timeout=4 * RUN_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        return False
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
    global RUN_LIMIT_SECONDS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="MEDIUM,LARGE", help="dataset sizes, e.g. MINI,SMALL,MEDIUM,LARGE")
    parser.add_argument("--threads", default="1,2", help="OMP_NUM_THREADS values to measure")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved rounds (original, then each variant) per point")
    parser.add_argument("--variants", default="default",
                        help="akg variants to compare, comma-separated: default (no flags), a preset name (isl, pluto, feautrier), "
                             "or NAME=HOST: the default configuration of another akg-host build (before/after a change, interleaved)")
    parser.add_argument("--host", default=None, help="akg-host binary (default: the release build, built if missing)")
    parser.add_argument("--json", default=None, help="write all measurements to this JSON file")
    parser.add_argument("--run-limit", type=float, default=RUN_LIMIT_SECONDS,
                        help="seconds after which one run is stopped and counted as that long")
    parser.add_argument("kernels", nargs="*", help="kernel names (default: all 30)")
    args = parser.parse_args()
    RUN_LIMIT_SECONDS = args.run_limit

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

    variants = []
    for variant in (v.strip() for v in args.variants.split(",") if v.strip()):
        if "=" in variant:
            label, other = variant.split("=", 1)
            if not Path(other).exists():
                sys.exit(f"bench: variant {variant}: no akg-host at {other}")
            OTHER_HOSTS[label] = Path(other)
            variant = label
        variants.append(variant)
    for size in sizes:
        rows = []
        for source in kernels(args.kernels):
            rows.append(measure(source, size, variants, threads, args.pairs, host, work))
            records.append(rows[-1])
            # Long runs (LARGE) keep what they measured even if stopped.
            if args.json:
                Path(args.json).write_text(json.dumps({"suite": "polyhedral", "records": records}, indent=2))
        print_table(size, rows, threads, variants)

    if args.json:
        Path(args.json).write_text(json.dumps({"suite": "polyhedral", "records": records}, indent=2))


# Variants given as NAME=HOST: the akg-host build each NAME runs.
OTHER_HOSTS = {}


def variant_host_and_arguments(variant, host):
    """The akg-host binary and `opt` arguments of a variant: `default`, a
    preset name, or a NAME given as NAME=HOST (that build's default configuration)."""
    if variant in OTHER_HOSTS:
        return OTHER_HOSTS[variant], []
    return host, ([] if variant == "default" else ["--preset", variant])


def measure(source, size, variants, threads, pairs, host, work):
    name = source.stem
    define = f"-D{size}_DATASET"
    record = {"kernel": name, "size": size, "variants": {}, "threads": {}}
    print(f"[{size}] {name} ...", file=sys.stderr, flush=True)
    binaries = {}
    original = work / f"{name}.{size}.original"
    # Outputs are compared between builds without FMA contraction: with it,
    # two builds of one source may round differently (VERIFIER.md), which
    # matters on ill-conditioned outputs such as gramschmidt's.
    original_check = work / f"{name}.{size}.original-check"
    for target, extra in ((original, []), (original_check, CHECK_FLAGS)):
        compiled = run(["cc", *CFLAGS, *extra, define, str(source), "-o", str(target), "-lm"])
        if compiled.returncode != 0:
            record["error"] = f"cc failed on the original: {compiled.stderr[-300:]}"
            return record
    for variant in variants:
        info = {}
        record["variants"][variant] = info
        optimised = work / f"{name}.{size}.{variant}.c"
        start = time.monotonic()
        variant_host, arguments = variant_host_and_arguments(variant, host)
        result = run([str(variant_host), "opt", str(source), define, "-I", str(HERE / "common"), "-o", str(optimised),
                      "--timings", *arguments])
        info["optWallSeconds"] = time.monotonic() - start
        # The host's own stage times: model + deps + schedule + ast is the
        # polyhedral compile-time cost (parse includes running cc -E).
        stages = dict(re.findall(r"timing:\s*(\w+)\s+([0-9.]+) s", result.stderr))
        info["stageSeconds"] = {k: float(v) for k, v in stages.items()}
        info["scheduleSeconds"] = sum(float(stages.get(k, 0)) for k in ("model", "deps", "schedule", "ast"))
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()
            info["error"] = "opt failed: " + (lines[-1] if lines else "")
            continue
        binary = work / f"{name}.{size}.{variant}"
        check = work / f"{name}.{size}.{variant}-check"
        failed = None
        for target, extra in ((binary, []), (check, CHECK_FLAGS)):
            compiled = run(["cc", *CFLAGS, *extra, define, str(optimised), "-o", str(target), "-lm"])
            if compiled.returncode != 0:
                failed = f"cc failed: {compiled.stderr[-300:]}"
        if failed:
            info["error"] = failed
            continue
        info["verified"] = outputs_match(original_check, check)
        if info["verified"]:
            binaries[variant] = binary
    for t in threads:
        timed_run(original, t)  # warm-up: page cache, frequency
        for binary in binaries.values():
            timed_run(binary, t)
        rounds = []
        for _ in range(pairs):
            # Interleaved: the original, then every variant, in each round.
            base = timed_run(original, t)
            rounds.append((base, {v: timed_run(b, t) for v, b in binaries.items()}))
        entry = {"originalSeconds": statistics.median(b for b, _ in rounds)}
        for variant in binaries:
            ratios = [b / r[variant] for b, r in rounds if r[variant] > 0]
            entry[variant] = {"seconds": statistics.median(r[variant] for _, r in rounds),
                              "speedup": statistics.median(ratios), "spread": [min(ratios), max(ratios)],
                              "hitRunLimit": any(r[variant] >= RUN_LIMIT_SECONDS for _, r in rounds)}
        record["threads"][str(t)] = entry
    return record


def print_table(size, rows, threads, variants):
    header = ["kernel", "sched s (" + "/".join(variants) + ")", "verified"]
    for t in threads:
        header += [f"orig {t}T s"] + [f"{v} {t}T" for v in variants]
    print(f"\n### {size} dataset\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    speedups = {(t, v): [] for t in threads for v in variants}
    for r in rows:
        info = r.get("variants", {})
        cells = [r["kernel"], "/".join(f"{info.get(v, {}).get('scheduleSeconds', 0):.2f}" for v in variants)]
        if "error" in r:
            cells.append("error: " + r["error"].replace("|", "/")[:80])
            cells += [""] * ((1 + len(variants)) * len(threads))
            print("| " + " | ".join(cells) + " |")
            continue
        verdicts = []
        for v in variants:
            vi = info.get(v, {})
            verdicts.append("err" if "error" in vi else ("yes" if vi.get("verified") else "**NO**"))
        cells.append("/".join(verdicts))
        for t in threads:
            m = r["threads"][str(t)]
            cells.append(f"{m['originalSeconds']:.3f}")
            for v in variants:
                if v in m:
                    bound = "<" if m[v].get("hitRunLimit") else ""
                    cells.append(f"{bound}{m[v]['speedup']:.2f}x ({m[v]['spread'][0]:.2f}-{m[v]['spread'][1]:.2f})")
                    speedups[(t, v)].append(m[v]["speedup"])
                else:
                    cells.append("—")
        print("| " + " | ".join(cells) + " |")
    geo = ["**geomean**", "", ""]
    for t in threads:
        geo.append("")
        for v in variants:
            values = speedups[(t, v)]
            g = math.exp(sum(math.log(x) for x in values) / len(values)) if values else float("nan")
            geo.append(f"**{g:.2f}x** ({len(values)})")
    print("| " + " | ".join(geo) + " |")


if __name__ == "__main__":
    main()

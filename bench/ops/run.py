#!/usr/bin/env python3
"""Operator suite benchmark: akg against cc -O3, OpenBLAS, NumPy and PyTorch.

    bench/run ops [--threads 1,2] [--budget N] [--rounds R] [-D MACRO[=VALUE]] [--json FILE] [--svg FILE] [op...]

For every operator (bench/ops/operators.py) this
1. runs `akg-host gen` (akg's default configuration; the verifier must accept
   it) and, with --budget N > 0, `akg-host tune --budget N` in its own
   AKG_HOME (a fresh tuning database), tuned at the largest thread count;
2. builds one driver (driver.py) holding the original (`cc -O3 -march=native
   -fopenmp`), akg's default kernel, akg's tuned kernel and, for the matmul
   family, the OpenBLAS call, each in its own object file, and times them
   interleaved in one process for each thread count;
3. times NumPy and PyTorch eager (when torch is installed) in a child process
   right after, at the same thread count and on the same shapes.

A kernel the verifier refused is never timed: its row says why. Speedups are
medians of the per-round ratios measured in one process; the eager baselines
are medians from their own process (same run, same machine state as far as a
shared machine allows). Machine peak: fp32 FMA peak (common/peak.c, vector
width from the CPU backend's capabilities) and triad bandwidth
(common/stream.c), measured at each thread count at the start.
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
sys.path.insert(0, str(HERE))

from driver import VARIANTS, SYMBOLS, driver_source, parse_signature  # noqa: E402
from operators import OPERATORS  # noqa: E402
import report  # noqa: E402

CFLAGS = ["-O3", "-march=native", "-fopenmp", "-std=gnu99", "-w"]


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def host_binary(explicit):
    if explicit:
        return explicit
    host = ROOT / ".build" / "release" / "akg-host"
    if not host.exists():
        print("bench: building the release host (swift build -c release)", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    return str(host)


def eager_python():
    """The project venv's interpreter (scripts/setup puts NumPy there), else this one."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def measure_peaks(host, threads, work):
    """fp32 FMA GFLOP/s and triad GB/s at each thread count."""
    lanes = 8
    listed = run([host, "plugins", "--json"])
    try:
        for plugin in json.loads(listed.stdout)["plugins"]:
            capabilities = plugin.get("capabilities") or {}
            if capabilities.get("backend") == "cpu":
                lanes = capabilities["vector"]["lanes"]["f32"]
    except (ValueError, KeyError):
        print("bench: could not read the CPU backend's vector width; assuming 8 f32 lanes", file=sys.stderr)
    peaks = {"lanes": lanes, "gflops": {}, "gbps": {}}
    for name, extra in (("peak", [f"-DLANES={lanes}"]), ("stream", [])):
        built = run(["cc", *CFLAGS, *extra, str(HERE / "common" / f"{name}.c"), "-o", str(work / name)])
        if built.returncode != 0:
            sys.exit(f"bench: cannot build common/{name}.c:\n{built.stderr}")
    for t in threads:
        env = dict(os.environ, OMP_NUM_THREADS=str(t))
        peaks["gflops"][str(t)] = float(run([str(work / "peak")], env=env).stdout.split()[-1])
        peaks["gbps"][str(t)] = float(run([str(work / "stream")], env=env).stdout.split()[-1])
    return peaks


def shape_parameters(source, signature, flags, work):
    """The integer parameters the driver passes (the size macros' values).

    gen and tune get them as --param: left alone, akg-host verifies and times
    at the largest point its own search finds, which for coupled extents
    (conv2d's ih - KH + 1) can be a degenerate one where a loop is empty."""
    probe = work / "probe"
    probe.mkdir(parents=True, exist_ok=True)
    obj = probe / "original.o"
    built = run(["cc", *CFLAGS, *flags, f"-D{signature.function}={SYMBOLS['original']}", "-c", str(source), "-o", str(obj)])
    if built.returncode != 0:
        return {}
    (probe / "driver.c").write_text(driver_source(signature, ["original"]))
    built = run(["cc", *CFLAGS, *flags, str(probe / "driver.c"), str(obj), "-o", str(probe / "driver"), "-lm"])
    if built.returncode != 0:
        return {}
    try:
        params, _, _, _, _ = run_driver(probe / "driver", 1, 1, 0.0)
    except RuntimeError:
        return {}
    return params


def akg_kernels(op, source, kernel, host, flags, budget, tune_time, threads, work, params=None):
    """Runs gen and tune; returns {variant: {"file", "verified", "note", ...}}."""
    out = {}
    gen_dir = work / "gen"
    # Verify and time at the benchmark's shape, not at a point akg-host picks.
    flags = list(flags) + [f"--param={name}={value}" for name, value in sorted((params or {}).items())]
    start = time.monotonic()
    gen = run([host, "gen", str(source), *flags, "-o", str(gen_dir), "--pairs", "0", "--threads", str(threads)])
    note = last_line(gen.stdout) if gen.returncode == 0 else f"gen exited {gen.returncode}: " + last_line(gen.stdout + gen.stderr)
    out["akg-default"] = {"verified": gen.returncode == 0 and "verified" in gen.stdout, "status": gen.returncode,
                          "note": note, "file": str(gen_dir / "kernel.c"),
                          "seconds": time.monotonic() - start}
    if budget > 0:
        tune_dir = work / "tune"
        env = dict(os.environ, AKG_HOME=str(work / "akg-home"))
        command = [host, "tune", str(source), *flags, "--budget", str(budget), "--threads", str(threads),
                   "--fresh", "-o", str(tune_dir)]
        if tune_time:
            command += ["--time", tune_time]
        start = time.monotonic()
        tune = run(command, env=env)
        info = {"verified": tune.returncode == 0, "status": tune.returncode,
                "note": f"tune exited {tune.returncode}: " + last_line(tune.stderr) if tune.returncode
                else last_line(tune.stdout),
                "file": str(tune_dir / f"{kernel}.c"), "seconds": time.monotonic() - start}
        report_file = tune_dir / "report.json"
        if report_file.exists():
            data = json.loads(report_file.read_text())
            best = data.get("best") or {}
            info.update(candidate=best.get("candidateID"), tunerSpeedup=best.get("speedup"),
                        measured=(data.get("counts") or {}).get("measured"), stopped=data.get("stoppedBecause"))
        info["verified"] = info["verified"] and Path(info["file"]).exists()
        out["akg-tuned"] = info
    else:
        out["akg-tuned"] = {"verified": False, "note": "skipped: --budget 0"}
    return out


def build_driver(op, source, signature, flags, akg, work):
    """Compiles every verified variant and the driver; returns (binary, variants, notes)."""
    variants, objects, notes = [], [], {}
    for variant in VARIANTS:
        if variant == "original":
            file = source
        elif variant == "openblas":
            if not op.blas:
                continue
            variants.append(variant)
            continue
        else:
            info = akg[variant]
            if not info["verified"]:
                notes[variant] = "not timed: " + (info.get("note") or "refused")
                continue
            file = Path(info["file"])
        obj = work / f"{variant}.o"
        built = run(["cc", *CFLAGS, *flags, f"-D{signature.function}={SYMBOLS[variant]}", "-c", str(file), "-o", str(obj)])
        if built.returncode != 0:
            notes[variant] = "not timed: cc failed: " + last_line(built.stderr)
            continue
        variants.append(variant)
        objects.append(str(obj))
    driver = work / "driver.c"
    driver.write_text(driver_source(signature, variants, op.blas))
    binary = work / "driver"
    libraries = ["-lopenblas"] if "openblas" in variants else []
    built = run(["cc", *CFLAGS, *flags, "-I", "/usr/include/x86_64-linux-gnu/openblas-pthread", str(driver), *objects,
                 "-o", str(binary), *libraries, "-lm"])
    if built.returncode != 0:
        raise RuntimeError("driver build failed: " + built.stderr[-800:])
    return binary, variants, notes


def run_driver(binary, threads, rounds, pause):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    result = run([str(binary), str(rounds), str(pause)], env=env, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"driver exited {result.returncode}: {result.stderr[-500:]}")
    params, scalars, arrays, checks, times = {}, {}, {}, {}, {}
    for line in result.stdout.splitlines():
        words = line.split()
        if words[0] == "param":
            params[words[1]] = int(words[2])
        elif words[0] == "scalar":
            scalars[words[1]] = float(words[2])
        elif words[0] == "array":
            arrays[words[1]] = [int(w) for w in words[2:]]
        elif words[0] == "check":
            checks[words[1]] = {"ok": words[2] == "ok", "worst": float(words[3])}
        elif words[0] == "time":
            times.setdefault(words[1], []).append(float(words[3]))
    return params, scalars, arrays, checks, times


def run_eager(op, arrays, scalars, threads, rounds):
    spec = {"threads": threads, "rounds": rounds, "arrays": arrays, "scalars": scalars,
            "numpy": op.numpy, "torch": op.torch}
    result = run([eager_python(), str(HERE / "eager.py"), json.dumps(spec)], timeout=1800)
    if result.returncode != 0:
        reason = "failed: " + last_line(result.stderr)
        return {"numpy": reason, "torch": reason}
    return json.loads(result.stdout)


def measure(op, host, threads, budget, tune_time, rounds, work, defines=()):
    source = HERE / op.path
    signature = parse_signature(source.read_text())
    flags = list(op.defines) + [f"-D{macro.removeprefix('-D')}" for macro in defines]
    record = {"op": op.name, "level": op.level, "bound": op.bound, "file": op.path, "defines": flags, "threads": {}}
    params = shape_parameters(source, signature, flags, work)
    akg = akg_kernels(op, source, signature.function, host, flags, budget, tune_time, max(threads), work, params)
    record["akg"] = akg
    binary, variants, notes = build_driver(op, source, signature, flags, akg, work)
    record["notes"] = notes
    for t in threads:
        # OpenBLAS's idle threads spin for a while after a call; a pause keeps
        # them from stealing the next variant's core.
        pause = 0.05 if "openblas" in variants and t > 1 else 0.0
        params, scalars, arrays, checks, times = run_driver(binary, t, rounds, pause)
        record["params"], record["arrays"] = params, arrays
        record["flops"], record["bytes"] = op.flops(params), op.bytes(params)
        entry = {"checks": checks, "seconds": {}, "speedup": {}, "spread": {}}
        base = times["original"]
        for variant, values in times.items():
            if variant != "original" and not checks[variant]["ok"]:
                entry.setdefault("mismatch", []).append(variant)
                continue
            entry["seconds"][variant] = statistics.median(values)
            ratios = [b / v for b, v in zip(base, values) if v > 0]
            entry["speedup"][variant] = statistics.median(ratios)
            entry["spread"][variant] = [min(ratios), max(ratios)]
        eager = run_eager(op, arrays, scalars, t, rounds)
        for name in ("numpy", "torch"):
            value = eager.get(name)
            if isinstance(value, (int, float)):
                entry["seconds"][name] = value
            else:
                entry.setdefault("skipped", {})[name] = value or "skipped"
        if "torchVersion" in eager:
            record["torchVersion"] = eager["torchVersion"]
        record["threads"][str(t)] = entry
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", default="1,2", help="thread counts to measure (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS)")
    parser.add_argument("--budget", type=int, default=8, help="akg-host tune candidates per operator (0: no tuning)")
    parser.add_argument("--tune-time", default=None, help="also stop each tune after this long, e.g. 90s")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds per thread count")
    parser.add_argument("--host", default=None, help="akg-host binary (default: the release build, built if missing)")
    parser.add_argument("--json", default=None, help="write every measurement to this JSON file")
    parser.add_argument("--svg", default=None, help="write a bar chart of the speedups to this SVG file")
    parser.add_argument("--work", default=None, help="keep drivers and akg outputs here (default: a temporary directory)")
    parser.add_argument("-D", "--define", action="append", default=[], metavar="MACRO[=VALUE]",
                        help="a size macro for every operator, after its own (e.g. -D MINI_DATASET for a quick "
                             "check, -D ROWS=1024); passed to cc and akg-host alike")
    parser.add_argument("ops", nargs="*", help="operator names (default: all); see bench/ops/README.md")
    args = parser.parse_args()

    operators = OPERATORS
    if args.ops:
        known = {op.name for op in OPERATORS}
        unknown = [name for name in args.ops if name not in known]
        if unknown:
            sys.exit(f"bench: unknown operators: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        operators = [op for op in OPERATORS if op.name in args.ops]
    threads = [int(t) for t in args.threads.split(",") if t.strip()]
    host = host_binary(args.host)
    work = Path(args.work or tempfile.mkdtemp(prefix="akg-bench-ops-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"bench ops: {len(operators)} operators, threads {threads}, budget {args.budget}, work in {work}",
          file=sys.stderr)
    peaks = measure_peaks(host, threads, work)
    print(f"machine: fp32 FMA peak {peaks['gflops']} GFLOP/s, triad {peaks['gbps']} GB/s ({peaks['lanes']} f32 lanes)",
          file=sys.stderr)
    document = {"suite": "ops", "threads": threads, "budget": args.budget, "rounds": args.rounds, "peaks": peaks,
                "defines": args.define, "records": []}
    for index, op in enumerate(operators, 1):
        start = time.monotonic()
        op_work = work / op.name
        op_work.mkdir(exist_ok=True)
        try:
            record = measure(op, host, threads, args.budget, args.tune_time, args.rounds, op_work, args.define)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
            record = {"op": op.name, "level": op.level, "bound": op.bound, "file": op.path, "error": str(error)}
        record["wallSeconds"] = time.monotonic() - start
        document["records"].append(record)
        print(f"[{index}/{len(operators)}] {report.progress_line(record)} ({record['wallSeconds']:.0f} s)", file=sys.stderr)
        if args.json:  # a long run keeps what it measured if stopped
            Path(args.json).write_text(json.dumps(document, indent=1))
    print(report.markdown(document))
    if args.json:
        Path(args.json).write_text(json.dumps(document, indent=1))
    if args.svg:
        Path(args.svg).write_text(report.svg(document))


if __name__ == "__main__":
    main()

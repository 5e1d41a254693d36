"""Tables, targets and the SVG chart of an operator-suite run (run.py's JSON)."""
import json
import math
import sys
from pathlib import Path

# The targets (#7).
GEMM_VS_BLAS = 0.50
BANDWIDTH_SHARE = 0.70
OVER_TORCH = 1.46
ELEMENTWISE_AND_REDUCTIONS = ["relu", "gelu", "silu", "tanh", "row_sum", "row_max", "row_mean"]
BASELINES = [("akg-default", "akg default"), ("akg-tuned", "akg tuned"), ("openblas", "OpenBLAS"),
             ("numpy", "NumPy"), ("torch", "PyTorch")]


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def ms(seconds):
    return f"{seconds * 1e3:.2f}" if isinstance(seconds, (int, float)) else "—"


def ratio(value):
    return f"{value:.2f}x" if value else "—"


def tuned_or_default(entry):
    """The variant the rate columns describe: tuned akg, else the default kernel."""
    for variant in ("akg-tuned", "akg-default"):
        if variant in entry["seconds"]:
            return variant
    return None


def over(entry, baseline, variant="akg-tuned"):
    """How many times faster `variant` ran than `baseline` (cross-process for the eager baselines)."""
    seconds = entry["seconds"]
    if baseline in seconds and variant in seconds and seconds[variant] > 0:
        return seconds[baseline] / seconds[variant]
    return None


def rate(record, entry, peaks, threads):
    """(GFLOP/s, GB/s, share of the relevant peak) of the tuned (else default) akg kernel."""
    variant = tuned_or_default(entry)
    if not variant:
        return None, None, None, None
    seconds = entry["seconds"][variant]
    gflops, gbps = record["flops"] / seconds * 1e-9, record["bytes"] / seconds * 1e-9
    if record["bound"] == "compute":
        share = gflops / peaks["gflops"][str(threads)]
    else:
        share = gbps / peaks["gbps"][str(threads)]
    return gflops, gbps, share, variant


def shape(record):
    return " ".join(f"{k}={v}" for k, v in record.get("params", {}).items())


def verdict(record):
    parts = []
    for variant, label in (("akg-default", "default"), ("akg-tuned", "tuned")):
        info = record.get("akg", {}).get(variant, {})
        if info.get("verified"):
            parts.append(f"{label} yes")
        elif str(info.get("note", "")).startswith("skipped"):
            parts.append(f"{label} skipped")
        else:
            parts.append(f"{label} **NO**")
    mismatched = sorted({v for e in record.get("threads", {}).values() for v in e.get("mismatch", [])})
    if mismatched:
        parts.append("driver check failed: " + ", ".join(mismatched))
    return "; ".join(parts)


def progress_line(record):
    if "error" in record:
        return f"{record['op']}: error: {record['error'][:200]}"
    cells = []
    for t, entry in record["threads"].items():
        cells.append(f"{t}T default {ratio(entry['speedup'].get('akg-default'))} tuned {ratio(entry['speedup'].get('akg-tuned'))}"
                     f" vs torch {ratio(over(entry, 'torch'))}")
    return f"{record['op']}: " + ", ".join(cells) + f" [{verdict(record)}]"


def markdown(document):
    peaks = document["peaks"]
    sizes = "".join(f", -D{macro}" for macro in document.get("defines") or [])
    out = [f"## Operator suite (budget {document['budget']}, {document['rounds']} interleaved rounds{sizes})", "",
           "machine: " + ", ".join(f"{t}T: fp32 FMA peak {peaks['gflops'][str(t)]:.1f} GFLOP/s, triad {peaks['gbps'][str(t)]:.1f} GB/s"
                                   for t in document["threads"]), ""]
    records = document["records"]
    for level, title in ((1, "Level 1 operators"), (2, "Level 2 fusions")):
        rows = [r for r in records if r["level"] == level]
        if not rows:
            continue
        out += [f"### {title}", "",
                "| operator | shape | T | original ms | OpenBLAS ms | NumPy ms | PyTorch ms | akg default | akg tuned "
                "| tuned vs PyTorch | GFLOP/s | GB/s | % peak | verified |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            if "error" in r:
                out.append(f"| {r['op']} | | | error: {r['error'][:100].replace('|', '/')} |" + " |" * 10)
                continue
            for t in document["threads"]:
                e = r["threads"][str(t)]
                s, sp = e["seconds"], e["speedup"]
                gflops, gbps, share, variant = rate(r, e, peaks, t)
                peak_cell = "—" if share is None else f"{100 * share:.0f}% {'FMA' if r['bound'] == 'compute' else 'bw'}"
                if variant == "akg-default":
                    peak_cell += " (default)"
                torch_cell = ms(s.get("torch")) if "torch" in s else e.get("skipped", {}).get("torch", "—")
                out.append(f"| {r['op']} | {shape(r)} | {t} | {ms(s.get('original'))} | {ms(s.get('openblas'))} | "
                           f"{ms(s.get('numpy'))} | {torch_cell} | {ratio(sp.get('akg-default'))} | "
                           f"{ratio(sp.get('akg-tuned'))} | {ratio(over(e, 'torch'))} | "
                           f"{'—' if gflops is None else f'{gflops:.1f}'} | {'—' if gbps is None else f'{gbps:.1f}'} | "
                           f"{peak_cell} | {verdict(r)} |")
        for t in document["threads"]:
            entries = [r["threads"][str(t)] for r in rows if "error" not in r]
            cells = [f"default {ratio(geomean([e['speedup'].get('akg-default') for e in entries]))}",
                     f"tuned {ratio(geomean([e['speedup'].get('akg-tuned') for e in entries]))} over the original",
                     f"tuned over NumPy {ratio(geomean([over(e, 'numpy') for e in entries]))}",
                     f"tuned over PyTorch {ratio(geomean([over(e, 'torch') for e in entries]))}"
                     f" ({sum(1 for e in entries if over(e, 'torch'))} operators)"]
            out.append(f"\n**geomean, {t} thread(s):** " + ", ".join(cells))
        out.append("")
    out += targets(document)
    notes = [(r["op"], v, n) for r in records for v, n in r.get("notes", {}).items()]
    if notes:
        out += ["", "Not timed:"] + [f"- {op} {variant}: {note}" for op, variant, note in notes]
    return "\n".join(out)


def targets(document):
    """The issue's target lines with what this run measured."""
    records = {r["op"]: r for r in document["records"] if "error" not in r}
    peaks = document["peaks"]
    out = ["### Targets (issue #7)", ""]
    for name in ("sgemm", "sgemm-2048"):
        for t in document["threads"]:
            r = records.get(name)
            e = r["threads"][str(t)] if r else None
            value = over(e, "openblas") if e else None
            if value is None:
                out.append(f"- {name} {t}T: tuned akg vs OpenBLAS: not measured (target ≥ {GEMM_VS_BLAS:.0%})")
                continue
            status = "met" if value >= GEMM_VS_BLAS else "NOT met"
            out.append(f"- {name} {t}T: tuned akg reaches {value:.0%} of OpenBLAS (target ≥ {GEMM_VS_BLAS:.0%}): {status}")
    for t in document["threads"]:
        shares = []
        for name in ELEMENTWISE_AND_REDUCTIONS:
            if name in records:
                _, _, share, _ = rate(records[name], records[name]["threads"][str(t)], peaks, t)
                if share is not None:
                    shares.append((name, share))
        if shares:
            met = [n for n, s in shares if s >= BANDWIDTH_SHARE]
            listed = ", ".join(f"{n} {100 * s:.0f}%" for n, s in shares)
            out.append(f"- elementwise/reductions {t}T, share of triad bandwidth (target ≥ {BANDWIDTH_SHARE:.0%}): {listed} "
                       f"— {len(met)}/{len(shares)} met")
    for t in document["threads"]:
        entries = [r["threads"][str(t)] for r in records.values() if r["level"] == 1]
        value = geomean([over(e, "torch") for e in entries])
        counted = sum(1 for e in entries if over(e, "torch"))
        if value is None:
            out.append(f"- level-1 geomean over PyTorch eager {t}T: not measured: no operator has both a tuned akg and a PyTorch time (target ≥ {OVER_TORCH}x)")
        else:
            status = "met" if value >= OVER_TORCH else "NOT met"
            out.append(f"- level-1 geomean of tuned akg over PyTorch eager {t}T: {value:.2f}x over {counted} operators "
                       f"(target ≥ {OVER_TORCH}x): {status}")
        entries2 = [r["threads"][str(t)] for r in records.values() if r["level"] == 2]
        value2 = geomean([over(e, "torch") for e in entries2])
        if value2:
            out.append(f"- level-2 fusions geomean over PyTorch eager {t}T (reported separately): {value2:.2f}x")
    return out


def svg(document):
    """Horizontal bars, log scale: every baseline's speedup over the original, per operator, at each thread count."""
    colors = {"akg-default": "#7fa7d9", "akg-tuned": "#1f4e9c", "openblas": "#d98c1f", "numpy": "#5aa05a",
              "torch": "#c0392b"}
    records = [r for r in document["records"] if "error" not in r]
    bar, gap, label_width, plot_width = 7, 8, 170, 560
    values = [r["threads"][str(t)]["seconds"]["original"] / s
              for r in records for t in document["threads"]
              for k, s in r["threads"][str(t)]["seconds"].items() if k != "original" and s > 0]
    low = min([0.25] + values)
    high = max([4.0] + values)
    lo, hi = math.floor(math.log2(low)), math.ceil(math.log2(high))

    def x(value):
        return label_width + (math.log2(value) - lo) / (hi - lo) * plot_width

    parts, y = [], 40
    for t in document["threads"]:
        parts.append(f'<text x="10" y="{y}" font-size="14" font-weight="bold">{t} thread(s): speedup over cc -O3 (log scale)</text>')
        y += 12
        top = y
        for r in records:
            e = r["threads"][str(t)]
            present = [k for k, _ in BASELINES if k in e["seconds"]]
            group = max(1, len(present)) * bar
            parts.append(f'<text x="{label_width - 6}" y="{y + group / 2 + 4}" font-size="11" text-anchor="end">{r["op"]}</text>')
            for k in present:
                value = e["seconds"]["original"] / e["seconds"][k]
                parts.append(f'<rect x="{x(min(value, 1.0)):.1f}" y="{y}" width="{abs(x(value) - x(1.0)):.1f}" '
                             f'height="{bar - 1}" fill="{colors[k]}"><title>{r["op"]} {k}: {value:.2f}x</title></rect>')
                y += bar
            y += gap
        for e2 in range(lo, hi + 1):
            parts.append(f'<line x1="{x(2 ** e2):.1f}" y1="{top}" x2="{x(2 ** e2):.1f}" y2="{y}" stroke="#ccc" '
                         f'stroke-width="{1.5 if e2 == 0 else 0.5}"/>')
            parts.append(f'<text x="{x(2 ** e2):.1f}" y="{y + 12}" font-size="10" text-anchor="middle">{2 ** e2:g}x</text>')
        y += 40
    legend = "".join(f'<rect x="{label_width + i * 110}" y="10" width="10" height="10" fill="{colors[k]}"/>'
                     f'<text x="{label_width + i * 110 + 14}" y="19" font-size="11">{name}</text>'
                     for i, (k, name) in enumerate(BASELINES))
    width = label_width + plot_width + 30
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" font-family="sans-serif">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n{legend}\n' + "\n".join(parts) + "\n</svg>\n")


if __name__ == "__main__":
    # bench/run ops-table RUN.json: the tables of a saved (possibly partial) run.
    print(markdown(json.loads(Path(sys.argv[1]).read_text())))

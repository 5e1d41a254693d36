#!/usr/bin/env python3
"""Compare two benchmark JSON files (from `bench/run polyhedral --json`), or
print the table of one.

  compare.py table RUN.json            the Markdown table of a (possibly partial) run
  compare.py OLD.json NEW.json         per kernel, variant and thread count: old and
                                       new speedup over the original, and new/old
"""
import json
import math
import sys

from run import print_table


def load(path):
    with open(path) as f:
        return json.load(f)["records"]


def table(path):
    records = load(path)
    sizes = sorted({r["size"] for r in records}, key=[r["size"] for r in records].index)
    for size in sizes:
        rows = [r for r in records if r["size"] == size]
        variants = list(dict.fromkeys(v for r in rows for v in r.get("variants", {})))
        threads = sorted({int(t) for r in rows for t in r.get("threads", {})})
        print_table(size, rows, threads, variants)


def compare(old_path, new_path):
    old = {(r["kernel"], r["size"]): r for r in load(old_path)}
    print("| kernel | size | variant | threads | old speedup | new speedup | new/old |")
    print("|---|---|---|---|---|---|---|")
    ratios = []
    for r in load(new_path):
        before = old.get((r["kernel"], r["size"]))
        if not before:
            continue
        for t, entry in r.get("threads", {}).items():
            for variant, m in entry.items():
                if not isinstance(m, dict):
                    continue
                b = before.get("threads", {}).get(t, {}).get(variant)
                if not b:
                    continue
                ratio = m["speedup"] / b["speedup"]
                ratios.append(ratio)
                print(f"| {r['kernel']} | {r['size']} | {variant} | {t} | {b['speedup']:.2f}x | {m['speedup']:.2f}x | {ratio:.2f} |")
    if ratios:
        print(f"\ngeomean new/old: {math.exp(sum(map(math.log, ratios)) / len(ratios)):.2f} over {len(ratios)} points")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "table":
        table(sys.argv[2])
    elif len(sys.argv) == 3:
        compare(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)

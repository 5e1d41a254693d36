#!/usr/bin/env bash
# Generates, AOT-compiles and verifies every kernel of the polyhedral suite
# and/or the operator suite at MINI size through `akg-host gen --backend B`
# (Triton's interpreter on a machine without a GPU), one line per kernel,
# then a count.
#   bench/backends/sweep.sh [triton|ascend] [parallel jobs] [polyhedral|ops|all]
# For ascend, each kernel's TTIR (written by gen -o) also goes through
# Triton-Ascend's `triton-adapter-opt --triton-to-linalg` when .venv-ascend
# has it (AKG_WITH_ASCEND=1 scripts/setup): linalg=ok|FAILED|skipped.
# AKG_HOST names another akg-host build (default .build/debug/akg-host), so a
# long sweep can run on a copy while the tree is rebuilt; give AKG_PYTHON too
# when that copy has no .venv above it. Each kernel may run for
# AKG_SWEEP_TIME_LIMIT seconds (default 1800): the interpreter runs
# sequential programs one scalar operation at a time, and floyd-warshall
# takes about eight minutes at MINI (470 s at 72bcfe4).
set -uo pipefail
cd "$(dirname "$0")/../.."
backend="${1:-triton}"
jobs="${2:-2}"
suite="${3:-polyhedral}"
case "$suite" in
    polyhedral) roots=(bench/polyhedral) ;;
    ops) roots=(bench/ops/level1 bench/ops/level2) ;;
    all) roots=(bench/polyhedral bench/ops/level1 bench/ops/level2) ;;
    *) echo "sweep: the suite is polyhedral, ops or all, not '$suite'" >&2; exit 2 ;;
esac
out="${AKG_SWEEP_OUT:-$(mktemp -d -t "akg-sweep-$backend-XXXX")}"
mkdir -p "$out"
echo "sweep: outputs in $out (AKG_SWEEP_OUT to choose)" >&2
run_one() {
    local file="$1" name start status
    name="$(basename "$(dirname "$file")")-$(basename "$file" .c)"
    start=$SECONDS
    "$host" gen "$file" -DMINI_DATASET -I bench/polyhedral/common --backend "$backend" \
        --seeds 1 --pairs 0 --time-limit "$time_limit" -o "$out/$name" > "$out/$name.log" 2>&1
    status=$?
    local linalg=""
    if [ "$backend" = ascend ]; then
        linalg=" linalg=skipped"
        if [ -n "$adapter" ] && [ "$status" = 0 ]; then
            linalg=" linalg=ok"
            for ttir in "$out/$name"/*.ttir; do
                [ -e "$ttir" ] || continue
                "$adapter" --triton-to-linalg "$ttir" > "$ttir.linalg" 2> "$ttir.linalg.err" || linalg=" linalg=FAILED"
            done
        fi
    fi
    echo "$name status=$status$linalg seconds=$((SECONDS - start)) $(head -c 300 "$out/$name.log" | head -1)"
}
export -f run_one
host="${AKG_HOST:-.build/debug/akg-host}"
adapter="$(ls .venv-ascend/lib/python3*/site-packages/triton/backends/ascend/triton-adapter-opt 2>/dev/null | head -1)"
[ -n "$adapter" ] && adapter="$PWD/$adapter"
time_limit="${AKG_SWEEP_TIME_LIMIT:-1800}"
export backend out host adapter time_limit
started=$SECONDS
find "${roots[@]}" -name '*.c' -not -path '*/common/*' | sort | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$out/summary.txt"
echo "$backend: $(grep -c ' status=0 ' "$out/summary.txt") of $(wc -l < "$out/summary.txt") kernels verified in $((SECONDS - started)) s"
if [ "$backend" = ascend ]; then
    echo "ascend: $(grep -c ' linalg=ok ' "$out/summary.txt") lowered to linalg, $(grep -c ' linalg=FAILED ' "$out/summary.txt") refused by triton-adapter-opt"
fi

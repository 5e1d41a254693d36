#!/usr/bin/env bash
# Generates, AOT-compiles and verifies every polyhedral-suite kernel at MINI
# size through `akg-host gen --backend B` (Triton's interpreter on this
# machine), and prints one line per kernel and a count.
#   bench/backends/sweep.sh [triton|ascend] [jobs]
set -uo pipefail
cd "$(dirname "$0")/../.."
backend="${1:-triton}"
jobs="${2:-2}"
out="${AKG_SWEEP_OUT:-/tmp/akg-sweep-$backend}"
mkdir -p "$out"
run_one() {
    local file="$1" name
    name="$(basename "$file" .c)"
    local start=$SECONDS
    .build/debug/akg-host gen "$file" -DMINI_DATASET -I bench/polyhedral/common --backend "$backend" \
        --seeds 1 -o "$out/$name" > "$out/$name.log" 2>&1
    local status=$?
    echo "$name status=$status seconds=$((SECONDS - start)) $(head -1 "$out/$name.log")"
}
export -f run_one
export backend out
find bench/polyhedral -name '*.c' -not -path '*/common/*' | sort | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$out/summary.txt"
echo "$backend: $(grep -c ' status=0 ' "$out/summary.txt") of $(wc -l < "$out/summary.txt") kernels verified"

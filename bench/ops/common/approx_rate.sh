#!/usr/bin/env bash
# How fast the CPU backend's vector exp and tanh approximations compute when
# memory is not in the way: the helpers exactly as a generated kernel.c
# defines them (akg-host gen on tanh.c with approxMath and explicitSIMD,
# whose vector helpers include exp too), timed on a 4096-float buffer that stays in L1, one thread.
# Prints elements per second and the GB/s that rate would be at the 8 bytes
# per element the operator table counts: when that is below the triad
# bandwidth, the operator is limited by arithmetic (bench/ops/RESULTS.md).
#   bench/ops/common/approx_rate.sh        (AKG_HOST: default .build/release/akg-host)
set -euo pipefail
cd "$(dirname "$0")/../../.."
host="${AKG_HOST:-.build/release/akg-host}"
[ -x "$host" ] || { echo "approx_rate: no akg-host at $host (swift build -c release, or set AKG_HOST)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$host" gen bench/ops/level1/tanh.c -DMINI_DATASET --knob approxMath=true --knob explicitSIMD=true \
    --pairs 0 --seeds 1 -o "$work/tanh" > "$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; exit 1; }
{
    sed '/^void kernel_tanh/,$d' "$work/tanh/kernel.c"   # the helpers, before the kernel function
    cat <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define N 4096
static float X[N] __attribute__((aligned(64))), Y[N] __attribute__((aligned(64)));
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
__attribute__((noinline)) static void run_tanh(void) { for (int i = 0; i < N; i += 8) akg_vf_store(&Y[i], akg_vf_tanh(akg_vf_load(&X[i]))); }
__attribute__((noinline)) static void run_exp(void) { for (int i = 0; i < N; i += 8) akg_vf_store(&Y[i], akg_vf_exp(akg_vf_load(&X[i]))); }
int main(void) {
  for (int i = 0; i < N; ++i) X[i] = (rand() / (float)RAND_MAX) * 8 - 4;
  void (*run[2])(void) = {run_tanh, run_exp};
  const char *name[2] = {"akg_vf_tanh", "akg_vf_exp"};
  for (int f = 0; f < 2; ++f) {
    const int reps = 20000;
    run[f]();
    double start = now();
    for (int r = 0; r < reps; ++r) run[f]();
    double rate = (double)N * reps / (now() - start);
    printf("%s: %.2f G elements/s, %.1f GB/s at 8 bytes per element (L1, 1 thread)\n", name[f], rate / 1e9, rate * 8 / 1e9);
  }
  return 0;
}
C
} > "$work/rate.c"
cc -O3 -march=native -std=gnu99 "$work/rate.c" -o "$work/rate" -lm
"$work/rate"

#!/bin/sh
# check-originals.sh - sanity check of the unoptimised polyhedral kernels.
#
# For every kernel under bench/polyhedral/<category>/ and for the MINI and
# SMALL datasets: compile with -O2 -Wall -Wextra -Werror, run with --dump,
# and require a successful exit, a non-empty dump, a "time:" line on
# stderr and no nan/inf among the dumped values.
#
# Usage: check-originals.sh [kernel-name ...]   (default: all kernels)
# Environment: CC (default cc), CFLAGS_EXTRA (appended to the flags),
#              DATASETS (default "MINI SMALL").

set -u

here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
datasets=${DATASETS:-"MINI SMALL"}
extra=${CFLAGS_EXTRA:-}
categories="linear-algebra solvers datamining medley stencils"

work=$(mktemp -d "${TMPDIR:-/tmp}/akg-polycheck.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

selection="$*"
wanted() {
    for w in $selection; do
        [ "$w" = "$1" ] && return 0
    done
    return 1
}

pass=0
fail=0
for cat in $categories; do
    for src in "$here/$cat"/*.c; do
        [ -f "$src" ] || continue
        name=$(basename "$src" .c)
        if [ -n "$selection" ] && ! wanted "$name"; then
            continue
        fi
        status=ok
        detail=""
        for ds in $datasets; do
            exe="$work/$name.$ds"
            # shellcheck disable=SC2086
            if ! "$cc" -O2 -Wall -Wextra -Werror -std=c99 -D"${ds}_DATASET" \
                    -I "$here/common" $extra "$src" -lm -o "$exe" \
                    2>"$work/cc.log"; then
                status=fail
                detail="$detail $ds:compile($(head -n 1 "$work/cc.log"))"
                continue
            fi
            if ! "$exe" --dump >"$work/out" 2>"$work/err"; then
                status=fail
                detail="$detail $ds:run-failed"
                continue
            fi
            if ! grep -q '^== ' "$work/out"; then
                status=fail
                detail="$detail $ds:empty-dump"
                continue
            fi
            if ! grep -q '^time: ' "$work/err"; then
                status=fail
                detail="$detail $ds:no-time-line"
                continue
            fi
            if grep -v '^== ' "$work/out" | grep -qiE 'nan|inf'; then
                status=fail
                detail="$detail $ds:nan/inf"
                continue
            fi
            values=$(grep -vc '^== ' "$work/out")
            secs=$(sed -n 's/^time: //p' "$work/err")
            detail="$detail $ds:${values}values/${secs}s"
        done
        if [ "$status" = ok ]; then
            pass=$((pass + 1))
            printf 'PASS %-16s %-15s%s\n' "$name" "$cat" "$detail"
        else
            fail=$((fail + 1))
            printf 'FAIL %-16s %-15s%s\n' "$name" "$cat" "$detail"
        fi
    done
done

echo "$pass passed, $fail failed"
if [ $((pass + fail)) -eq 0 ]; then
    echo "no kernel matched: $selection" >&2
    exit 1
fi
[ "$fail" -eq 0 ]

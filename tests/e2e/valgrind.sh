#!/bin/sh
# Memory errors and leaks: valgrind --leak-check=full on the runs of
# `make run` (the three reports from input/) and on validate and form.
# Each run must exit with its usual status and valgrind must report nothing.
set -u
BAOCAO=${BAOCAO:-$PWD/build/baocao}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

check() {  # name, command...
    name=$1
    shift
    n=$((n + 1))
    if valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 -q --log-file="$tmp/vg.log" "$@" >"$tmp/out" 2>&1; then
        rc=0
    else
        rc=$?
    fi
    if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
        echo "not ok $n - $name"
        sed 's/^/# /' "$tmp/vg.log" | head -n 40
        fails=$((fails + 1))
    else
        echo "ok $n - $name (exit $rc)"
    fi
}

for period in 2025-Q4 2025 2023-2025; do
    check "report $period" "$BAOCAO" report --period "$period" --date 2025-12-20 -q \
        --output "$tmp/out-$period"
done
check "report with -j 2" "$BAOCAO" report --period 2025-Q3 --date 2025-09-20 -q -j 2 \
    --output "$tmp/out-j2"
check "validate input/" "$BAOCAO" validate -q input/
check "form" "$BAOCAO" form --unit STC --period 2025-Q1
check "validate bad files" "$BAOCAO" validate -q tests/e2e/cases
echo "1..$n"
[ "$fails" -eq 0 ]

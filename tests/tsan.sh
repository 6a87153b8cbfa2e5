#!/bin/sh
# `make tsan`: data races. The program and the unit tests that run threads
# (batch reading, the deflate queue, the PDF's pages) built with
# ThreadSanitizer, run on work that keeps every thread busy: the three
# reports of `make run` with -j 1, 2 and 4, and validate of every e2e case
# folder. Any race ends the run with status 66 and fails its line. TAP
# output; the last line totals it, as tests/run-tests.sh does.
set -u
BUILD=${1:-build/tsan}
BAOCAO=$BUILD/baocao
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

check() {  # name, command...
    name=$1
    shift
    n=$((n + 1))
    "$@" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -eq 66 ] || grep -q "ThreadSanitizer" "$tmp/out"; then
        echo "not ok $n - $name"
        grep -A 30 "WARNING: ThreadSanitizer" "$tmp/out" | sed 's/^/# /' | head -n 40
        fails=$((fails + 1))
    elif [ "$rc" -gt 3 ]; then
        echo "not ok $n - $name (exit $rc)"
        tail -n 20 "$tmp/out" | sed 's/^/# /'
        fails=$((fails + 1))
    else
        echo "ok $n - $name (exit $rc)"
    fi
}

for j in 1 2 4; do
    for period in 2025-Q4 2025 2023-2025; do
        check "report --period $period -j $j" \
            "$BAOCAO" report -q -j "$j" --period "$period" --date 2026-01-05 \
            --output "$tmp/out-$j"
    done
done
check "validate -j 4 of every e2e case" "$BAOCAO" validate -q -j 4 tests/e2e/cases
for t in test_batch test_deflate test_pdf; do
    check "unit $t" "$BUILD/tests/$t"
done
echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]

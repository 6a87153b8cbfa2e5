#!/bin/sh
# Runs every test suite, even when one fails, and ends with one line
# totalling them all: "N passed, N failed". Exit status 1 when any failed.
#
# Each suite speaks TAP ("ok N - name" / "not ok N - name", plan "1..N"):
# the cmocka unit tests (CMOCKA_MESSAGE_OUTPUT=TAP) and the end-to-end
# scripts under tests/e2e/. A suite that crashes or ends early counts its
# missing tests as failed, and a suite that exits non-zero with no failure
# reported counts one failure more.
set -u
BUILD=${1:-build}
export BUILD
BAOCAO=$(cd "$BUILD" && pwd)/baocao
export BAOCAO
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

run_suite() {  # name, command...
    name=$1; shift
    "$@" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    sk=$(grep -c '^ok .*# *SKIP' "$log")  # passed, but said: a skip is not a pass
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
    missing=0
    if [ -n "$plan" ] && [ $((p + f)) -lt "$plan" ]; then
        missing=$((plan - p - f))
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$missing" -eq 0 ]; then
        missing=1
    fi
    f=$((f + missing))
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name: $p passed, $f failed (exit $rc)"
        grep -v '^ok ' "$log" | sed 's/^/    /' | head -n 60
    elif [ "$sk" -ne 0 ]; then
        echo "ok   $name: $p passed, of which $sk skipped:"
        grep '^ok .*# *SKIP' "$log" | sed 's/^/    /'
    else
        echo "ok   $name: $p passed"
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_suite "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    [ "$(basename "$s")" = lib.sh ] && continue  # helpers sourced by the suites
    run_suite "e2e/$(basename "$s" .sh)" sh "$s"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# make fuzz: builds the libFuzzer targets of tests/fuzz/ and runs each one.
#
#     sh tests/fuzz/run.sh [SECONDS]      (make fuzz FUZZ_SECONDS=N; default 60)
#
# Targets, one per parser (each a small C file calling the real code;
# FUZZ_TARGETS="fuzz_plan ..." runs a subset):
#   fuzz_submission  xml_read_memory + submission schema + submission_from_xml
#                    against input/plan.xml
#   fuzz_plan        xml_read_memory + plan schema + plan_from_xml
#   fuzz_template    xml_read_memory + template schema + tpl_from_xml + tpl_expand
#
# Every src/*.c except main.c and each target are compiled with clang
# -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all into
# build/fuzz/. Each target gets a corpus folder build/fuzz/corpus-NAME,
# seeded (copies) from the repository's fixtures: input/submissions,
# input/plan.xml, templates/report-*.xml and every XML under tests/e2e/,
# plus the target's tests/fuzz/regressions/NAME/ inputs, and a dictionary
# of the element and attribute names of its schema. First every saved
# regression input is replayed; then each target runs SECONDS seconds.
# The targets open templates/ and input/ relative to the current folder:
# this script runs them from the repository's root.
#
# Prints per target the executions and whether a crash (or leak, timeout,
# out-of-memory) was found; the crashing input is kept in
# build/fuzz/artifacts-NAME/ and its path printed. Exit status: 0 when
# nothing was found, 1 when a target found something or a regression input
# fails again, 2 when the build fails.
set -u
cd "$(dirname "$0")/../.." || exit 2

SECONDS_EACH=${1:-60}
case $SECONDS_EACH in
    ''|*[!0-9]*) echo "usage: sh tests/fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
CC=${FUZZ_CC:-clang}
OUT=build/fuzz
TARGETS=${FUZZ_TARGETS:-"fuzz_submission fuzz_plan fuzz_template"}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# (no -D of version or data folder: only main.c, left out here, needs them)
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer $SAN"
CFLAGS="$CFLAGS $(pkg-config --cflags libxml-2.0 libutf8proc fontconfig zlib) -Isrc"
LIBS="$(pkg-config --libs libxml-2.0 libutf8proc fontconfig zlib) -lhpdf -lm -lpthread"

# ---- build: the library objects (in parallel), then each target ---------
mkdir -p "$OUT/obj" || exit 2
echo "fuzz: building with $CC into $OUT/"
rm -f "$OUT"/obj/*.o
export CC CFLAGS OUT
# shellcheck disable=SC2016
if ! for f in src/*.c; do [ "$f" = src/main.c ] || printf '%s\n' "$f"; done |
        xargs -P "$(nproc 2>/dev/null || echo 1)" -n 1 sh -c \
            '$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$1" -o "$OUT/obj/$(basename "$1" .c).o"' sh
then
    echo "fuzz: building src/ failed" >&2
    exit 2
fi
objs=$(ls "$OUT"/obj/*.o)
for t in $TARGETS; do
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS -fsanitize=fuzzer -o "$OUT/$t" "tests/fuzz/$t.c" $objs $LIBS; then
        echo "fuzz: building $t failed" >&2
        exit 2
    fi
done

# ---- corpora and dictionaries -------------------------------------------
# copies a fixture into a corpus folder under a name made from its path
seed() {
    dir=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/seed-$(printf '%s' "$f" | tr '/' '_')"
    done
}
schema_of() {
    case $1 in
        fuzz_submission) echo templates/submission-v1.xsd ;;
        fuzz_plan) echo templates/plan-v1.xsd ;;
        fuzz_template) echo templates/report-template-v1.xsd ;;
    esac
}
e2e_xml=$(find tests/e2e -name '*.xml' -type f | sort)
for t in $TARGETS; do
    c=$OUT/corpus-$t
    mkdir -p "$c" "$OUT/artifacts-$t"
    # shellcheck disable=SC2046 # fixture names have no spaces
    case $t in
        fuzz_submission) seed "$c" $(find input/submissions -name '*.xml' -type f | sort) ;;
        fuzz_plan) seed "$c" input/plan.xml ;;
        fuzz_template) seed "$c" templates/report-*.xml ;;
    esac
    # shellcheck disable=SC2086
    seed "$c" $e2e_xml
    if [ -d "tests/fuzz/regressions/$t" ]; then
        # shellcheck disable=SC2046
        seed "$c" $(find "tests/fuzz/regressions/$t" -type f | sort)
    fi
    # every name="..." of the schema as "<name", "</name>" and " name=\""
    sed -n 's/.*name="\([A-Za-z][A-Za-z0-9_-]*\)".*/\1/p' "$(schema_of "$t")" | sort -u |
        awk '{ printf "\"<%s\"\n\"</%s>\"\n\" %s=\\\"\"\n", $1, $1, $1 }' > "$OUT/$t.dict"
done

# ---- replay the saved regression inputs ----------------------------------
status=0
for t in $TARGETS; do
    r=tests/fuzz/regressions/$t
    files=$(find "$r" -type f 2>/dev/null | sort)
    [ -n "$files" ] || continue
    n=$(printf '%s\n' "$files" | wc -l)
    # shellcheck disable=SC2086
    if "$OUT/$t" -rss_limit_mb=2048 -timeout=10 $files > "$OUT/$t-regressions.log" 2>&1; then
        echo "$t: $n regression input(s) pass"
    else
        echo "$t: a regression input of $r fails again; see $OUT/$t-regressions.log"
        status=1
    fi
done

# ---- fuzz ---------------------------------------------------------------
for t in $TARGETS; do
    log=$OUT/$t.log
    echo "fuzz: running $t for $SECONDS_EACH s (log: $log)"
    "$OUT/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
        -dict="$OUT/$t.dict" -artifact_prefix="$OUT/artifacts-$t/" -print_final_stats=1 \
        "$OUT/corpus-$t" > "$log" 2>&1
    rc=$?
    done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    if [ $rc -eq 0 ] && [ -n "$done_line" ]; then
        runs=$(printf '%s\n' "$done_line" | sed 's/^Done \([0-9]*\) runs.*/\1/')
        corpus=$(find "$OUT/corpus-$t" -type f | wc -l)
        echo "$t: $runs executions, no crash ($done_line; corpus $corpus files)"
    else
        runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
        what=$(grep -m 1 -E '^==[0-9]+==ERROR|SUMMARY: |ERROR: libFuzzer' "$log")
        echo "$t: CRASH after about ${runs:-0} executions: ${what:-exit status $rc}"
        echo "$t: input kept in ${artifact:-(none written; see $log)}"
        status=1
    fi
done
exit $status

#!/bin/sh
# End-to-end diagnostics, in the manner of mandoc's regress/: one folder per
# case under tests/e2e/cases/, each holding
#
#   cmd              the baocao arguments, one line; $CASE stands for the
#                    case folder (tests/e2e/cases/NAME), $PLAN for
#                    input/plan.xml, $TMP for an empty scratch folder
#   expected.stderr  the diagnostics, byte for byte
#   expected.status  the exit status
#   expected.stdout  (optional) standard output; without it, stdout must
#                    be empty
#   env              (optional) NAME=value lines, set for the run (same
#                    $CASE, $PLAN and $TMP as in cmd)
#   the input files
#
# Each case is run from the repository root and gives one TAP line. Where
# the scratch folder's path shows in the output, it is written as $TMP.
#
# The last test checks that every diagnostic id of src/diag.h is pinned by
# some case (as "[id]" in an expected.stderr), except the ids listed with a
# reason in tests/e2e/cases/UNTESTABLE ("id: reason", one a line).
#
# Usage: sh tests/e2e/diagnostics.sh [CASE...]   (default: every case)
#        UPDATE=1 sh tests/e2e/diagnostics.sh CASE...
#                 rewrites the named cases' expected files from what the
#                 program prints now: for intended changes only, after
#                 reading the differences.

. "$(dirname "$0")/lib.sh"
need_binary

CASES=tests/e2e/cases
PLAN=input/plan.xml

if [ $# -gt 0 ]; then
    names=$*
    check_coverage=0
else
    names=$(cd "$CASES" && for d in */; do printf '%s\n' "${d%/}"; done)
    check_coverage=1
fi
count=0
for name in $names; do
    count=$((count + 1))
done
tap_plan $((count + check_coverage))

# Replaces the scratch folder's path by the text $TMP.
hide_tmp() {
    pattern=$(printf '%s\n' "$1" | sed 's/[][\.*^$|]/\\&/g')
    sed "s|$pattern|\$TMP|g"
}

for name in $names; do
    CASE=$CASES/$name
    details=$(new_details)
    if [ ! -f "$CASE/cmd" ] || [ ! -f "$CASE/expected.stderr" ] || [ ! -f "$CASE/expected.status" ]; then
        echo "$CASE needs cmd, expected.stderr and expected.status" >>"$details"
        result "$name" "$details"
        continue
    fi
    TMP=$TMPD/case-$name
    mkdir "$TMP" || exit 1
    cmd=$(cat "$CASE/cmd")
    envs=
    if [ -f "$CASE/env" ]; then
        envs=$(tr '\n' ' ' <"$CASE/env")
    fi
    # cmd and env are test data kept with this script: expand $CASE, $PLAN
    # and $TMP in them.
    eval "set -- $envs \"\$BAOCAO\" $cmd"
    run "$TMPD/stdout.raw" "$TMPD/stderr.raw" env "$@"
    hide_tmp "$TMP" <"$TMPD/stderr.raw" >"$TMPD/stderr"
    hide_tmp "$TMP" <"$TMPD/stdout.raw" >"$TMPD/stdout"
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$TMPD/stderr" "$CASE/expected.stderr"
        echo "$status" >"$CASE/expected.status"
    fi
    same_status "$(cat "$CASE/expected.status")" "$status" "$details"
    same_file "stderr" "$CASE/expected.stderr" "$TMPD/stderr" "$details"
    if [ -f "$CASE/expected.stdout" ]; then
        same_file "stdout" "$CASE/expected.stdout" "$TMPD/stdout" "$details"
    else
        is_empty "stdout" "$TMPD/stdout" "$details"
    fi
    if [ -s "$details" ]; then
        echo "command: baocao $cmd" >>"$details"
    fi
    result "$name: baocao $cmd" "$details"
    rm -rf "$TMP"
done

# ---- every id of src/diag.h has a case, or a reason why it cannot have one
if [ "$check_coverage" -eq 1 ]; then
    details=$(new_details)
    ids=$(sed -n 's/^[[:space:]]*X([A-Z0-9_]*,[[:space:]]*"\([^"]*\)".*/\1/p' src/diag.h)
    if [ -z "$ids" ]; then
        echo "no ids found in src/diag.h (has the X(...) table changed shape?)" >>"$details"
    fi
    untestable=$CASES/UNTESTABLE
    for id in $ids; do
        covered=0
        for f in "$CASES"/*/expected.stderr; do
            if grep -F -e "[$id]" "$f" >/dev/null; then
                covered=1
                break
            fi
        done
        exempt=0
        if [ -f "$untestable" ] && grep -E "^$id: *[^ ]" "$untestable" >/dev/null; then
            exempt=1
        fi
        if [ $covered -eq 0 ] && [ $exempt -eq 0 ]; then
            echo "id '$id' has no case (no expected.stderr shows [$id]) and no reason in $untestable" >>"$details"
        fi
        if [ $covered -eq 1 ] && [ $exempt -eq 1 ]; then
            echo "id '$id' is listed in $untestable but a case covers it: remove it from the list" >>"$details"
        fi
    done
    # The exemption list names only ids that exist, each once, with a reason.
    if [ -f "$untestable" ]; then
        while IFS= read -r line; do
            case $line in
                '' | '#'*) continue ;;
            esac
            id=${line%%:*}
            reason=${line#*:}
            if ! printf '%s\n' "$ids" | grep -x -F -e "$id" >/dev/null; then
                echo "$untestable lists '$id', which is not an id of src/diag.h" >>"$details"
            elif [ "$id" = "$line" ] || [ -z "$(printf '%s' "$reason" | tr -d ' ')" ]; then
                echo "$untestable: '$id' needs a reason ('$id: why it cannot be tested')" >>"$details"
            fi
        done <"$untestable"
    fi
    result "every diagnostic id is covered" "$details"
fi

tap_done

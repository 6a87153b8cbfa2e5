# tests/e2e/lib.sh: helpers shared by the end-to-end scripts. Sourced by
# them ('. tests/e2e/lib.sh'), not a suite of its own: run directly, it
# defines the helpers and prints nothing.
#
# What a script gets:
#   - the working directory is the repository root, whatever it was;
#   - BAOCAO, the binary under test (default: build/baocao of this tree);
#   - TMPD, a folder from mktemp -d, removed when the script exits;
#   - TAP output: 'ok N - name' / 'not ok N - name', with the details of a
#     failure as '# ' comment lines under it, and the plan '1..N' printed by
#     tap_plan at the start or by tap_done at the end.
#
# POSIX sh (dash); no bashisms. Nothing here depends on the date or on the
# locale of the caller.

e2e_root=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
cd "$e2e_root" || exit 1
: "${BAOCAO:=$PWD/build/baocao}"
LC_ALL=C
export LC_ALL
unset SOURCE_DATE_EPOCH

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/baocao-e2e.XXXXXX") || exit 1
trap 'rm -rf "$TMPD"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tap_n=0
tap_failed=0
tap_planned=

# tap_plan N: the plan line at the start, when the count is known.
tap_plan() {
    tap_planned=$1
    echo "1..$1"
}

# tap_done: the plan line at the end (unless given at the start); the exit
# status says whether every test passed.
tap_done() {
    if [ -z "$tap_planned" ]; then
        echo "1..$tap_n"
    elif [ "$tap_planned" -ne "$tap_n" ]; then
        echo "# planned $tap_planned tests but ran $tap_n"
        tap_failed=$((tap_failed + 1))
    fi
    [ "$tap_failed" -eq 0 ]
}

# Prints its standard input as TAP comments.
tap_comment() {
    sed 's/^/# /'
}

pass() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1"
}

fail() {
    tap_n=$((tap_n + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
}

# result NAME DETAILS-FILE: ok when the file is empty, else not ok with the
# file as comments. Checks below write what went wrong into a details file,
# so one TAP line can sum up several checks of one test.
result() {
    if [ -s "$2" ]; then
        fail "$1"
        tap_comment <"$2"
    else
        pass "$1"
    fi
    rm -f "$2"
}

# new_details: a fresh, empty details file; its name on stdout.
new_details() {
    d=$(mktemp "$TMPD/details.XXXXXX") || exit 1
    echo "$d"
}

# same_file WHAT EXPECTED ACTUAL DETAILS: byte comparison (cmp), with a
# unified diff (or, for binary files, cmp's words) in DETAILS on failure.
same_file() {
    if ! cmp -s "$2" "$3"; then
        {
            echo "$1 differs from $2 (--- expected, +++ actual):"
            if diff -u "$2" "$3" >"$TMPD/diff.out" 2>&1; then
                cmp "$2" "$3" 2>&1
            else
                sed -n '3,$p' "$TMPD/diff.out" | head -n 80
            fi
        } >>"$4"
    fi
}

# same_text WHAT EXPECTED-STRING ACTUAL-FILE DETAILS: like same_file, the
# expectation given as a string (a newline is added at its end).
same_text() {
    printf '%s\n' "$2" >"$TMPD/expected.txt"
    same_file "$1" "$TMPD/expected.txt" "$3" "$4"
}

# same_status EXPECTED ACTUAL DETAILS
same_status() {
    if [ "$1" != "$2" ]; then
        echo "exit status: expected $1, got $2" >>"$3"
    fi
}

# is_empty WHAT FILE DETAILS
is_empty() {
    if [ -s "$2" ]; then
        {
            echo "$1 should be empty, but is:"
            head -n 20 "$2"
        } >>"$3"
    fi
}

# contains WHAT FILE FIXED-STRING DETAILS
contains() {
    if ! grep -F -e "$3" "$2" >/dev/null 2>&1; then
        {
            echo "$1 should contain: $3"
            echo "but is:"
            head -n 20 "$2"
        } >>"$4"
    fi
}

# lacks WHAT FILE FIXED-STRING DETAILS
lacks() {
    if grep -F -e "$3" "$2" >/dev/null 2>&1; then
        {
            echo "$1 should not contain: $3"
            grep -n -F -e "$3" "$2" | head -n 10
        } >>"$4"
    fi
}

# run OUT ERR CMD...: runs CMD with stdout and stderr in files; the exit
# status in $status (the script's own status is never touched). A command
# still running after E2E_TIMEOUT seconds (default 120) is killed: status
# 124, so that a hang fails one test instead of blocking the suite.
run() {
    _out=$1
    _err=$2
    shift 2
    if command -v timeout >/dev/null 2>&1; then
        timeout "${E2E_TIMEOUT:-120}" "$@" >"$_out" 2>"$_err"
    else
        "$@" >"$_out" 2>"$_err"
    fi
    status=$?
}

# need_binary: stops the script with one failed test when the binary is
# missing, instead of a cascade of confusing failures.
need_binary() {
    if [ ! -x "$BAOCAO" ]; then
        echo "1..1"
        echo "not ok 1 - the binary $BAOCAO exists (build it with make)"
        exit 1
    fi
}

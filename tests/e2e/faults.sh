#!/bin/sh
# Faults when writing and reading: a full disk (a small tmpfs), an output
# path that cannot be a folder, a missing template, an unreadable input.
# Each must give its diagnostic and exit status 3, leave no partial or
# temporary file in the output folder, and leave a previous report intact.
set -u
BAOCAO=${BAOCAO:-$PWD/build/baocao}
tmp=$(mktemp -d)
mnt="$tmp/small"
cleanup() {
    umount "$mnt" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
expect() {  # name, condition (a shell command)
    if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}
run() {  # runs baocao, keeps status in $rc and stderr in $tmp/err
    "$BAOCAO" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
leftovers() {  # temporary files left in a folder
    find "$1" -name '.baocao-*' | grep -q .
}

# -- a full disk ----------------------------------------------------------
mkdir -p "$mnt"
if mount -t tmpfs -o size=400k tmpfs "$mnt" 2>/dev/null; then
    run report --period 2025-Q3 --date 2025-09-20 -q --output "$mnt"
    expect "full disk: first run fits" '[ "$rc" -eq 0 ] && [ -s "$mnt/2025-Q3/report.pdf" ]'
    cp -r "$mnt/2025-Q3" "$tmp/before"
    # fill the disk, then rerun for the same period with another date
    dd if=/dev/zero of="$mnt/filler" bs=1k count=400 2>/dev/null
    run report --period 2025-Q3 --date 2025-09-21 -q --output "$mnt"
    expect "full disk: exit status 3" '[ "$rc" -eq 3 ]'
    expect "full disk: write-failed diagnostic" \
        'grep -q "No space left on device.*\[write-failed\]" "$tmp/err"'
    expect "full disk: previous report set intact" \
        'diff -r "$tmp/before" "$mnt/2025-Q3" >/dev/null'
    expect "full disk: no temporary file left" '! leftovers "$mnt"'
    umount "$mnt"
else
    for t in "first run fits" "exit status 3" "write-failed diagnostic" \
        "previous report set intact" "no temporary file left"; do
        ok "full disk: $t # SKIP cannot mount a tmpfs here"
    done
fi

# -- an output path under a regular file ----------------------------------
: >"$tmp/file"
run report --period 2025-Q3 --date 2025-09-20 -q --output "$tmp/file/out"
expect "output under a file: exit status 3" '[ "$rc" -eq 3 ]'
expect "output under a file: write-failed diagnostic" 'grep -q "\[write-failed\]" "$tmp/err"'

# -- /dev/full for a form --------------------------------------------------
run form --unit STC --period 2025-Q3 --output /dev/full
expect "form to /dev/full: exit status 3 and write-failed" \
    '[ "$rc" -eq 3 ] && grep -q "\[write-failed\]" "$tmp/err"'

# -- a missing template -----------------------------------------------------
run report --period 2025-Q3 --date 2025-09-20 -q --output "$tmp/o1" --template "$tmp/none.xml"
expect "missing template: exit status 3" '[ "$rc" -eq 3 ]'
expect "missing template: read-failed names it" \
    'grep -q "none.xml: error: cannot read the file.*\[read-failed\]" "$tmp/err"'
expect "missing template: no report.pdf" '[ ! -e "$tmp/o1/2025-Q3/report.pdf" ]'

# -- an unreadable input: a dangling link in the input folder ---------------
mkdir -p "$tmp/in"
cp input/submissions/2025/STC-2025-Q3-r1.xml "$tmp/in/"
ln -s "$tmp/gone.xml" "$tmp/in/broken.xml"
run validate "$tmp/in"
expect "unreadable input: exit status 3" '[ "$rc" -eq 3 ]'
expect "unreadable input: read-failed" 'grep -q "broken.xml.*\[read-failed\]" "$tmp/err"'
expect "unreadable input: the other file is still read, and the link is counted" \
    'grep -q "2 files read: 1 accepted, 1 rejected" "$tmp/err"'

# -- a missing plan -----------------------------------------------------------
run validate --plan "$tmp/noplan.xml" "$tmp/in"
expect "missing plan: exit status 3 and plan-not-found" \
    '[ "$rc" -eq 3 ] && grep -q "there is no plan at .*noplan.xml; .*\[plan-not-found\]" "$tmp/err"'

# -- --no-pdf after a full run: no stale report.pdf beside new figures ---
run report --period 2025-Q3 --date 2025-09-20 -q --output "$tmp/np"
run report --period 2025-Q3 --date 2025-09-20 -q --output "$tmp/np" --no-pdf
expect "--no-pdf removes the report.pdf of an earlier run" \
    '[ "$rc" -eq 0 ] && [ ! -e "$tmp/np/2025-Q3/report.pdf" ] && [ -s "$tmp/np/2025-Q3/summary.csv" ]'

# -- a file name with control characters: outputs stay well-formed --------
mkdir -p "$tmp/ctl"
cp input/submissions/2025/STC-2025-Q3-r1.xml "$tmp/ctl/$(printf 'STC\001tab\tx.xml')"
run report --period 2025-Q3 --date 2025-09-20 -q --output "$tmp/ctl-out" --input "$tmp/ctl" --no-pdf
expect "control characters in a file name: summary.xml well-formed, run log one line a file" \
    'xmllint --noout "$tmp/ctl-out/2025-Q3/summary.xml" 2>/dev/null && [ "$(grep -c "^accepted" "$tmp/ctl-out/2025-Q3/run-log.txt")" -eq 1 ] && [ "$(awk -F "\t" "/^accepted/ {print NF}" "$tmp/ctl-out/2025-Q3/run-log.txt")" -eq 6 ]'

# -- more files than the rows kept in memory, with and without a folder for
#    the temporary file that holds the rest ----------------------------------
# 315 submissions and 4 000 skipped notes: more than the 4 096 rows of files
# and of paths that the list and the collector keep in memory
mkdir -p "$tmp/many"
cp -r input/submissions/. "$tmp/many/"
run report --period 2025-Q4 --date 2026-01-10 -q --input "$tmp/many" --output "$tmp/few" --no-pdf
i=0
while [ $i -lt 4000 ]; do : >"$tmp/many/note-$i.txt"; i=$((i + 1)); done
total=$(find "$tmp/many" -type f | wc -l)
run report --period 2025-Q4 --date 2026-01-10 -q --input "$tmp/many" --output "$tmp/many-disk"
expect "many files, rows on disk: exit status 0, no warning about a temporary file" \
    '[ "$rc" -eq 0 ] && ! grep -q "temporary file" "$tmp/err"'
expect "many files, rows on disk: the run log lists every file once" \
    '[ "$(grep -cE "^(accepted|superseded|duplicate|conflict|rejected|unreadable|skipped)	" "$tmp/many-disk/2025-Q4/run-log.txt")" -eq "$total" ]'
TMPDIR="$tmp/no-such-folder" run report --period 2025-Q4 --date 2026-01-10 --input "$tmp/many" --output "$tmp/many-mem"
expect "many files, no temporary file: one warning that says what to do" \
    '[ "$rc" -eq 0 ] && [ "$(grep -c "^baocao: warning: cannot make a temporary file in $tmp/no-such-folder (No such file or directory); the run keeps what it holds for each file in memory instead: set TMPDIR to a folder where baocao may write \[no-temp-file\]$" "$tmp/err")" -eq 1 ]'
expect "many files, no temporary file: the same report, byte for byte" \
    'diff -r "$tmp/many-disk/2025-Q4" "$tmp/many-mem/2025-Q4" >/dev/null'
TMPDIR="$tmp/no-such-folder" run validate -q --plan input/plan.xml "$tmp/many"
expect "many files, no temporary file, -q: no warning (errors only)" \
    '[ "$rc" -eq 0 ] && ! grep -q "temporary file" "$tmp/err"'
expect "many files: the figures are those of the submissions alone" \
    'diff "$tmp/few/2025-Q4/summary.csv" "$tmp/many-disk/2025-Q4/summary.csv" >/dev/null'

echo "1..$n"
[ "$fails" -eq 0 ]

#!/bin/sh
# End-to-end tests of the command line: help, version, usage errors and
# their exit statuses, --quiet, --jobs (the output must not depend on it),
# option forms, and the real input/ folder.
#
# Exit statuses (src/main.c): 0 ok, 1 rejected input, 2 usage, 3 I/O,
# 4 internal.

. "$(dirname "$0")/lib.sh"
need_binary

out=$TMPD/out
err=$TMPD/err
CASES=tests/e2e/cases

# usage_case NAME EXPECTED-STDERR-LINE ARGS...: exit 2, nothing on stdout,
# exactly the one diagnostic on stderr.
usage_case() {
    name=$1
    want=$2
    shift 2
    d=$(new_details)
    run "$out" "$err" "$BAOCAO" "$@"
    same_status 2 "$status" "$d"
    is_empty "stdout" "$out" "$d"
    same_text "stderr" "$want" "$err" "$d"
    result "$name (baocao $*)" "$d"
}

# ---- help and version
d=$(new_details)
run "$out" "$err" "$BAOCAO" --help
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
for word in 'validate ' 'form ' 'report ' '--plan' '--quiet' '--jobs' '-o, --output' '--help' '--version' \
    'Exit status: 0 success' '1 some input was rejected' '2 usage error' \
    '3 I/O or system error' '4 internal error'; do
    contains "--help" "$out" "$word" "$d"
done
cp "$out" "$TMPD/help"
result "--help: exit 0, on stdout, names every command, option and exit status" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" -h
same_status 0 "$status" "$d"
same_file "-h output" "$TMPD/help" "$out" "$d"
result "-h is --help" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" validate --help
same_status 0 "$status" "$d"
same_file "validate --help output" "$TMPD/help" "$out" "$d"
result "--help after a command prints the help too" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" --version
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
if ! grep -x -E 'baocao [0-9][0-9A-Za-z.+-]*' "$out" >/dev/null || [ "$(wc -l <"$out")" -ne 1 ]; then
    { echo "--version should print one line 'baocao VERSION', not:"; cat "$out"; } >>"$d"
fi
result "--version: one line 'baocao VERSION', exit 0" "$d"

d=$(new_details)
if "$BAOCAO" --help >/dev/full 2>"$err"; then
    status=0
else
    status=$?
fi
same_status 3 "$status" "$d"
contains "stderr" "$err" "[write-failed]" "$d"
result "--help to a full disk (/dev/full): exit 3 with a write-failed diagnostic" "$d"

# ---- usage errors
d=$(new_details)
run "$out" "$err" "$BAOCAO"
same_status 2 "$status" "$d"
is_empty "stdout" "$out" "$d"
contains "stderr" "$err" "usage: baocao COMMAND" "$d"
result "no command: exit 2, the usage on stderr" "$d"

usage_case "unknown command" \
    "baocao: error: unknown command 'frobnicate'; see baocao --help [usage]" frobnicate input/
usage_case "unknown option" \
    "baocao: error: unknown option --frobnicate; see baocao --help [usage]" validate --frobnicate input/
usage_case "unknown short option" \
    "baocao: error: unknown option -x; see baocao --help [usage]" validate -x input/
usage_case "option without its value" \
    "baocao: error: option --period needs a value; see baocao --help [usage]" form --unit STC --period
usage_case "-j 0" \
    "baocao: error: -j needs a whole number from 1 to 256, not '0'; see baocao --help [usage]" validate -j 0 input/
usage_case "-qv" \
    "baocao: error: unknown option -qv; see baocao --help [usage]" validate -qv input/
usage_case "-j abc" \
    "baocao: error: -j needs a whole number from 1 to 256, not 'abc'; see baocao --help [usage]" validate -j abc input/
usage_case "--jobs=-1" \
    "baocao: error: --jobs needs a whole number from 1 to 256, not '-1'; see baocao --help [usage]" validate --jobs=-1 input/
usage_case "--max-depth 300 (libxml2 stops at 256)" \
    "baocao: error: --max-depth needs a whole number from 1 to 256, not '300'; see baocao --help [usage]" validate --max-depth 300 input/
usage_case "--max-file-size 10k" \
    "baocao: error: --max-file-size needs a positive whole number, not '10k'; see baocao --help [usage]" validate --max-file-size 10k input/
usage_case "validate with no path" \
    "baocao: error: validate needs at least one file or folder; see baocao --help [usage]" validate
usage_case "form without --unit" \
    "baocao: error: form needs --unit CODE and --period PERIOD; see baocao --help [usage]" form --period 2025-Q3
usage_case "form without --period" \
    "baocao: error: form needs --unit CODE and --period PERIOD; see baocao --help [usage]" form --unit STC
usage_case "form with a file name" \
    "baocao: error: form takes no file names; use --output FILE; see baocao --help [usage]" form --unit STC --period 2025-Q3 STC.xml
usage_case "form for a whole-plan period" \
    "baocao: error: '2023-2025' is not a period; write 2025-Q3, 2025-H1, 2025-9M or 2025; see baocao --help [usage]" form --unit STC --period 2023-2025
usage_case "report without --period" \
    "baocao: error: report needs --period PERIOD; see baocao --help [usage]" report --no-pdf
usage_case "report with a file name" \
    "baocao: error: report takes no file names; use --input DIR; see baocao --help [usage]" report --period 2025 --no-pdf input/submissions
usage_case "report for a period that is not one" \
    "baocao: error: '2025-Q5' is not a period; write 2025-Q3, 2025-H1, 2025-9M, 2025 or 2023-2025; see baocao --help [usage]" report --period 2025-Q5 --no-pdf

# ---- form: the unit and the period against the plan (exit 2, no form written)
usage_case "form for an unknown unit" \
    "baocao: error: unknown unit code 'SXYZ'; use the code the plan gives your unit (baocao form --unit CODE) [unknown-unit]" \
    form --unit SXYZ --period 2025-Q3
usage_case "form for a period outside the plan" \
    "baocao: error: period 2026-Q1 is outside the plan's years 2023-2025; correct the period [period-outside-plan]" \
    form --unit STC --period 2026-Q1
usage_case "form for a unit that did not exist in the period (district after 30/06/2025)" \
    "baocao: error: unit 'UBND_TD' did not exist during 2025-Q4 (it existed 01/01/2020 - 30/06/2025); send it under the unit that took over, or correct the period [unit-not-active]" \
    form --unit UBND_TD --period 2025-Q4
usage_case "form for a unit that did not exist yet (commune before 01/07/2025)" \
    "baocao: error: unit 'XA_TD' did not exist during 2024 (it existed from 01/07/2025); send it under the unit that took over, or correct the period [unit-not-active]" \
    form --unit XA_TD --period 2024

d=$(new_details)
run "$out" "$err" "$BAOCAO" -q form --unit SXYZ --period 2025-Q3
same_status 2 "$status" "$d"
contains "stderr" "$err" "[unknown-unit]" "$d"
result "--quiet keeps the errors of form" "$d"

# ---- option forms
d=$(new_details)
run "$out" "$err" "$BAOCAO" validate --plan=input/plan.xml --jobs=2 "$CASES/utf8-bom/in" -q
same_status 0 "$status" "$d"
is_empty "stdout" "$out" "$d"
is_empty "stderr" "$err" "$d"
result "--name=value forms and options after the paths" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" validate --templates "$TMPD/no-such-folder" "$CASES/utf8-bom/in"
same_status 3 "$status" "$d"
contains "stderr" "$err" "[read-failed]" "$d"
lacks "stderr" "$err" "files read" "$d"
result "--templates pointing nowhere: exit 3, read-failed, nothing validated" "$d"

# ---- --quiet: errors stay, warnings and the summary go
mkdir "$TMPD/mixed"
cp "$CASES/measure-not-assigned/in/STC-2025-Q3-r1.xml" "$TMPD/mixed/a-warning.xml"
cp "$CASES/number-invalid/in/bad.xml" "$TMPD/mixed/b-error.xml"
# another unit's file: the same unit, period and revision would be a conflict
cp input/submissions/2025/SKHCN-2025-Q3-r1.xml "$TMPD/mixed/c-good.xml"
echo "ghi chú" >"$TMPD/mixed/d-notes.txt"
d=$(new_details)
run "$out" "$err" "$BAOCAO" validate "$TMPD/mixed"
loud_status=$status
grep -F ': error: ' "$err" >"$TMPD/errors-only"
for want in ': warning: ' ': error: ' 'baocao: 3 files read: 2 accepted, 1 rejected; 1 skipped'; do
    contains "stderr without --quiet" "$err" "$want" "$d"
done
run "$out" "$err" "$BAOCAO" validate --quiet "$TMPD/mixed"
same_status "$loud_status" "$status" "$d"
same_file "stderr with --quiet" "$TMPD/errors-only" "$err" "$d"
run "$out" "$err" "$BAOCAO" validate -q "$TMPD/mixed"
same_file "stderr with -q" "$TMPD/errors-only" "$err" "$d"
result "--quiet hides warnings and the summary line, not errors; same exit status" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" validate -q "$CASES/measure-not-assigned/in" input/submissions/2024/STC-2024-Q2-r2.xml
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
result "--quiet on files with warnings only: no output, exit 0" "$d"

# ---- the real input folder, from the repository root
d=$(new_details)
run "$out" "$err" "$BAOCAO" validate input/
n=$(find input -name '*.xml' ! -path input/plan.xml | wc -l | tr -d ' ')
same_status 0 "$status" "$d"
is_empty "stdout" "$out" "$d"
tail -n 1 "$err" >"$TMPD/summary"
same_text "summary" "baocao: $n files read: $n accepted, 0 rejected; 0 skipped" "$TMPD/summary" "$d"
# the sample data's two late files (on purpose) are its only warnings
grep -v '^baocao: ' "$err" | sed 's/: warning: .*\[\(.*\)\]$/ \1/' >"$TMPD/warnings"
printf '%s\n' "input/submissions/2024/STC-2024-Q2-r2.xml:3 late" \
    "input/submissions/2025/UBND_DL-2025-Q1-r1.xml:3 late" >"$TMPD/want-warnings"
same_file "warnings" "$TMPD/want-warnings" "$TMPD/warnings" "$d"
result "baocao validate input/ exits 0; every one of the $n submissions accepted, the two late ones with a warning; the plan itself is not read as one" "$d"

# ---- every line on stderr is a diagnostic (FILE[:LINE]: SEVERITY: message
# [id]) or the summary line; nothing from a library slips through
# not_diagnostics FILE: the lines of FILE that are neither.
not_diagnostics() {
    grep -v -E '^[^ ]+(:[0-9]+)?: (error|warning|note): .* \[[a-z0-9-]+\]$' "$1" |
        grep -v -E '^baocao: [0-9]+ files read: '
}

d=$(new_details)
run "$out" "$err" "$BAOCAO" validate --templates "$TMPD/no-such-folder" "$CASES/utf8-bom/in"
if not_diagnostics "$err" >"$TMPD/stray"; then
    echo "lines that are not diagnostics:" >>"$d"
    cat "$TMPD/stray" >>"$d"
fi
result "--templates pointing nowhere: every stderr line is a diagnostic" "$d"

# ---- the output does not depend on -j
# A mix of good and bad files: the samples and every case's inputs (errors
# of every kind, warnings, skipped files, a missing path).
d=$(new_details)
run "$out" "$TMPD/err1" "$BAOCAO" validate -j 1 input/submissions/2025 "$CASES" "$TMPD/missing.xml"
status1=$status
run "$out" "$TMPD/err4" "$BAOCAO" validate -j 4 input/submissions/2025 "$CASES" "$TMPD/missing.xml"
same_status "$status1" "$status" "$d"
same_file "stderr of -j 4" "$TMPD/err1" "$TMPD/err4" "$d"
if [ "$(grep -c ': error: ' "$TMPD/err1")" -lt 50 ] || [ "$(grep -c ': warning: ' "$TMPD/err1")" -lt 10 ]; then
    echo "the mix should give many errors and warnings; got:" >>"$d"
    tail -n 3 "$TMPD/err1" >>"$d"
fi
run "$out" "$TMPD/err16" "$BAOCAO" validate -j 16 input/submissions/2025 "$CASES" "$TMPD/missing.xml"
same_status "$status1" "$status" "$d"
same_file "stderr of -j 16" "$TMPD/err1" "$TMPD/err16" "$d"
result "validate: stderr byte-identical with -j 1, -j 4 and -j 16 (good and bad files)" "$d"

d=$(new_details)
if not_diagnostics "$TMPD/err1" >"$TMPD/stray"; then
    echo "lines that are not diagnostics:" >>"$d"
    head -n 20 "$TMPD/stray" >>"$d"
fi
result "validate of every case input: every stderr line is a diagnostic or the summary" "$d"

d=$(new_details)
run "$out" "$TMPD/rerr1" "$BAOCAO" report --period 2025 --input input/submissions --output "$TMPD/r1" --no-pdf --date 2026-01-05 -j 1
status1=$status
run "$out" "$TMPD/rerr4" "$BAOCAO" report --period 2025 --input input/submissions --output "$TMPD/r4" --no-pdf --date 2026-01-05 -j 4
same_status "$status1" "$status" "$d"
sed "s|$TMPD/r1|OUT|" "$TMPD/rerr1" >"$TMPD/rerr1.s"
sed "s|$TMPD/r4|OUT|" "$TMPD/rerr4" >"$TMPD/rerr4.s"
same_file "report stderr of -j 4" "$TMPD/rerr1.s" "$TMPD/rerr4.s" "$d"
for f in summary.csv summary.xml run-log.txt; do
    if [ ! -s "$TMPD/r1/2025/$f" ]; then
        echo "report did not write $f" >>"$d"
    fi
    same_file "$f of -j 4" "$TMPD/r1/2025/$f" "$TMPD/r4/2025/$f" "$d"
done
result "report: stderr and summary.csv, summary.xml, run-log.txt identical with -j 1 and -j 4" "$d"

d=$(new_details)
run "$out" "$err" "$BAOCAO" report --period 2025-Q4 --output "$TMPD/p1" --date 2026-01-05 -j1 -q
same_status 0 "$status" "$d"
run "$out" "$err" "$BAOCAO" report --period 2025-Q4 --output "$TMPD/p4" --date 2026-01-05 --jobs 4 -q
same_status 0 "$status" "$d"
if [ ! -s "$TMPD/p1/2025-Q4/report.pdf" ]; then
    echo "report did not write report.pdf" >>"$d"
fi
same_file "report.pdf of -j 4" "$TMPD/p1/2025-Q4/report.pdf" "$TMPD/p4/2025-Q4/report.pdf" "$d"
result "report: report.pdf byte-identical with -j1 (one thread) and --jobs 4" "$d"

# ---- the report date: --date and SOURCE_DATE_EPOCH give the same files
d=$(new_details)
run "$out" "$err" env SOURCE_DATE_EPOCH=1767571200 "$BAOCAO" report --period 2025 --input input/submissions --output "$TMPD/r5" --no-pdf -j 2
same_status "$status1" "$status" "$d"
for f in summary.csv summary.xml run-log.txt; do
    same_file "$f with SOURCE_DATE_EPOCH=1767571200 (2026-01-05)" "$TMPD/r1/2025/$f" "$TMPD/r5/2025/$f" "$d"
done
result "report: SOURCE_DATE_EPOCH gives the same files as the same --date" "$d"

usage_case "report with a --date that is not YYYY-MM-DD" \
    "baocao: error: the report date must be YYYY-MM-DD (--date) or seconds since 1970 (SOURCE_DATE_EPOCH); see baocao --help [usage]" \
    report --period 2025 --input input/submissions --output "$TMPD/r6" --no-pdf --date 05/01/2026

d=$(new_details)
run "$out" "$err" env SOURCE_DATE_EPOCH=yesterday "$BAOCAO" report --period 2025 --input input/submissions --output "$TMPD/r6" --no-pdf
same_status 2 "$status" "$d"
same_text "stderr" "baocao: error: the report date must be YYYY-MM-DD (--date) or seconds since 1970 (SOURCE_DATE_EPOCH); see baocao --help [usage]" "$err" "$d"
if [ -e "$TMPD/r6" ]; then
    echo "a usage error should write nothing, but $TMPD/r6 exists" >>"$d"
fi
result "report with SOURCE_DATE_EPOCH=yesterday: exit 2, nothing written" "$d"

# the same years as --date (1900-2999): 99999999999999 s is the year 3170843
for epoch in 99999999999999 32503680000 99999999999999999999999; do
    d=$(new_details)
    run "$out" "$err" env SOURCE_DATE_EPOCH=$epoch "$BAOCAO" report --period 2025-Q3 --input input/submissions --output "$TMPD/r8" -q
    same_status 2 "$status" "$d"
    is_empty "stdout" "$out" "$d"
    same_text "stderr" "baocao: error: the report date must be YYYY-MM-DD (--date) or seconds since 1970 (SOURCE_DATE_EPOCH); see baocao --help [usage]" "$err" "$d"
    if [ -e "$TMPD/r8" ]; then
        echo "a usage error should write nothing, but $TMPD/r8 exists" >>"$d"
    fi
    result "report with SOURCE_DATE_EPOCH=$epoch (after 2999, as --date 3000-01-01 is): exit 2, nothing written" "$d"
done
usage_case "report with a --date after 2999" \
    "baocao: error: the report date must be YYYY-MM-DD (--date) or seconds since 1970 (SOURCE_DATE_EPOCH); see baocao --help [usage]" \
    report --period 2025 --input input/submissions --output "$TMPD/r8" --no-pdf --date 3000-01-01

# the last second of 2999-12-31 is still a date
d=$(new_details)
run "$out" "$err" env SOURCE_DATE_EPOCH=32503679999 "$BAOCAO" report --period 2025 --input input/submissions --output "$TMPD/r9" --no-pdf -q
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
contains "run-log.txt" "$TMPD/r9/2025/run-log.txt" "2999-12-31" "$d"
result "report with SOURCE_DATE_EPOCH=32503679999 (2999-12-31 23:59:59): exit 0, dated 2999-12-31" "$d"

# ---- a plan target that means nothing is refused, on its line, before
# anything is read or written (a ratio of at least -1 % was "exceeded")
sed 's/comparator="ge" target="1"/comparator="ge" target="-1"/' input/plan.xml >"$TMPD/plan-neg.xml"
line=$(grep -n 'comparator="ge" target="-1"' "$TMPD/plan-neg.xml" | cut -d: -f1)
d=$(new_details)
run "$out" "$err" "$BAOCAO" report --plan "$TMPD/plan-neg.xml" --input input/submissions --period 2025 --output "$TMPD/neg" --date 2026-01-05
same_status 1 "$status" "$d"
is_empty "stdout" "$out" "$d"
contains "stderr" "$err" "$TMPD/plan-neg.xml:$line: error: indicator II.4: the target of compute=\"ratio\" must be above zero [plan-bad-indicator]" "$d"
contains "stderr" "$err" "[plan-invalid]" "$d"
if [ -e "$TMPD/neg" ]; then
    echo "a plan with errors should write nothing, but $TMPD/neg exists" >>"$d"
fi
result "report with a ratio target of -1: exit 1, plan-bad-indicator on its line, nothing written" "$d"

# ---- a killed run's staging file is removed by the next run
# The file size limit kills the run (SIGXFSZ, not ignored here) in the
# middle of writing its first staging file, as a kill -9 would: the file
# stays. The next run that writes into the folder removes it, and only
# it: a name that is not exactly .baocao-XXXXXX stays, and so does a
# staging file that a live run holds (its lock, here taken by flock(1)).
d=$(new_details)
# (the outer subshell waits for it, and keeps the shell's own word on the
# signal off the test's output)
status=$( ( (ulimit -f 8; exec "$BAOCAO" report --period 2025-Q3 --input input/submissions --output "$TMPD/k" --date 2025-09-20 -q) >"$out" 2>"$err"; echo $? ) 2>/dev/null)
if [ "$status" -lt 128 ]; then
    echo "the run under ulimit -f should be killed, but exited $status" >>"$d"
fi
left=$(cd "$TMPD/k/2025-Q3" && ls -A)
case $left in
    .baocao-??????) ;;
    *) echo "the killed run should leave one staging file, not: $left" >>"$d" ;;
esac
: >"$TMPD/k/2025-Q3/.baocao-notes.txt"
: >"$TMPD/k/2025-Q3/.baocao-1234567"
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input input/submissions --output "$TMPD/k" --date 2025-09-20 -q
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
printf '%s\n' .baocao-1234567 .baocao-notes.txt report.pdf run-log.txt summary.csv summary.xml >"$TMPD/want-ls"
(cd "$TMPD/k/2025-Q3" && ls -A) >"$TMPD/ls"
same_file "the output folder" "$TMPD/want-ls" "$TMPD/ls" "$d"
result "a staging file left by a killed report is removed by the next report into the folder; other names stay" "$d"

d=$(new_details)
if command -v flock >/dev/null 2>&1; then
    : >"$TMPD/k/2025-Q3/.baocao-Stale9"
    run "$out" "$err" flock "$TMPD/k/2025-Q3/.baocao-Live42" \
        "$BAOCAO" report --period 2025-Q3 --input input/submissions --output "$TMPD/k" --date 2025-09-21 -q
    same_status 0 "$status" "$d"
    if [ ! -e "$TMPD/k/2025-Q3/.baocao-Live42" ]; then
        echo "a staging file held by a live run (flock) was removed" >>"$d"
    fi
    if [ -e "$TMPD/k/2025-Q3/.baocao-Stale9" ]; then
        echo "a staging file nobody holds was kept" >>"$d"
    fi
    result "the sweep leaves the staging file of a run still going (locked) and removes an unheld one" "$d"
else
    pass "the sweep leaves the staging file of a run still going # SKIP flock(1) is not installed"
fi

# ---- report: missing input folder
d=$(new_details)
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input "$TMPD/no-input" --output "$TMPD/r7" --no-pdf --date 2025-10-01
same_status 3 "$status" "$d"
contains "stderr" "$err" "baocao: error: cannot read the file ($TMPD/no-input: No such file or directory)" "$d"
result "report with a missing --input folder: exit 3, read-failed" "$d"

# a mistyped or empty --input must leave the report of an earlier run alone,
# not replace it with one where every unit is missing
d=$(new_details)
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input input --output "$TMPD/r9" --no-pdf --date 2025-10-01 -q
same_status 0 "$status" "$d"
cp "$TMPD/r9/2025-Q3/run-log.txt" "$TMPD/r9-log"
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input "$TMPD/no-input" --output "$TMPD/r9" --no-pdf --date 2025-10-01
same_status 3 "$status" "$d"
contains "stderr" "$err" "nothing written to $TMPD/r9/2025-Q3" "$d"
same_file "run-log.txt after a missing --input" "$TMPD/r9-log" "$TMPD/r9/2025-Q3/run-log.txt" "$d"
mkdir "$TMPD/empty-input"
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input "$TMPD/empty-input" --output "$TMPD/r9" --no-pdf --date 2025-10-01
same_status 1 "$status" "$d"
contains "stderr" "$err" "[no-files]" "$d"
contains "stderr" "$err" "nothing written to $TMPD/r9/2025-Q3" "$d"
same_file "run-log.txt after an empty --input" "$TMPD/r9-log" "$TMPD/r9/2025-Q3/run-log.txt" "$d"
run "$out" "$err" "$BAOCAO" report --period 2025-Q3 --input "$TMPD/empty-input" --output "$TMPD/r10" --no-pdf --date 2025-10-01
if [ -e "$TMPD/r10" ]; then
    echo "a report with no files should write nothing, but $TMPD/r10 exists" >>"$d"
fi
result "report with a missing or empty --input: nothing written, the earlier report stays" "$d"

# ---- run from another folder: input/ is relative, so the plan is not there
d=$(new_details)
mkdir "$TMPD/elsewhere"
run "$out" "$err" sh -c 'cd "$1" && exec "$2" report --period 2025-Q3' sh "$TMPD/elsewhere" "$BAOCAO"
same_status 3 "$status" "$d"
same_text "stderr" "baocao: error: there is no plan at input/plan.xml; run baocao from the folder that holds input/plan.xml (the one make run was run in), or give --plan FILE and --input DIR [plan-not-found]" "$err" "$d"
if [ -e "$TMPD/elsewhere/output" ]; then
    echo "nothing should be written, but $TMPD/elsewhere/output exists" >>"$d"
fi
result "report run from another folder: exit 3, plan-not-found says where to run it, nothing written" "$d"

# ---- a report font that lacks a letter baocao itself draws
# fontconfig is told that Liberation Serif has no U+0110 (Đ). The texts of
# the submissions, the plan and the template are checked against the font
# and the letter is printed as '?' with a warning naming their file; the
# program's own words ("Đơn vị", "Đánh giá") are checked last, and get the
# same '?' with one warning not tied to a file. The report is made.
cat >"$TMPD/no-d-stroke.conf" <<'EOF'
<?xml version="1.0"?>
<fontconfig>
  <dir>/usr/share/fonts/truetype/liberation2</dir>
  <cachedir prefix="xdg">fontconfig</cachedir>
  <alias binding="same">
    <family>Times New Roman</family>
    <accept><family>Liberation Serif</family></accept>
  </alias>
  <match target="scan">
    <test name="family"><string>Liberation Serif</string></test>
    <edit name="charset" mode="assign">
      <minus><name>charset</name><charset><int>0x0110</int></charset></minus>
    </edit>
  </match>
</fontconfig>
EOF
d=$(new_details)
run "$out" "$err" env FONTCONFIG_FILE="$TMPD/no-d-stroke.conf" XDG_CACHE_HOME="$TMPD/fc-cache" \
    "$BAOCAO" report --period 2025-Q3 --input "$CASES/glyph-missing/in" --output "$TMPD/nod" --date 2025-10-01
same_status 0 "$status" "$d"
is_empty "stdout" "$out" "$d"
contains "stderr" "$err" "baocao: warning: the character U+0110 is not in the report font Liberation Serif; it is printed as '?'" "$d"
[ "$(grep -c -F 'baocao: warning: the character U+0110' "$err")" -eq 1 ] ||
    echo "the program's own U+0110 should be warned about once" >>"$d"
! grep -q -F '[pdf-failed]' "$err" || echo "the PDF was refused" >>"$d"
[ -s "$TMPD/nod/2025-Q3/report.pdf" ] || echo "no report.pdf" >>"$d"
result "report with a font that lacks U+0110 (Đ), which the program's own headings use: made, with '?' and one warning" "$d"

# ---- progress: a line on stderr for 500 files or more, only when stderr is
# a terminal (script(1) gives the run one) and never with --quiet
mkdir -p "$TMPD/many"
cp -R input/submissions "$TMPD/many/a"
cp -R input/submissions "$TMPD/many/b"   # 630 files; b's are duplicates
n=$(find "$TMPD/many" -type f ! -name '.*' | wc -l | tr -d ' ')   # what batch lists
# tty_run OUT COMMAND...: the command's stdout and stderr, on a terminal.
# script(1) hands the command to a shell, so each argument is quoted for it.
tty_run() {
    _o=$1
    shift
    _cmd=exec
    for _a in "$@"; do
        _cmd="$_cmd '$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")'"
    done
    timeout "${E2E_TIMEOUT:-120}" script -q -e -c "$_cmd" /dev/null </dev/null >"$_o" 2>&1
}
d=$(new_details)
tty_run "$out" sh -c 'test -t 2 && echo "stderr is a terminal"'
contains "script(1)" "$out" "stderr is a terminal" "$d"
tty_run "$out" "$BAOCAO" validate "$TMPD/many"
contains "the terminal" "$out" "baocao: $n/$n files" "$d"
contains "the terminal" "$out" "baocao: 250/$n files" "$d"
run "$out" "$err" "$BAOCAO" validate "$TMPD/many"
lacks "stderr (a file)" "$err" "/$n files" "$d"
contains "stderr (a file)" "$err" "duplicate-file" "$d"
tty_run "$out" "$BAOCAO" validate -q "$TMPD/many"
lacks "the terminal with -q" "$out" "/$n files" "$d"
result "progress over $n files: on a terminal, not into a file, not with -q" "$d"

tap_done

#!/bin/sh
# End-to-end tests of the shipped data: every sample submission under
# input/submissions passes baocao validate and xmllint against the
# published schema, the plan passes xmllint against its schema, the file
# names match the contents, and tests/gen/gen_samples.py reproduces the
# sample set byte for byte.

. "$(dirname "$0")/lib.sh"
need_binary

out=$TMPD/out
err=$TMPD/err

find input/submissions -type f | sort >"$TMPD/all-files"
grep '\.xml$' "$TMPD/all-files" >"$TMPD/files"
n=$(wc -l <"$TMPD/files" | tr -d ' ')

d=$(new_details)
if [ "$n" -lt 1 ]; then
    echo "no .xml files under input/submissions" >>"$d"
fi
if ! cmp -s "$TMPD/all-files" "$TMPD/files"; then
    echo "input/submissions holds files that are not .xml:" >>"$d"
    grep -v '\.xml$' "$TMPD/all-files" | head -n 10 >>"$d"
fi
result "input/submissions holds $n .xml files and nothing else" "$d"

# ---- baocao validate over all of them
d=$(new_details)
run "$out" "$err" "$BAOCAO" validate input/submissions
same_status 0 "$status" "$d"
is_empty "stdout" "$out" "$d"
if grep -F -e ': error: ' "$err" >"$TMPD/errors"; then
    echo "error lines:" >>"$d"
    head -n 20 "$TMPD/errors" >>"$d"
fi
# the only warnings: the two files sent late on purpose
if grep -F -e ': warning: ' "$err" | grep -v -F -e '[late]' >"$TMPD/warnings"; then
    echo "warning lines other than [late]:" >>"$d"
    head -n 20 "$TMPD/warnings" >>"$d"
fi
[ "$(grep -c -F -e '[late]' "$err")" -eq 2 ] || echo "expected the 2 late files to be warned about" >>"$d"
result "baocao validate input/submissions: exit 0, no error lines, the 2 late files warned about" "$d"

d=$(new_details)
tail -n 1 "$err" >"$TMPD/summary"
same_text "the summary line" "baocao: $n files read: $n accepted, 0 rejected; 0 skipped" "$TMPD/summary" "$d"
result "the summary line counts all $n files, all accepted" "$d"

# ---- former districts and their communes: each model counted once
# For 2025 the communes' year files speak for their whole area (the former
# district's first half included), so the province's year total must equal
# the sum of every 2025 quarter file, districts' and communes' alike.
d=$(new_details)
run "$out" "$err" "$BAOCAO" report -q --no-pdf --period 2025 --date 2026-01-10 --output "$TMPD/y"
same_status 0 "$status" "$d"
want=$(grep -h 'measure="MH_UD"' input/submissions/2025/*-2025-Q*.xml |
       sed 's/.*>\([0-9]*\)<.*/\1/' | awk '{ s += $1 } END { print s }')
got=$(awk -F, '$1 == "measure" && $2 == "MH_UD" && $4 == "ALL" { print $7 }' "$TMPD/y/2025/summary.csv")
[ -n "$want" ] && [ "$want" -gt 0 ] || echo "no MH_UD figure in the 2025 quarter files" >>"$d"
[ "$got" = "$want" ] || echo "MH_UD 2025 province total: got '$got', the quarters add up to $want" >>"$d"
result "report 2025: MH_UD's year total is the sum of the 2025 quarters ($want), not a second count of the districts' half-year" "$d"

# ---- xmllint against the published schemas (what a department can run)
d=$(new_details)
if ! command -v xmllint >/dev/null 2>&1; then
    echo "xmllint is missing (package libxml2-utils, see tests/deps.sh)" >>"$d"
else
    # one xmllint call over every file; the list has no spaces in it
    # shellcheck disable=SC2046
    xmllint --noout --schema templates/submission-v1.xsd $(cat "$TMPD/files") >"$out" 2>"$err"
    status=$?
    same_status 0 "$status" "$d"
    ok_count=$(grep -c ' validates$' "$err")
    if [ "$ok_count" -ne "$n" ]; then
        echo "xmllint says 'validates' for $ok_count of $n files:" >>"$d"
        grep -v ' validates$' "$err" | head -n 20 >>"$d"
    fi
fi
result "xmllint --schema templates/submission-v1.xsd: all $n files validate" "$d"

d=$(new_details)
run "$out" "$err" xmllint --noout --schema templates/plan-v1.xsd input/plan.xml
same_status 0 "$status" "$d"
same_text "xmllint's stderr" "input/plan.xml validates" "$err" "$d"
result "xmllint --schema templates/plan-v1.xsd input/plan.xml validates" "$d"

d=$(new_details)
run "$out" "$err" xmllint --noout --schema templates/report-template-v1.xsd templates/report-quarter.xml templates/report-year.xml templates/report-review.xml
same_status 0 "$status" "$d"
if [ "$(grep -c ' validates$' "$err")" -ne 3 ]; then
    cat "$err" >>"$d"
fi
result "xmllint --schema templates/report-template-v1.xsd: the three report templates validate" "$d"

# ---- names match contents: YYYY/UNIT-PERIOD-rN.xml, sample="true"
d=$(new_details)
# shellcheck disable=SC2046
awk '
    FNR == 1 { seen = 0 }
    /<submission / && !seen {
        seen = 1
        unit = $0; sub(/.* unit="/, "", unit); sub(/".*/, "", unit)
        per = $0; sub(/.* period="/, "", per); sub(/".*/, "", per)
        rev = $0; sub(/.* revision="/, "", rev); sub(/".*/, "", rev)
        want = substr(per, 1, 4) "/" unit "-" per "-r" rev ".xml"
        n = split(FILENAME, parts, "/")
        have = parts[n - 1] "/" parts[n]
        if (have != want)
            print FILENAME ": unit, period and revision say " want
        if ($0 !~ / sample="true"/)
            print FILENAME ": the root has no sample=\"true\""
    }
' $(cat "$TMPD/files") >>"$d"
result "each file is YEAR/UNIT-PERIOD-rREVISION.xml as its root says, and is marked sample=\"true\"" "$d"

# ---- the generator reproduces the set
d=$(new_details)
if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 is missing (see tests/deps.sh)" >>"$d"
else
    run "$out" "$err" python3 tests/gen/gen_samples.py --plan input/plan.xml --out "$TMPD/gen" -q
    same_status 0 "$status" "$d"
    is_empty "gen_samples.py stdout with -q" "$out" "$d"
    is_empty "gen_samples.py stderr" "$err" "$d"
    if ! diff -r input/submissions "$TMPD/gen" >"$TMPD/gen.diff" 2>&1; then
        echo "diff -r input/submissions GENERATED:" >>"$d"
        head -n 40 "$TMPD/gen.diff" >>"$d"
    fi
fi
result "tests/gen/gen_samples.py --out TMP reproduces input/submissions byte for byte" "$d"

tap_done

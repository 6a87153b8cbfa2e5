#!/bin/sh
# End-to-end test of aggregation: "baocao report --no-pdf" on a small
# fixture (tests/e2e/agg/), its summary.csv and summary.xml compared byte
# for byte with tests/e2e/agg/expected/PERIOD/, every figure worked out by
# hand below checked on its own (so that a failure names the figure), the
# run log, repeatability (two runs, -j 1 and -j 4), and summary.xml valid
# against templates/summary-v1.xsd.
#
# Usage: sh tests/e2e/aggregate.sh     (from anywhere; BAOCAO = the binary)
#
# ======================================================================
# THE FIXTURE (tests/e2e/agg/plan.xml, plan years 2023-2025, cut-off day
# 14, due 3 days after a quarter's window, 5 after a year's)
#
# Units: SKHCN, STC (departments); UBND_CL (district, ends 30/06/2025,
# successor XA_CL); XA_CL (communes, from 01/07/2025).
# Measures: CHI_KHCN, CHI_NSNN (amounts, STC); DN_KHCN (stock, SKHCN and
# UBND_CL); CDDL (items, SKHCN and UBND_CL); DON_NH (amount, SKHCN);
# MH_UD (amount, UBND_CL).
# Indicators: II.4 ratio CHI_KHCN/CHI_NSNN in %, ge 1; II.6a multiple of
# DN_KHCN over the 2020 baseline 20, ge 1.5; II.7 sum of MH_UD, ge 40;
# II.8a count of CDDL, ge 4; II.8c growth of DON_NH over the 2022
# baseline 420, ge 2 (% a year).
#
# Submissions (input/), with what happens to each:
#   2024/SKHCN-2024-r1.xml   2024, sent 20/12/2024: LATE (deadline
#                            14/12 + 5 = 19/12/2024). DN_KHCN 24 (line 5),
#                            DON_NH 441 (line 6), items GI-001 (line 9),
#                            GI-002 (line 10)
#   2024/STC-2024-r1.xml     2024 r1: SUPERSEDED by r2
#   2024/STC-2024-r2.xml     2024 r2, sent 19/12/2024 (on the deadline):
#                            CHI_KHCN 1620.25 (line 5), CHI_NSNN 162025 (6)
#   2024/UBND_CL-2024-Q1.xml MH_UD 3
#   2024/UBND_CL-2024-Q2.xml DN_KHCN 4, MH_UD 4
#   2024/UBND_CL-2024-Q3.xml MH_UD 5, item GI-002 again (line 8): the same
#                            geographical indication reported by a second
#                            unit, counted once
#   2024/UBND_CL-2024-Q4.xml DN_KHCN 5, MH_UD 6
#   2025/SKHCN-2025-Q3-r1.xml  SUPERSEDED by r2
#   2025/SKHCN-2025-Q3-r2.xml  sent 17/09/2025 (on time): DN_KHCN 28,
#                            DON_NH 125, items GI-003 (line 9), GI-004 (10)
#   2025/STC-2025-Q3-r1.xml  CHI_KHCN 380, CHI_NSNN 40000: wins, because
#   2025/STC-2025-Q3-r2a.xml and r2b.xml are revision 2 with different
#                            content: a CONFLICT, both set aside
#   2025/UBND_CL-2025-Q2.xml DN_KHCN 6, MH_UD 7 (its last quarter)
#   2025/XA_CL-2025-Q3.xml   sent 19/09/2025: LATE (14/09 + 3 = 17/09).
#                            DN_KHCN 7, MH_UD 8, item GI-003 again
#   README.txt               SKIPPED (not .xml)
# Files: 15 = 10 accepted + 2 superseded + 2 rejected (the conflict) +
# 1 skipped; exit status 1 (some input rejected).
#
# ======================================================================
# THE YEAR 2024 BY HAND (window 15/12/2023 - 14/12/2024, deadline
# 19/12/2024; 8 of the plan's 12 quarters have elapsed: expected progress
# 8/12 = 66.67 %)
#
#   CHI_KHCN  STC 2024 r2 submitted           = 1620.25
#   CHI_NSNN  STC 2024 r2 submitted           = 162025
#   II.4      100 × 1620.25 / 162025          = 1 exactly: "1.00",
#             status achieved (ge, exactly at the target: not exceeded);
#             percent 1 / 1 × 100 = "100.0"; its cumulative (2023-2024)
#             lacks STC's 2023: note "rests on figures with some quarters
#             missing"
#   DN_KHCN   SKHCN: its 2024 figure          = 24 (submitted)
#             UBND_CL: latest up to 2024-Q4 = the Q4 figure 5 (latest)
#             province                        = 24 + 5 = 29
#   II.6a     29 / 20 = 1.45 < 1.5: behind; percent 1.45/1.5 = "96.7"
#   MH_UD     UBND_CL 2024 from its quarters  = 3 + 4 + 5 + 6 = 18 (sum)
#   II.7      value 18 = cumulative (nothing in 2023): "18.00"; percent
#             18/40 = "45.0" < 66.7: behind; projection 18 × 12/8 = "27.00"
#   II.8a     distinct CDDL items reported in 2023-2024: GI-001, GI-002
#             (GI-002 by SKHCN and UBND_CL, once) = 2; percent 2/4 = "50.0"
#             < 66.7: behind; projection 2 × 12/8 = "3"; 2023: nobody sent
#             any report, so no count for it (blank, not 0)
#   DON_NH    SKHCN 2024                      = 441
#   II.8c     ((441/420)^(1/2) - 1) × 100 = (sqrt(1.05) - 1) × 100
#             = 2.4695...: "2.47" ≥ 2: exceeded; judged on 2024;
#             percent 2.4695/2 × 100 = "123.5"
#   coverage  SKHCN late, STC on time, UBND_CL derived (all four quarters,
#             no year file); XA_CL does not exist yet: not listed
#
# THE QUARTER 2025-Q3 BY HAND (window 15/06/2025 - 14/09/2025, deadline
# 17/09/2025; 11 of 12 quarters: expected 11/12 = 91.67 %)
#
#   CHI_KHCN  STC Q3 r1 (r2a/r2b conflict)    = 380
#             cumulative 2023-Q1..2025-Q3: 1620.25 + 380 = 2000.25
#   CHI_NSNN  40000; cumulative 162025 + 40000 = 202025
#   II.4      100 × 380 / 40000 = "0.95": behind; percent "95.0";
#             cumulative 100 × 2000.25 / 202025 = 0.990100... "0.99",
#             without 2023 and 2025-Q1, Q2: the same note;
#             2024-Q3: STC sent no 2024-Q3 figure: no value
#   DN_KHCN   SKHCN Q3 r2 = 28 (submitted); UBND_CL latest = 6 from
#             2025-Q2 (listed, rule latest); XA_CL Q3 = 7 (submitted).
#             On 14/09/2025 UBND_CL's duties are held by XA_CL, whose own
#             figure is the later one: province = 28 + 7 = 35, NOT
#             28 + 6 + 7 = 41
#   II.6a     35 / 20 = "1.75" ≥ 1.5: exceeded; percent 1.75/1.5 = "116.7";
#             2024-Q3: only UBND_CL's 4 (2024-Q2) up to then: 4/20 = "0.20"
#   MH_UD     Q3: XA_CL 8; cumulative: UBND_CL 18 (2024) + 7 (2025-Q2) = 25,
#             XA_CL 8: 25 + 8 = 33
#   II.7      value "8.00", cumulative "33.00"; 2024-Q3: "5.00"; percent
#             33/40 = "82.5" < 91.7: behind; projection 33 × 12/11 = "36.00"
#   II.8a     items in 2025-Q3: GI-003 (SKHCN and XA_CL, once), GI-004 = 2;
#             cumulative GI-001..GI-004 = 4 = target: achieved (not
#             exceeded), percent "100.0"; projection 4 × 12/11 = 4.36 → "4";
#             2024-Q3: GI-002 = "1"
#   DON_NH    125; cumulative 441 + 125 = 566
#   II.8c     judged on 2024, the last whole year ended: "2.47", exceeded
#   coverage  SKHCN on time (r2 sent 17/09), STC on time (r1), XA_CL late;
#             UBND_CL ended inside the window: not expected, not listed
# ======================================================================

. "$(dirname "$0")/lib.sh"
need_binary

AGG=tests/e2e/agg
PLAN=$AGG/plan.xml
INPUT=$AGG/input
DATE=2025-09-20
XSD=templates/summary-v1.xsd

# report OUTDIR PERIOD [OPTIONS...]: one run; status in $status, stderr in
# $TMPD/stderr.
report() {
    _o=$1
    _p=$2
    shift 2
    run "$TMPD/stdout" "$TMPD/stderr" "$BAOCAO" report --period "$_p" --plan "$PLAN" \
        --input "$INPUT" --output "$_o" --date "$DATE" --no-pdf "$@"
}

# The generator attribute carries baocao's version; the expected files say
# @VERSION@ instead.
normalise_xml() {
    sed 's/ generator="[^"]*"/ generator="@VERSION@"/' "$1"
}

# csv_get FILE ROW CODE UNIT COLUMN: the field COLUMN (a header name) of the
# record whose row, code and unit_code are ROW, CODE, UNIT ("" for
# indicators). Quoted fields (RFC 4180) are read as such.
csv_get() {
    awk -v row="$2" -v code="$3" -v unit="$4" -v col="$5" '
    function split_csv(s, f,    n, i, c, q, cur) {
        n = 0; cur = ""; q = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
                } else cur = cur c
            } else if (c == "\"") q = 1
            else if (c == ",") { f[++n] = cur; cur = "" }
            else cur = cur c
        }
        f[++n] = cur
        return n
    }
    {
        sub(/\r$/, "")
        if (NR == 1) {
            sub(/^\357\273\277/, "")
            n = split_csv($0, h)
            for (i = 1; i <= n; i++) idx[h[i]] = i
            if (!(col in idx)) { print "(no column " col ")"; exit }
            next
        }
        split_csv($0, f)
        if (f[1] == row && f[2] == code && f[4] == unit) { print f[idx[col]]; found = 1; exit }
    }
    END { if (!found) print "(no row)" }' "$1"
}

# fig NAME FILE ROW CODE UNIT COLUMN EXPECTED: one TAP line per figure.
fig() {
    _got=$(csv_get "$2" "$3" "$4" "$5" "$6")
    if [ "$_got" = "$7" ]; then
        pass "$1: $6 = $7"
    else
        fail "$1: $6 = $7"
        echo "# got '$_got' in $2 (row $3, code $4, unit '$5')"
    fi
}

# xfig NAME FILE XPATH EXPECTED: a figure of summary.xml (xmllint --xpath).
xfig() {
    _got=$(xmllint --xpath "$3" "$2" 2>&1)
    if [ "$_got" = "$4" ]; then
        pass "$1 = $4"
    else
        fail "$1 = $4"
        echo "# got '$_got' for $3"
    fi
}

have_xmllint=0
if command -v xmllint >/dev/null 2>&1; then
    have_xmllint=1
fi

# ---- the two reports
Y=$TMPD/a/2024
Q=$TMPD/a/2025-Q3
for per in 2024 2025-Q3; do
    d=$(new_details)
    report "$TMPD/a" "$per"
    same_status 1 "$status" "$d"
    for f in summary.csv summary.xml run-log.txt; do
        [ -s "$TMPD/a/$per/$f" ] || echo "$per/$f was not written" >>"$d"
    done
    [ ! -e "$TMPD/a/$per/report.pdf" ] || echo "report.pdf written despite --no-pdf" >>"$d"
    # the skipped file when listed; then the files' diagnostics in file
    # order (late, conflict, conflict, late); then the totals
    same_text "stderr" "$INPUT/README.txt: warning: skipped: the name does not end in .xml [not-xml-file]
$INPUT/2024/SKHCN-2024-r1.xml:2: warning: sent on 20/12/2024, after the deadline 19/12/2024 (2024); the figures are used and the unit is listed as late [late]
$INPUT/2025/STC-2025-Q3-r2a.xml:2: error: another file has the same unit, period and revision 2 but different content ($INPUT/2025/STC-2025-Q3-r2b.xml); both are set aside: send the corrected file as a new revision [revision-conflict]
$INPUT/2025/STC-2025-Q3-r2b.xml:2: error: another file has the same unit, period and revision 2 but different content ($INPUT/2025/STC-2025-Q3-r2a.xml); both are set aside: send the corrected file as a new revision [revision-conflict]
$INPUT/2025/XA_CL-2025-Q3.xml:2: warning: sent on 19/09/2025, after the deadline 17/09/2025 (2025-Q3); the figures are used and the unit is listed as late [late]
baocao: 14 files read: 10 accepted, 2 superseded, 2 rejected; 1 skipped; output in $TMPD/a/$per" "$TMPD/stderr" "$d"
    is_empty "stdout" "$TMPD/stdout" "$d"
    result "report $per: exit 1 (a conflict is rejected), the three outputs, the diagnostics in file order" "$d"

    d=$(new_details)
    same_file "summary.csv" "$AGG/expected/$per/summary.csv" "$TMPD/a/$per/summary.csv" "$d"
    result "report $per: summary.csv is $AGG/expected/$per/summary.csv" "$d"

    d=$(new_details)
    normalise_xml "$TMPD/a/$per/summary.xml" >"$TMPD/summary-$per.xml"
    same_file "summary.xml" "$AGG/expected/$per/summary.xml" "$TMPD/summary-$per.xml" "$d"
    result "report $per: summary.xml is $AGG/expected/$per/summary.xml" "$d"
done

# ---- the year 2024, figure by figure
C=$Y/summary.csv
fig "2024 II.4 ratio 1620.25/162025" "$C" indicator II.4 "" value 1.00
fig "2024 II.4 exactly at the target" "$C" indicator II.4 "" status achieved
fig "2024 II.4" "$C" indicator II.4 "" percent_of_target 100.0
fig "2024 II.4 cumulative without 2023" "$C" indicator II.4 "" note "rests on figures with some quarters missing"
fig "2024 CHI_KHCN STC r2, not r1" "$C" measure CHI_KHCN STC value 1620.25
fig "2024 DN_KHCN SKHCN" "$C" measure DN_KHCN SKHCN value 24
fig "2024 DN_KHCN UBND_CL latest (Q4)" "$C" measure DN_KHCN UBND_CL value 5
fig "2024 DN_KHCN UBND_CL" "$C" measure DN_KHCN UBND_CL rule latest
fig "2024 DN_KHCN province 24 + 5" "$C" measure DN_KHCN ALL value 29
fig "2024 II.6a 29/20" "$C" indicator II.6a "" value 1.45
fig "2024 II.6a 1.45/1.5" "$C" indicator II.6a "" percent_of_target 96.7
fig "2024 II.6a below 1.5" "$C" indicator II.6a "" status behind
fig "2024 MH_UD UBND_CL 3+4+5+6" "$C" measure MH_UD UBND_CL value 18
fig "2024 MH_UD from quarters" "$C" measure MH_UD UBND_CL rule sum
fig "2024 II.7 cumulative" "$C" indicator II.7 "" cumulative 18.00
fig "2024 II.7 18/40" "$C" indicator II.7 "" percent_of_target 45.0
fig "2024 II.7 8 of 12 quarters" "$C" indicator II.7 "" expected_progress 66.7
fig "2024 II.7 18 x 12/8" "$C" indicator II.7 "" projection 27.00
fig "2024 II.7 45 < 66.7" "$C" indicator II.7 "" status behind
fig "2024 II.8a GI-001, GI-002 once" "$C" indicator II.8a "" value 2
fig "2024 II.8a no report at all in 2023" "$C" indicator II.8a "" same_period_last_year ""
fig "2024 II.8a 2/4" "$C" indicator II.8a "" percent_of_target 50.0
fig "2024 II.8a 2 x 12/8" "$C" indicator II.8a "" projection 3
fig "2024 II.8a 50 < 66.7" "$C" indicator II.8a "" status behind
fig "2024 II.8c (sqrt(441/420)-1) x 100" "$C" indicator II.8c "" value 2.47
fig "2024 II.8c 2.4695/2" "$C" indicator II.8c "" percent_of_target 123.5
fig "2024 II.8c above 2" "$C" indicator II.8c "" status exceeded

# ---- the quarter 2025-Q3, figure by figure
C=$Q/summary.csv
fig "2025-Q3 CHI_KHCN STC r1 (r2 in conflict)" "$C" measure CHI_KHCN STC value 380
fig "2025-Q3 CHI_KHCN 1620.25 + 380" "$C" measure CHI_KHCN ALL cumulative 2000.25
fig "2025-Q3 CHI_NSNN 162025 + 40000" "$C" measure CHI_NSNN ALL cumulative 202025
fig "2025-Q3 II.4 380/40000" "$C" indicator II.4 "" value 0.95
fig "2025-Q3 II.4 2000.25/202025" "$C" indicator II.4 "" cumulative 0.99
fig "2025-Q3 II.4 no 2024-Q3 figure" "$C" indicator II.4 "" same_period_last_year ""
fig "2025-Q3 II.4 below 1" "$C" indicator II.4 "" status behind
fig "2025-Q3 DN_KHCN SKHCN r2" "$C" measure DN_KHCN SKHCN value 28
fig "2025-Q3 DN_KHCN UBND_CL listed" "$C" measure DN_KHCN UBND_CL value 6
fig "2025-Q3 DN_KHCN XA_CL" "$C" measure DN_KHCN XA_CL value 7
fig "2025-Q3 DN_KHCN 28 + 7, not + 6" "$C" measure DN_KHCN ALL value 35
fig "2025-Q3 II.6a 35/20" "$C" indicator II.6a "" value 1.75
fig "2025-Q3 II.6a 2024-Q3 4/20" "$C" indicator II.6a "" same_period_last_year 0.20
fig "2025-Q3 II.6a 1.75/1.5" "$C" indicator II.6a "" percent_of_target 116.7
fig "2025-Q3 II.6a above 1.5" "$C" indicator II.6a "" status exceeded
fig "2025-Q3 MH_UD XA_CL" "$C" measure MH_UD ALL value 8
fig "2025-Q3 MH_UD 18 + 7 + 8" "$C" measure MH_UD ALL cumulative 33
fig "2025-Q3 II.7 cumulative" "$C" indicator II.7 "" cumulative 33.00
fig "2025-Q3 II.7 2024-Q3" "$C" indicator II.7 "" same_period_last_year 5.00
fig "2025-Q3 II.7 33/40" "$C" indicator II.7 "" percent_of_target 82.5
fig "2025-Q3 II.7 11 of 12 quarters" "$C" indicator II.7 "" expected_progress 91.7
fig "2025-Q3 II.7 33 x 12/11" "$C" indicator II.7 "" projection 36.00
fig "2025-Q3 II.8a GI-003 once, GI-004" "$C" indicator II.8a "" value 2
fig "2025-Q3 II.8a GI-001..GI-004" "$C" indicator II.8a "" cumulative 4
fig "2025-Q3 II.8a 2024-Q3 GI-002" "$C" indicator II.8a "" same_period_last_year 1
fig "2025-Q3 II.8a exactly 4" "$C" indicator II.8a "" status achieved
fig "2025-Q3 II.8a 4 x 12/11" "$C" indicator II.8a "" projection 4
fig "2025-Q3 DON_NH 441 + 125" "$C" measure DON_NH ALL cumulative 566
fig "2025-Q3 II.8c judged on 2024" "$C" indicator II.8c "" value 2.47

# ---- summary.xml: the same figures where the CSV does not carry them
if [ "$have_xmllint" -eq 1 ]; then
    X=$Q/summary.xml
    xfig "2025-Q3 xml II.8c judged year" "$X" 'string(/summary/indicator[@code="II.8c"]/judged/@year)' 2024
    xfig "2025-Q3 xml DN_KHCN total" "$X" 'string(/summary/measure[@code="DN_KHCN"]/total/@value)' 35
    xfig "2025-Q3 xml DN_KHCN total sources" "$X" 'count(/summary/measure[@code="DN_KHCN"]/total/source)' 2
    xfig "2025-Q3 xml coverage units (UBND_CL not expected)" "$X" 'count(/summary/coverage/unit)' 3
    xfig "2025-Q3 xml coverage XA_CL" "$X" 'string(/summary/coverage/unit[@code="XA_CL"]/@status)' late
    xfig "2025-Q3 xml coverage STC file" "$X" 'string(/summary/coverage/unit[@code="STC"]/@file)' "$INPUT/2025/STC-2025-Q3-r1.xml"
    xfig "2025-Q3 xml GI-003 reports (two units, counted once)" "$X" 'count(/summary/item[@id="GI-003"]/report)' 2
    xfig "2025-Q3 xml GI-003 second report" "$X" 'string(/summary/item[@id="GI-003"]/report[2]/@unit)' XA_CL
    xfig "2025-Q3 xml items" "$X" 'count(/summary/item)' 4
    X=$Y/summary.xml
    xfig "2024 xml coverage UBND_CL" "$X" 'string(/summary/coverage/unit[@code="UBND_CL"]/@status)' derived
    xfig "2024 xml coverage SKHCN" "$X" 'string(/summary/coverage/unit[@code="SKHCN"]/@status)' late
    xfig "2024 xml coverage deadline" "$X" 'string(/summary/coverage/@deadline)' 2024-12-19
    xfig "2024 xml GI-002 first report" "$X" 'string(/summary/item[@id="GI-002"]/report[1]/@file)' "$INPUT/2024/UBND_CL-2024-Q3.xml"
    xfig "2024 xml files total" "$X" 'string(/summary/files/@total)' 15
else
    fail "xmllint is installed (libxml2-utils; make deps)"
fi

# ---- the run log: every input file once, with its fate; counts add up
for per in 2024 2025-Q3; do
    d=$(new_details)
    L=$TMPD/a/$per/run-log.txt
    # the file section: from its heading to the blank line after it
    sed -n '/^# every input file/,/^$/p' "$L" | sed '1d;/^$/d' >"$TMPD/files.txt"
    find "$INPUT" -type f | LC_ALL=C sort >"$TMPD/inputs.txt"
    n_in=$(wc -l <"$TMPD/inputs.txt")
    n_listed=$(wc -l <"$TMPD/files.txt")
    [ "$n_in" -eq "$n_listed" ] || echo "$n_in input files, $n_listed listed" >>"$d"
    while read -r f; do
        k=$(awk -F '\t' -v f="$f" '$2 == f' "$TMPD/files.txt" | wc -l)
        [ "$k" -eq 1 ] || echo "$f is listed $k times" >>"$d"
    done <"$TMPD/inputs.txt"
    # the counts line: found = accepted + superseded + rejected + skipped,
    # read = found - skipped, and each count is the number of files listed
    # with that fate
    counts=$(sed -n 's/^files\t\([0-9]*\) found\t\([0-9]*\) read\t\([0-9]*\) accepted\t\([0-9]*\) superseded\t\([0-9]*\) rejected\t\([0-9]*\) skipped$/\1 \2 \3 \4 \5 \6/p' "$L")
    set -- $counts
    if [ $# -eq 6 ]; then
        [ "$2" -eq $(($1 - $6)) ] || echo "read $2 is not found $1 less skipped $6" >>"$d"
        counts="$1 $3 $4 $5 $6"
        set -- $counts
    fi
    if [ $# -ne 5 ]; then
        echo "no counts line in $L" >>"$d"
    else
        [ "$1" -eq $(($2 + $3 + $4 + $5)) ] || echo "counts do not add up: $counts" >>"$d"
        [ "$1" -eq "$n_in" ] || echo "$1 files counted, $n_in in the input" >>"$d"
        acc=$(grep -c '^accepted	' "$TMPD/files.txt")
        sup=$(grep -c -e '^superseded	' -e '^duplicate	' "$TMPD/files.txt")
        rej=$(grep -c -e '^rejected	' -e '^conflict	' -e '^unreadable	' "$TMPD/files.txt")
        ski=$(grep -c '^skipped	' "$TMPD/files.txt")
        [ "$2 $3 $4 $5" = "$acc $sup $rej $ski" ] ||
            echo "counts $2 $3 $4 $5, but listed $acc $sup $rej $ski" >>"$d"
        [ "$counts" = "15 10 2 2 1" ] || echo "counts: expected 15 10 2 2 1, got $counts" >>"$d"
    fi
    for want in \
        "superseded	$INPUT/2024/STC-2024-r1.xml	STC	2024	r1	2024-12-18	superseded by $INPUT/2024/STC-2024-r2.xml" \
        "accepted	$INPUT/2024/SKHCN-2024-r1.xml	SKHCN	2024	r1	2024-12-20	late (deadline 2024-12-19)	0 errors, 1 warnings: late" \
        "superseded	$INPUT/2025/SKHCN-2025-Q3-r1.xml	SKHCN	2025-Q3	r1	2025-09-15	superseded by $INPUT/2025/SKHCN-2025-Q3-r2.xml" \
        "conflict	$INPUT/2025/STC-2025-Q3-r2a.xml	STC	2025-Q3	r2	2025-09-16	conflicts with $INPUT/2025/STC-2025-Q3-r2b.xml	1 errors, 0 warnings: revision-conflict" \
        "conflict	$INPUT/2025/STC-2025-Q3-r2b.xml	STC	2025-Q3	r2	2025-09-16	conflicts with $INPUT/2025/STC-2025-Q3-r2a.xml	1 errors, 0 warnings: revision-conflict" \
        "accepted	$INPUT/2025/STC-2025-Q3-r1.xml	STC	2025-Q3	r1	2025-09-15" \
        "accepted	$INPUT/2025/XA_CL-2025-Q3.xml	XA_CL	2025-Q3	r1	2025-09-19	late (deadline 2025-09-17)	0 errors, 1 warnings: late" \
        "skipped	$INPUT/README.txt					0 errors, 1 warnings: not-xml-file"; do
        grep -F -x -e "$want" "$TMPD/files.txt" >/dev/null || echo "missing line: $want" >>"$d"
    done
    contains "run log" "$L" "plan	53/KH-UBND	$PLAN" "$d"
    contains "run log" "$L" "report date	$DATE" "$d"
    result "report $per: run-log.txt lists every input file once with its fate; the counts add up" "$d"
done

d=$(new_details)
L=$Y/run-log.txt
contains "run log" "$L" "period	2024	15/12/2023 - 14/12/2024" "$d"
contains "run log" "$L" "# coverage of 2024 (deadline 19/12/2024)" "$d"
sed -n '/^# coverage/,$p' "$L" | sed 1d >"$TMPD/cov.txt"
same_text "coverage of 2024" "late	SKHCN	Sở Khoa học và Công nghệ	2024-12-20	$INPUT/2024/SKHCN-2024-r1.xml
on-time	STC	Sở Tài chính	2024-12-19	$INPUT/2024/STC-2024-r2.xml
derived	UBND_CL	Ủy ban nhân dân huyện Chi Lăng" "$TMPD/cov.txt" "$d"
L=$Q/run-log.txt
sed -n '/^# coverage/,$p' "$L" | sed 1d >"$TMPD/cov.txt"
same_text "coverage of 2025-Q3" "on-time	SKHCN	Sở Khoa học và Công nghệ	2025-09-17	$INPUT/2025/SKHCN-2025-Q3-r2.xml
on-time	STC	Sở Tài chính	2025-09-15	$INPUT/2025/STC-2025-Q3-r1.xml
late	XA_CL	Các xã trên địa bàn huyện Chi Lăng (cũ)	2025-09-19	$INPUT/2025/XA_CL-2025-Q3.xml" "$TMPD/cov.txt" "$d"
result "run-log.txt coverage: late, on time, derived from quarters; the dissolved district not expected in 2025-Q3" "$d"

# ---- repeatability: a second run, and -j 1 against -j 4
d=$(new_details)
report "$TMPD/b" 2025-Q3
report "$TMPD/j1" 2025-Q3 -j 1
report "$TMPD/j4" 2025-Q3 -j 4
report "$TMPD/j1" 2024 -j 1
report "$TMPD/j4" 2024 -j 4
for f in summary.csv summary.xml run-log.txt; do
    same_file "second run $f" "$Q/$f" "$TMPD/b/2025-Q3/$f" "$d"
    same_file "-j 1 $f" "$Q/$f" "$TMPD/j1/2025-Q3/$f" "$d"
    same_file "-j 4 $f" "$Q/$f" "$TMPD/j4/2025-Q3/$f" "$d"
    same_file "-j 1 2024 $f" "$Y/$f" "$TMPD/j1/2024/$f" "$d"
    same_file "-j 4 2024 $f" "$Y/$f" "$TMPD/j4/2024/$f" "$d"
done
result "two runs, and -j 1 and -j 4, give byte-identical outputs" "$d"

# ---- summary.xml against templates/summary-v1.xsd
for per in 2024 2025-Q3; do
    d=$(new_details)
    if [ "$have_xmllint" -eq 1 ]; then
        xmllint --noout --schema "$XSD" "$TMPD/a/$per/summary.xml" >"$TMPD/xmllint.out" 2>&1 ||
            cat "$TMPD/xmllint.out" >>"$d"
    else
        echo "xmllint is not installed (libxml2-utils; make deps)" >>"$d"
    fi
    result "report $per: summary.xml validates against $XSD" "$d"
done

# The schema must be able to reject: a summary.xml with an empty value.
d=$(new_details)
if [ "$have_xmllint" -eq 1 ]; then
    sed 's|<value>0.95</value>|<value></value>|' "$Q/summary.xml" >"$TMPD/bad.xml"
    if xmllint --noout --schema "$XSD" "$TMPD/bad.xml" >/dev/null 2>&1; then
        echo "an empty <value> passes $XSD" >>"$d"
    fi
    sed 's| rule="latest"| rule="guess"|' "$Q/summary.xml" >"$TMPD/bad.xml"
    if xmllint --noout --schema "$XSD" "$TMPD/bad.xml" >/dev/null 2>&1; then
        echo "rule=\"guess\" passes $XSD" >>"$d"
    fi
else
    echo "xmllint is not installed" >>"$d"
fi
result "$XSD rejects an empty value and an unknown rule" "$d"

# A submission whose file name is not UTF-8 (a name in a legacy 8-bit
# encoding, as old unzip tools leave them: "báo cáo" in Windows-1258 or
# Latin-1 is b\341o c\341o): summary.xml names its source files, and must stay
# well-formed XML.
d=$(new_details)
mkdir "$TMPD/latin"
cp "$INPUT/2024/STC-2024-r2.xml" "$TMPD/latin/$(printf 'STC-b\341o-c\341o.xml')"
run "$TMPD/stdout" "$TMPD/stderr" "$BAOCAO" report --period 2024 --plan "$PLAN" \
    --input "$TMPD/latin" --output "$TMPD/latin-out" --date "$DATE" --no-pdf -q
if [ ! -s "$TMPD/latin-out/2024/summary.xml" ]; then
    echo "no summary.xml (exit $status)" >>"$d"
elif [ "$have_xmllint" -eq 1 ]; then
    xmllint --noout "$TMPD/latin-out/2024/summary.xml" >"$TMPD/xmllint.out" 2>&1 ||
        head -n 5 "$TMPD/xmllint.out" | tr -c '\n -~' '?' >>"$d"
else
    echo "xmllint is not installed" >>"$d"
fi
result "a submission file name that is not UTF-8 still gives a well-formed summary.xml" "$d"

# The same kind of name on the lower revision that counts because the two
# higher ones conflict: baocao reads that file a second time (it held only
# the highest revision's figures), by its name on disk, and counts it.
d=$(new_details)
mkdir "$TMPD/latin2"
r2="$INPUT/2024/STC-2024-r2.xml"
sed 's/revision="2"/revision="1"/' "$r2" >"$TMPD/latin2/$(printf 'STC-b\341o-c\341o.xml')"
sed 's/revision="2"/revision="3"/; s/1620.25/1700/' "$r2" >"$TMPD/latin2/STC-r3a.xml"
sed 's/revision="2"/revision="3"/; s/1620.25/1800/' "$r2" >"$TMPD/latin2/STC-r3b.xml"
run "$TMPD/stdout" "$TMPD/stderr" "$BAOCAO" report --period 2024 --plan "$PLAN" \
    --input "$TMPD/latin2" --output "$TMPD/latin2-out" --date "$DATE" --no-pdf
[ "$status" -eq 1 ] || echo "exit $status, expected 1 (the conflict)" >>"$d"
[ "$(grep -c '\[revision-conflict\]' "$TMPD/stderr")" -eq 2 ] ||
    echo "expected two revision-conflict diagnostics" >>"$d"
if grep -q 'file-changed' "$TMPD/stderr"; then
    echo "the lower revision was set aside as changed:" >>"$d"
    grep 'file-changed' "$TMPD/stderr" | tr -c '\n -~' '?' >>"$d"
fi
grep -q '^measure,CHI_KHCN,[^,]*,STC,[^,]*,2024,1620.25,' "$TMPD/latin2-out/2024/summary.csv" ||
    echo "STC's CHI_KHCN for 2024 is not revision 1's 1620.25" >>"$d"
result "the lower revision that counts when the higher ones conflict is read again, by its name on disk" "$d"

tap_done

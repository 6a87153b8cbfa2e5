#!/bin/sh
# "The plan is data, not code": a second plan (tests/e2e/plan2/, a made-up
# Cao Bằng plan 12/KH-UBND for 2026-2030, other units, measures, calendar
# and sections) run through the shipped templates. The words that belong to
# the plan (province, plan number, title, years) must come from it: nothing
# of Lạng Sơn or plan 53 may show, and what the second plan lacks (goals)
# or has more of (twenty quarters) must still read sensibly.
. tests/e2e/lib.sh
need_binary

P=tests/e2e/plan2
report() {  # period
    run "$TMPD/out.txt" "$TMPD/err.txt" "$BAOCAO" report --plan "$P/plan.xml" --input "$P/input" \
        --output "$TMPD/out" --period "$1" --date 2027-09-28 --number 45 -q
    pdftotext -layout "$TMPD/out/$1/report.pdf" "$TMPD/$1.txt" 2>/dev/null
}

d=$(new_details)
run "$TMPD/out.txt" "$TMPD/err.txt" "$BAOCAO" validate -q --plan "$P/plan.xml" "$P/input"
same_status 0 "$status" "$d"
is_empty "validate's diagnostics" "$TMPD/err.txt" "$d"
result "the second plan and its submissions are valid" "$d"

for period in 2027-Q3 2026 2026-2030; do
    d=$(new_details)
    report "$period"
    same_status 0 "$status" "$d"
    t="$TMPD/$period.txt"
    for w in "Lạng Sơn" "LẠNG SƠN" "53/KH-UBND" "2023" "đến năm 2025" "chỉ dẫn địa lý"; do
        lacks "report $period" "$t" "$w" "$d"
    done
    contains "report $period" "$t" "UBND TỈNH CAO BẰNG" "$d"
    contains "report $period" "$t" "Cao Bằng, ngày 28 tháng 9 năm 2027" "$d"
    contains "report $period" "$t" "Kế hoạch phát triển kinh tế số tỉnh Cao Bằng" "$d"
    contains "report $period" "$t" "Kế hoạch số 12/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân" "$d"
    result "report $period: the province, plan number and title are the second plan's" "$d"
done

# the plan has no goals: the year's and the review's heading over them says so
for period in 2026 2026-2030; do
    d=$(new_details)
    t="$TMPD/$period.txt"
    grep -A 1 -F "1. Các mục tiêu của Kế hoạch" "$t" | tail -n 1 >"$TMPD/under.txt"
    contains "the line under the goals heading" "$TMPD/under.txt" "Kế hoạch không nêu mục tiêu chung" "$d"
    result "report $period: a plan with no goals says so under their heading" "$d"
done

# nine months of 2027: SVHTTDL sent Q1 and Q2 and ended on 30/6; its
# successor SDL, from 1/7, sent Q3, all it had to: not "not reported"
d=$(new_details)
report 2027-9M
same_status 0 "$status" "$d"
t="$TMPD/2027-9M.txt"
contains "report 2027-9M" "$t" "4 đơn vị phải báo cáo" "$d"
lacks "report 2027-9M" "$t" "Chưa báo cáo" "$d"
lacks "report 2027-9M" "$t" "chưa gửi báo cáo" "$d"
grep -B 1 -F "Sở Du lịch" "$t" | grep -F "Tổng hợp từ" >/dev/null ||
    echo "Sở Du lịch should be 'Tổng hợp từ báo cáo quý' in the coverage table" >>"$d"
result "report 2027-9M: a successor that sent every quarter since it began is not missing" "$d"

# the plan sets no deadline for half-years: the half-year report gives that
# of its second quarter (window to 20/6, 7 days), not the window's end
d=$(new_details)
report 2027-H1
same_status 0 "$status" "$d"
contains "report 2027-H1" "$TMPD/2027-H1.txt" "hạn gửi ngày 27/6/2027" "$d"
result "report 2027-H1: a period kind without a deadline in the plan takes its last quarter's" "$d"

# a review of part of the plan (2026-2027) speaks of that part, not of the plan's years
d=$(new_details)
report 2026-2027
same_status 0 "$status" "$d"
t="$TMPD/2026-2027.txt"
contains "review 2026-2027" "$t" "Kết thúc giai đoạn 2026 - 2027, trong 5 chỉ tiêu" "$d"
tr '\n' ' ' <"$t" | tr -s ' ' >"$TMPD/flat.txt"
contains "review 2026-2027 (lines joined)" "$TMPD/flat.txt" "giai đoạn 2026 - 2030, giai đoạn 2026 - 2027" "$d"
result "review 2026-2027: its subject and assessment name its own years" "$d"

# twenty quarters on the trend chart's axis: whole labels, none cut in two
d=$(new_details)
t="$TMPD/2026-2030.txt"
contains "the review's trend chart" "$t" "Q1/2026" "$d"
contains "the review's trend chart" "$t" "Q3/2030" "$d"
if grep -n -E 'Q[1-4]/[0-9]{1,3}( |$)' "$t" >"$TMPD/cut.txt"; then
    { echo "quarter labels cut in two:"; cat "$TMPD/cut.txt"; } >>"$d"
fi
result "the review's twenty quarters: labels every other quarter, none cut" "$d"

# make run (tests/run-samples.sh) on a plan whose units send only yearly
# reports: the latest year and the review, not "no quarterly submissions"
d=$(new_details)
mkdir -p "$TMPD/run/input/submissions"
cp "$P/plan.xml" "$TMPD/run/input/plan.xml"
cp "$P"/input/2026/*-2026-r1.xml "$TMPD/run/input/submissions/"
(cd "$TMPD/run" && SOURCE_DATE_EPOCH=1800000000 sh "$e2e_root/tests/run-samples.sh" "$BAOCAO" \
    >"$TMPD/run.out" 2>"$TMPD/run.err")
same_status 0 "$?" "$d"
for f in 2026/report.pdf 2026-2030/report.pdf; do
    [ -s "$TMPD/run/output/$f" ] || echo "make run did not write output/$f" >>"$d"
done
result "make run: a plan reported only by year gets its latest year and the review" "$d"

tap_done

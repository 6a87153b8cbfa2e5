#!/bin/sh
# What an official can change in a template without touching C: the
# wording, the order of sections, the signer, the recipients and the column
# widths of tables. Each change must show in the rendered PDF.
set -u
BAOCAO=${BAOCAO:-$PWD/build/baocao}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
expect() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fails=$((fails + 1)); fi; }
render() {  # template, output folder
    "$BAOCAO" report --period 2025-Q3 --date 2025-09-20 --number 45 -q --template "$1" \
        --output "$2" 2>"$tmp/err"
}
text() { pdftotext -layout "$1/2025-Q3/report.pdf" - 2>/dev/null; }

# expect's own arithmetic resets $?: a render's status is kept in rc.
render templates/report-quarter.xml "$tmp/base"
rc=$?
expect "the shipped template renders" '[ "$rc" -eq 0 ] && [ -s "$tmp/base/2025-Q3/report.pdf" ]'
text "$tmp/base" >"$tmp/base.txt"

# wording, signer and recipients
sed -e 's|<signer>Họ và tên người ký</signer>|<signer>Hoàng Văn Thử</signer>|' \
    -e 's|<recipient>Lãnh đạo Sở;</recipient>|<recipient>Văn phòng Đoàn ĐBQH và HĐND tỉnh;</recipient>|' \
    -e 's|Kế hoạch có {tasks_total} nhiệm vụ.|Kế hoạch đề ra {tasks_total} nhiệm vụ.|' \
    templates/report-quarter.xml >"$tmp/words.xml"
render "$tmp/words.xml" "$tmp/words"
text "$tmp/words" >"$tmp/words.txt"
expect "a new signer is printed" 'grep -q "Hoàng Văn Thử" "$tmp/words.txt" && ! grep -q "Hoàng Văn Thử" "$tmp/base.txt"'
expect "a new recipient is printed with its dash" 'grep -q -- "- Văn phòng Đoàn ĐBQH và HĐND tỉnh;" "$tmp/words.txt"'
expect "new wording with its placeholder filled" 'grep -q "Kế hoạch đề ra 11 nhiệm vụ" "$tmp/words.txt"'

# order of sections: V before IV
/usr/bin/python3 - templates/report-quarter.xml "$tmp/order.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
iv = re.search(r'  <section title="IV\..*?</section>\n', s, re.S).group(0)
v = re.search(r'  <section title="V\..*?</section>\n', s, re.S).group(0)
s = s.replace(iv, '@@IV@@').replace(v, iv).replace('@@IV@@', v)
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PY
render "$tmp/order.xml" "$tmp/order"
text "$tmp/order" >"$tmp/order.txt"
pos() { grep -n -F "$2" "$1" | head -n 1 | cut -d: -f1; }
expect "sections follow the template's order" \
    '[ "$(pos "$tmp/order.txt" "V. ĐỀ XUẤT")" -lt "$(pos "$tmp/order.txt" "IV. KHÓ KHĂN")" ] && [ "$(pos "$tmp/base.txt" "IV. KHÓ KHĂN")" -lt "$(pos "$tmp/base.txt" "V. ĐỀ XUẤT")" ]'

# column widths
sed 's|<coverage-table/>|<coverage-table widths="12 * 60 28"/>|' templates/report-quarter.xml >"$tmp/widths.xml"
render "$tmp/widths.xml" "$tmp/widths"
rc=$?
expect "column widths from the template: renders" \
    '[ "$rc" -eq 0 ] && [ -s "$tmp/widths/2025-Q3/report.pdf" ]'
expect "column widths from the template: the layout changes" \
    '[ -s "$tmp/base/2025-Q3/report.pdf" ] && [ -s "$tmp/widths/2025-Q3/report.pdf" ] &&
     ! cmp -s "$tmp/base/2025-Q3/report.pdf" "$tmp/widths/2025-Q3/report.pdf"'
sed 's|<coverage-table/>|<coverage-table widths="12 * 60"/>|' templates/report-quarter.xml >"$tmp/bad.xml"
render "$tmp/bad.xml" "$tmp/bad"
rc=$?
expect "widths that do not fit: exit 1 and template-widths at the line" \
    '[ "$rc" -eq 1 ] && grep -q "bad.xml:[0-9]*: error: widths=\"12 \* 60\" does not fit this table of 4 columns" "$tmp/err"'
echo "1..$n"
[ "$fails" -eq 0 ]

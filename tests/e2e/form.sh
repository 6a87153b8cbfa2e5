#!/bin/sh
# End-to-end tests of `baocao form`: for several units and periods of the
# real plan (input/plan.xml), the blank form
#   - is written on stdout (or to --output, the same bytes), exit 0, silent;
#   - is well-formed XML, and is not schema-valid as written (empty fields);
#   - lists exactly the measures and tasks the plan gives the unit in that
#     period, duties inherited from predecessors included (SKHDT -> STC
#     from 01/03/2025, UBND_TD -> XA_TD from 01/07/2025, SNNPTNT and STNMT
#     -> SNNMT from 01/03/2025);
#   - once filled in by sed, validates with xmllint --schema and is accepted
#     by baocao validate without any diagnostic;
#   - written with --output, replaces a previous file only whole: a failed
#     write leaves it as it was.

. "$(dirname "$0")/lib.sh"
need_binary

out=$TMPD/out
err=$TMPD/err
SCHEMA=templates/submission-v1.xsd

if ! command -v xmllint >/dev/null 2>&1; then
    echo "1..1"
    echo "not ok 1 - xmllint is installed (package libxml2-utils, see tests/deps.sh)"
    exit 1
fi

# The fill-in: a sent date and an item date inside the period's window,
# every empty value 1, every task in progress with a text, one item per
# items measure (in place of the commented example), a difficulty, and the
# empty proposal removed.
fill() {  # FORM SENT ITEM-DATE > FILLED
    cat >"$TMPD/fill.sed" <<EOF
s/ sent=""/ sent="$2"/
s/ name="" title=""/ name="Nguyễn Văn An" title="Chuyên viên"/
s|<value measure="\\([A-Z_]*\\)"></value>|<value measure="\\1">1</value>|
s/ status=""/ status="in-progress"/
s|\\(<task code="[^"]*" status="in-progress"\\)></task>|\\1>Đang triển khai theo kế hoạch.</task>|
s|^\\( *\\)<item measure="\\([A-Z_]*\\)" id="[^"]*" date="YYYY-MM-DD"><name>tên</name></item> -->\$|\\1-->\\
\\1<item measure="\\2" id="\\2-001" date="$3"><name>Kết quả thử</name></item>|
s|<difficulty></difficulty>|<difficulty>Thiếu kinh phí đối ứng.</difficulty>|
/<proposal><\\/proposal>/d
EOF
    sed -f "$TMPD/fill.sed" "$1"
}

# The codes a form lists, one a line: values, items (from the commented
# examples) and tasks.
codes() {  # FORM value|item|task
    case $2 in
        value) sed -n 's|^ *<value measure="\([^"]*\)">.*|\1|p' "$1" ;;
        item) sed -n 's|^ *<item measure="\([^"]*\)" .*|\1|p' "$1" ;;
        task) sed -n 's|^ *<task code="\([^"]*\)" .*|\1|p' "$1" ;;
    esac | tr '\n' ' ' | sed 's/ $//'
}

# check_form UNIT PERIOD SENT ITEM-DATE VALUES ITEMS TASKS
check_form() {
    unit=$1 period=$2 sent=$3 item_date=$4
    form=$TMPD/$unit-$period.xml
    filled=$TMPD/filled/$unit-$period-r1.xml

    d=$(new_details)
    run "$form" "$err" "$BAOCAO" form --unit "$unit" --period "$period"
    same_status 0 "$status" "$d"
    is_empty "stderr" "$err" "$d"
    run "$out" "$err" "$BAOCAO" form --unit "$unit" --period "$period" --output "$TMPD/output.xml"
    same_status 0 "$status" "$d"
    is_empty "stdout with --output" "$out" "$d"
    is_empty "stderr with --output" "$err" "$d"
    same_file "--output file" "$form" "$TMPD/output.xml" "$d"
    run "$out" "$err" "$BAOCAO" form --unit "$unit" --period "$period" -o "$TMPD/output-o.xml"
    same_status 0 "$status" "$d"
    same_file "-o file" "$form" "$TMPD/output-o.xml" "$d"
    contains "the form" "$form" "<submission version=\"1\" plan=\"53/KH-UBND\" unit=\"$unit\" period=\"$period\" revision=\"1\" sent=\"\">" "$d"
    result "form $unit $period: exit 0, silent, --output (and -o) writes the same bytes as stdout" "$d"

    d=$(new_details)
    if ! xmllint --noout "$form" >"$out" 2>&1; then
        echo "xmllint --noout: not well-formed:" >>"$d"
        head -n 10 "$out" >>"$d"
    fi
    if xmllint --noout --schema "$SCHEMA" "$form" >"$out" 2>&1; then
        echo "the blank form should not be schema-valid (its sent date, values and statuses are empty)" >>"$d"
    fi
    run "$out" "$err" "$BAOCAO" validate "$form"
    same_status 1 "$status" "$d"
    contains "baocao validate of the blank form" "$err" "1 files read: 0 accepted, 1 rejected" "$d"
    result "form $unit $period: well-formed, but not schema-valid as written" "$d"

    d=$(new_details)
    printf '%s\n' "values: $5" "items: $6" "tasks: $7" >"$TMPD/want"
    printf '%s\n' "values: $(codes "$form" value)" "items: $(codes "$form" item)" \
        "tasks: $(codes "$form" task)" >"$TMPD/have"
    same_file "the form's lists" "$TMPD/want" "$TMPD/have" "$d"
    result "form $unit $period lists the plan's duties: values [$5], items [$6], tasks [$7]" "$d"

    d=$(new_details)
    mkdir -p "$TMPD/filled"
    fill "$form" "$sent" "$item_date" >"$filled"
    if grep -n -e '=""' -e '></value>' -e '></task>' -e 'date="YYYY' "$filled" | grep -v -e 'phone=""' >"$out"; then
        echo "the fill-in left empty fields:" >>"$d"
        cat "$out" >>"$d"
    fi
    if ! xmllint --noout --schema "$SCHEMA" "$filled" >"$out" 2>&1; then
        echo "xmllint --schema $SCHEMA on the filled form:" >>"$d"
        head -n 10 "$out" >>"$d"
    fi
    run "$out" "$err" "$BAOCAO" validate "$filled"
    same_status 0 "$status" "$d"
    same_text "baocao validate's stderr" "baocao: 1 files read: 1 accepted, 0 rejected; 0 skipped" "$err" "$d"
    result "form $unit $period filled in: valid for xmllint --schema, accepted by baocao validate with no diagnostic" "$d"
}

#          unit    period   sent        item date   values                       items              tasks
check_form STC     2025-Q3  2025-09-15  2025-09-14  "CHI_KHCN CHI_NSNN DN_TONG"  ""                 "III.1.2 III.1.4 III.1.7 III.2.1 III.4.1 III.5.1"
check_form STC     2025-Q1  2025-03-15  2025-03-14  "CHI_KHCN CHI_NSNN DN_TONG"  ""                 "III.1.2 III.1.4 III.1.7 III.2.1 III.4.1 III.5.1"
check_form STC     2024-Q2  2024-06-15  2024-06-14  "CHI_KHCN CHI_NSNN"          ""                 "III.1.2 III.1.4 III.1.7 III.4.1"
check_form SKHCN   2024     2024-12-16  2024-12-14  "DN_KHCN DN_KNST DN_DMST DON_NH" "CDDL NHTT HTNH" "III.1.1 III.1.3 III.1.4 III.1.5 III.1.6 III.1.7 III.2.1 III.3.1 III.4.1 III.5.1"
check_form UBND_TD 2024-Q2  2024-06-15  2024-06-14  "MH_UD"                      "NHTT HTNH"        "III.1.1 III.1.3 III.3.1"
check_form XA_TD   2025-Q3  2025-09-15  2025-09-14  "MH_UD"                      "NHTT HTNH"        "III.1.1 III.1.3 III.3.1"
check_form SNNMT   2025-Q1  2025-03-15  2025-03-14  "MH_UD"                      "CDDL NHTT"        "III.1.3 III.1.6 III.3.1"

# ---- inheritance, said plainly
d=$(new_details)
if ! grep -F '<value measure="DN_TONG">' "$TMPD/STC-2025-Q1.xml" >/dev/null; then
    echo "STC 2025-Q1 should ask for DN_TONG (SKHDT's measure; SKHDT ended 28/02/2025, successor STC)" >>"$d"
fi
if grep -F 'DN_TONG' "$TMPD/STC-2024-Q2.xml" >/dev/null; then
    echo "STC 2024-Q2 should not ask for DN_TONG (SKHDT still existed and reported it)" >>"$d"
fi
result "STC 2025-Q1 includes DN_TONG (inherited from SKHDT), STC 2024-Q2 does not" "$d"

d=$(new_details)
for what in value item task; do
    if [ "$(codes "$TMPD/UBND_TD-2024-Q2.xml" $what)" != "$(codes "$TMPD/XA_TD-2025-Q3.xml" $what)" ]; then
        echo "the ${what}s of XA_TD 2025-Q3 differ from those of UBND_TD 2024-Q2" >>"$d"
    fi
done
result "XA_TD (from 01/07/2025) is asked for what UBND_TD (to 30/06/2025) was" "$d"

# ---- the filled forms together, as a batch
d=$(new_details)
run "$out" "$err" "$BAOCAO" validate -j 3 "$TMPD/filled"
same_status 0 "$status" "$d"
same_text "stderr" "baocao: 7 files read: 7 accepted, 0 rejected; 0 skipped" "$err" "$d"
result "the seven filled forms validate together" "$d"

# ---- writing where it cannot
d=$(new_details)
run "$out" "$err" "$BAOCAO" form --unit STC --period 2025-Q3 --output "$TMPD/no-such-folder/STC.xml"
same_status 3 "$status" "$d"
is_empty "stdout" "$out" "$d"
same_text "stderr" "baocao: error: cannot write the file ($TMPD/no-such-folder/STC.xml: No such file or directory); check the disk space and that the folder is writable [write-failed]" "$err" "$d"
result "form --output into a missing folder: exit 3, write-failed" "$d"

# A write that fails half-way must leave the previous file as it was. The
# file size limit (ulimit -f, 512-byte blocks in dash) makes the write fail
# as a full disk would, without root or a mount; SIGXFSZ is ignored so
# that the write returns EFBIG instead of killing the program.
mkdir "$TMPD/keep"
head -c 1536 /dev/zero | tr '\0' 'x' | fold -w 64 >"$TMPD/keep/f.xml"   # the old file, 1.5 KB
cp "$TMPD/keep/f.xml" "$TMPD/keep-before"
d=$(new_details)
(trap '' XFSZ; ulimit -f 4; exec "$BAOCAO" form --unit SKHCN --period 2025-Q3 --output "$TMPD/keep/f.xml") >"$out" 2>"$err"
status=$?
same_status 3 "$status" "$d"
is_empty "stdout" "$out" "$d"
same_text "stderr" "baocao: error: cannot write the file ($TMPD/keep/f.xml: File too large); check the disk space and that the folder is writable [write-failed]" "$err" "$d"
same_file "the previous file" "$TMPD/keep-before" "$TMPD/keep/f.xml" "$d"
if [ "$(ls -A "$TMPD/keep")" != f.xml ]; then
    { echo "the folder should hold only f.xml, but holds:"; ls -A "$TMPD/keep"; } >>"$d"
fi
result "form --output over a file, the write failing half-way (ulimit -f): exit 3, the previous file intact, no temporary file" "$d"

# Over an existing file: the new form, with the file's permissions
d=$(new_details)
chmod 600 "$TMPD/keep/f.xml"
run "$out" "$err" "$BAOCAO" form --unit SKHCN --period 2025-Q3 --output "$TMPD/keep/f.xml"
same_status 0 "$status" "$d"
is_empty "stderr" "$err" "$d"
"$BAOCAO" form --unit SKHCN --period 2025-Q3 >"$TMPD/skhcn.xml"
same_file "the replaced file" "$TMPD/skhcn.xml" "$TMPD/keep/f.xml" "$d"
if [ "$(stat -c %a "$TMPD/keep/f.xml")" != 600 ]; then
    echo "the replaced file should keep mode 600, not $(stat -c %a "$TMPD/keep/f.xml")" >>"$d"
fi
if [ "$(ls -A "$TMPD/keep")" != f.xml ]; then
    { echo "the folder should hold only f.xml, but holds:"; ls -A "$TMPD/keep"; } >>"$d"
fi
result "form --output over an existing file: replaced whole, its permissions kept, no temporary file" "$d"

# A link to a device is written through, never replaced by a file
d=$(new_details)
ln -s /dev/full "$TMPD/keep/full.xml"
run "$out" "$err" "$BAOCAO" form --unit STC --period 2025-Q3 --output "$TMPD/keep/full.xml"
same_status 3 "$status" "$d"
same_text "stderr" "baocao: error: cannot write the file ($TMPD/keep/full.xml: No space left on device); check the disk space and that the folder is writable [write-failed]" "$err" "$d"
if [ ! -L "$TMPD/keep/full.xml" ] || [ ! -c /dev/full ]; then
    echo "the link and /dev/full should be left as they were" >>"$d"
fi
result "form --output through a link to /dev/full: exit 3, write-failed, the link and the device left alone" "$d"

d=$(new_details)
if "$BAOCAO" form --unit STC --period 2025-Q3 >/dev/full 2>"$err"; then
    status=0
else
    status=$?
fi
same_status 3 "$status" "$d"
same_text "stderr" "baocao: error: cannot write the file (standard output: No space left on device); check the disk space and that the folder is writable [write-failed]" "$err" "$d"
result "form > /dev/full: exit 3, write-failed" "$d"

tap_done

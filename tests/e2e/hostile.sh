#!/bin/sh
# Hostile and huge input, generated here rather than kept in git: quadratic
# entity blow-up, a 10 MB narrative, 100 000 items, nesting 100 000 deep, a
# 5 MB attribute, 10 000 attributes, odd numbers. Each file must get its
# diagnostic, the good files of the same batch must still be accepted, and
# the run must stay within a memory cap (ulimit -v) and a time cap (timeout:
# a hang check, not a speed test), without a crash.
set -u
BAOCAO=${BAOCAO:-$PWD/build/baocao}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
# The memory cap, in KiB of address space: none for a sanitizer build, whose
# shadow memory reserves terabytes of address space (ASan checks memory
# itself).
cap=1048576
if grep -q -a __asan_init "$BAOCAO"; then
    cap=unlimited
fi
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
expect() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

head_of() {  # a valid submission's opening for unit STC, 2025-Q3
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<submission version="1" plan="53/KH-UBND" unit="STC" period="2025-Q3" revision="1" sent="2025-09-16">\n'
    printf '  <responsible name="A" title="B"/>\n'
}

mkdir "$tmp/in"
cp input/submissions/2025/STC-2025-Q3-r1.xml input/submissions/2025/SKHCN-2025-Q3-r1.xml \
    input/submissions/2025/XA_TD-2025-Q3-r1.xml "$tmp/in/"

/usr/bin/python3 - "$tmp/in" <<'PY'
import sys, os
d = sys.argv[1]
head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<submission version="1" plan="53/KH-UBND" unit="STC" period="2025-Q3" '
        'revision="1" sent="2025-09-16">\n  <responsible name="A" title="B"/>\n')
def w(name, text):
    with open(os.path.join(d, name), 'w', encoding='utf-8') as f:
        f.write(text)
# quadratic blow-up: one 50 000-byte entity referenced 50 000 times
w('quadratic.xml', '<?xml version="1.0"?>\n<!DOCTYPE submission [<!ENTITY a "'
  + 'x' * 50000 + '">]>\n<submission>' + '&a;' * 50000 + '</submission>\n')
# a 10 MB narrative (past the 8 MiB file cap)
w('narrative-10mb.xml', head + '  <remarks><difficulty>' + 'khó khăn ' * 1000000
  + '</difficulty></remarks>\n</submission>\n')
# 100 000 items (200 000 elements and more: past the element cap)
items = ''.join('    <item measure="CDDL" id="%d" date="2025-07-01"><name>n</name></item>\n' % i
                for i in range(100000))
w('items-100000.xml', head + '  <items>\n' + items + '  </items>\n</submission>\n')
# nesting 100 000 deep
w('deep.xml', head + '<a>' * 100000 + '</a>' * 100000 + '</submission>\n')
# a 5 MB attribute on one line
w('long-attribute.xml', head.replace('title="B"', 'title="' + 'B' * 5000000 + '"')
  + '</submission>\n')
# 10 000 attributes on one element
w('many-attributes.xml', head + '  <values ' + ' '.join('a%d="1"' % i for i in range(10000))
  + '/>\n</submission>\n')
# text mixed with 40 000 elements (quadratic if every piece were joined)
w('mixed.xml', head + '  <remarks><difficulty>' + ('A' * 30 + '<x/>') * 40000
  + '</difficulty></remarks>\n</submission>\n')
# 190 000 values written the Vietnamese way: one specific message replaces the
# schema's for each (quadratic if each replacement scanned every message)
w('many-vietnamese.xml', head + '  <values>\n' + '    <value measure="CHI_KHCN">1,5</value>\n' * 190000
  + '  </values>\n</submission>\n')
# odd numbers
for name, v in [('n-1e309', '1e309'), ('n-nan', 'NaN'), ('n-12abc', '12abc'),
                ('n-30digits', '1' * 30), ('n-vietnamese', '1.234,5'), ('n-negative', '-5')]:
    w(name + '.xml', head + '  <values><value measure="CHI_KHCN">%s</value></values>\n'
      '</submission>\n' % v)
PY

# -0 is a number (zero): accepted
{ head_of; printf '  <values><value measure="CHI_KHCN">-0</value></values>\n</submission>\n'; } \
    >"$tmp/minus-zero.xml"
"$BAOCAO" validate "$tmp/minus-zero.xml" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "-0 is accepted as zero" '[ "$rc" -eq 0 ] && grep -q "1 accepted, 0 rejected" "$tmp/err"'

# the whole batch under a 1 GiB address-space cap and a 120 s hang check
( ulimit -v $cap; exec timeout 120 "$BAOCAO" validate -j 2 "$tmp/in" ) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "batch: exit status 1 (input rejected), no crash, no hang (got $rc)" '[ "$rc" -eq 1 ]'
expect "batch: the three good files accepted, every hostile one rejected" \
    'grep -q "^baocao: 17 files read: 3 accepted, 14 rejected" "$tmp/err"'
check() {  # file, id
    f=$1
    id=$2
    expect "$f: $id" 'grep -F "/$f:" "$tmp/err" | grep -q -F "[$id]"'
}
check quadratic.xml doctype
check narrative-10mb.xml too-large
check items-100000.xml too-many-elements
check deep.xml too-deep
check long-attribute.xml text-too-long
check many-attributes.xml schema
check many-attributes.xml diagnostics-cut
check mixed.xml schema
check many-vietnamese.xml number-vietnamese
expect "many-attributes.xml: at most 100 lines" \
    '[ "$(grep -c -F "/many-attributes.xml:" "$tmp/err")" -le 101 ]'
check n-1e309.xml number-invalid
check n-nan.xml number-invalid
check n-12abc.xml number-invalid
check n-30digits.xml number-too-large
check n-vietnamese.xml number-vietnamese
check n-negative.xml number-negative
expect "batch: every hostile file has an error line" \
    '[ "$(grep -c ": error: " "$tmp/err")" -ge 14 ]'

# raised limits: the 10 MB narrative is then a text too long, the 100 000
# items are read (and the duplicates among none are none)
( ulimit -v $cap; exec timeout 120 "$BAOCAO" validate --max-file-size 20000000 \
    "$tmp/in/narrative-10mb.xml" ) >"$tmp/out" 2>"$tmp/err"
expect "10 MB narrative with a raised file cap: text-too-long" \
    'grep -q "\[text-too-long\]" "$tmp/err"'
( ulimit -v $cap; exec timeout 120 "$BAOCAO" validate --max-items 1000000 \
    "$tmp/in/items-100000.xml" ) >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "100 000 items with a raised element cap: read, within the caps (exit $rc)" \
    '[ "$rc" -le 1 ] && grep -q "1 files read" "$tmp/err"'
( ulimit -v $cap; exec timeout 20 "$BAOCAO" validate "$tmp/in/many-vietnamese.xml" ) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "190 000 Vietnamese numbers: read in seconds, 100 messages printed, the rest counted (exit $rc)" \
    '[ "$rc" -eq 1 ] && [ "$(grep -c "number-vietnamese" "$tmp/err")" -le 100 ] && grep -q "more problems in this file are not shown" "$tmp/err"'
# Only regular files are read: a named pipe named *.xml (which would block
# an open until some writer came) is refused at once, as an I/O problem,
# and the rest of the batch goes on; as the plan or as report's --input too.
mkdir "$tmp/fifo"
cp input/submissions/2025/STC-2025-Q3-r1.xml "$tmp/fifo/"
mkfifo "$tmp/fifo/pipe.xml"
timeout 20 "$BAOCAO" validate -j 2 "$tmp/fifo" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "a named pipe among the files: refused without blocking, exit 3 (got $rc)" \
    '[ "$rc" -eq 3 ] && grep -q "pipe.xml: error: cannot read the file (it is a named pipe, not a regular file)" "$tmp/err" && grep -q "^baocao: 2 files read: 1 accepted, 1 rejected" "$tmp/err"'
timeout 20 "$BAOCAO" validate --plan "$tmp/fifo/pipe.xml" "$tmp/fifo/STC-2025-Q3-r1.xml" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "a named pipe as the plan: refused without blocking, exit 3 (got $rc)" \
    '[ "$rc" -eq 3 ] && grep -q "pipe.xml: error: cannot read the file (it is a named pipe" "$tmp/err"'
timeout 20 "$BAOCAO" report --period 2025-Q3 --no-pdf --input "$tmp/fifo/pipe.xml" \
    --output "$tmp/report" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "a named pipe as report --input: refused without blocking, listed as unreadable (got $rc)" \
    '[ "$rc" -eq 3 ] && grep -q "pipe.xml: error: cannot read the file (it is a named pipe" "$tmp/err" && grep -q "^unreadable	.*pipe.xml" "$tmp/report/2025-Q3/run-log.txt"'

# Control characters in file names are escaped in diagnostics, which stay
# one a line: a newline would split one, an escape sequence would drive the
# terminal.
mkdir "$tmp/ctl"
: >"$tmp/ctl/$(printf 'empty\nsecond line.xml')"
printf '<x/>' >"$tmp/ctl/$(printf 'root\001\033[31m.xml')"
"$BAOCAO" validate "$tmp/ctl" >"$tmp/out" 2>"$tmp/err"
one_a_line() {
    [ "$(wc -l <"$tmp/err")" -eq 3 ] &&
        grep -q -F 'ctl/empty\nsecond line.xml: error: the file is empty' "$tmp/err" &&
        grep -q -F 'ctl/root\x01\x1b[31m.xml:1: error: the root element is <x>' "$tmp/err" &&
        ! grep -q "$(printf '[\001\033]')" "$tmp/err"
}
expect "control characters in file names: escaped, one diagnostic a line" one_a_line

echo "1..$n"
[ "$fails" -eq 0 ]

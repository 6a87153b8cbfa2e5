#!/bin/sh
# End-to-end checks of the PDF report with real tools (poppler-utils, qpdf,
# xmllint): the quarterly (2025-Q3), annual (2025) and end-of-plan review
# (2023-2025) reports rendered from input/ with a fixed --date and --number.
#
# For each report:
#   - pdftotext gives back every figure of summary.csv in the Vietnamese form
#     (indicators: value, cumulative, same period last year, percent of
#     target; the ALL total of every measure), with nothing on its stderr;
#     every unit of the coverage list by name, and the sample notice;
#   - pdffonts: every font embedded, with a ToUnicode map;
#   - qpdf --check: no error and no warning;
#   - pdfinfo: A4 pages, portrait before the appendices and landscape in
#     them (every appendix of the shipped templates holds a table wider than
#     a portrait page); title, author (the issuing body), subject, keywords
#     (plan number and period code), creator, and the dates from --date;
#   - qpdf --json: a bookmark for every titled section of the template and
#     for every appendix ("Phụ lục I. ...", pointing at its first page);
#   - pdftotext -bbox: no page number on page 1 nor on an appendix's first
#     page; elsewhere one number, the page's number within its section,
#     centred on the page (±2 pt) in the top margin; every other word inside
#     the margins (left 30, right 15, top and bottom 20 mm; ±0.5 pt); "Nơi
#     nhận:" on the line of the signature's first authority line, on a page
#     that also holds text above the block.
# Then a nine-month report, which the leads' third quarters speak for.
# Then, once: byte-identical output on a second run, with -j 1 and -j 2, and
# with SOURCE_DATE_EPOCH instead of --date; the quarterly report under
# 250 000 bytes; a template naming a font family that does not exist gives
# [font-not-found], exit status 3 and no report.pdf, and leaves an earlier
# report.pdf in the same folder untouched; an output folder under a regular
# file gives exit status 3.
#
# Usage: sh tests/e2e/pdf.sh   (BAOCAO: the binary, default build/baocao)

. "$(dirname "$0")/lib.sh"
need_binary

for tool in pdftotext pdffonts pdfinfo qpdf xmllint; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..1"
        echo "not ok 1 - $tool is installed (poppler-utils, qpdf, libxml2-utils: make test installs them)"
        exit 1
    fi
done

DATE=2025-09-20
EPOCH=1758326400          # 2025-09-20T00:00:00Z
NUMBER=123
PLAN=input/plan.xml
REPORTS="2025-Q3 2025 2023-2025"

# Page geometry in points (pdftotext -bbox measures y from the top).
MARGINS='L = 30 * 72 / 25.4; R = 15 * 72 / 25.4; T = 20 * 72 / 25.4; B = 20 * 72 / 25.4'

template_of() {
    case $1 in
        *-*-*|????-Q?|????-H?|????-9M) echo templates/report-quarter.xml ;;
        ????-????) echo templates/report-review.xml ;;
        *) echo templates/report-year.xml ;;
    esac
}

# xpath FILE EXPR: the string value of EXPR in FILE.
xpath() {
    xmllint --xpath "string($2)" "$1" 2>/dev/null
}

# render OUTDIR PERIOD [ARGS...]: baocao report into OUTDIR; its stderr in
# OUTDIR.err and its exit status in $status.
render() {
    _o=$1
    _p=$2
    shift 2
    mkdir -p "$_o"
    "$BAOCAO" report --period "$_p" --date "$DATE" --number "$NUMBER" \
        --output "$_o" -q "$@" >"$_o.out" 2>"$_o.err"
    status=$?
}

# no_leftovers DIR DETAILS: no temporary (dot) file left in DIR.
no_leftovers() {
    for _f in "$1"/.[!.]*; do
        [ -e "$_f" ] && echo "temporary file left behind: $_f" >>"$2"
    done
}

# ---- checks of one report ------------------------------------------------

# The expected figures, one a line: "TEXT<TAB>what it is"; with "rows" as
# second argument, one line per indicator: its code, then its figures.
csv_figures() {
    awk -v rows="${2:+1}" '
    function csvsplit(line, f,    n, i, ch, q, cur) {
        n = 0; cur = ""; q = 0
        for (i = 1; i <= length(line); i++) {
            ch = substr(line, i, 1)
            if (q) {
                if (ch == "\"") {
                    if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
                    else q = 0
                } else cur = cur ch
            } else if (ch == "\"") q = 1
            else if (ch == ",") { f[++n] = cur; cur = "" }
            else cur = cur ch
        }
        f[++n] = cur
        return n
    }
    # 1234567.5 -> 1.234.567,5
    function vn(s,    sign, ip, fp, out, d) {
        sign = ""
        if (substr(s, 1, 1) == "-") { sign = "-"; s = substr(s, 2) }
        ip = s; fp = ""
        d = index(s, ".")
        if (d) { ip = substr(s, 1, d - 1); fp = substr(s, d + 1) }
        out = ""
        while (length(ip) > 3) {
            out = "." substr(ip, length(ip) - 2) out
            ip = substr(ip, 1, length(ip) - 3)
        }
        return sign ip out (fp != "" ? "," fp : "")
    }
    function want(v, what, suffix) {
        if (v == "") return
        if (rows) seq = seq " " vn(v) suffix
        else printf "%s%s\t%s %s\n", vn(v), suffix, what, v
    }
    { sub(/\r$/, "") }
    NR == 1 {
        sub(/^\357\273\277/, "")
        n = csvsplit($0, h)
        for (i = 1; i <= n; i++) col[h[i]] = i
        next
    }
    {
        csvsplit($0, f)
        if (f[col["row"]] == "indicator") {
            id = "indicator " f[col["code"]]
            seq = ""
            want(f[col["value"]], id " value")
            want(f[col["cumulative"]], id " cumulative")
            want(f[col["same_period_last_year"]], id " same_period_last_year")
            want(f[col["percent_of_target"]], id " percent_of_target", "%")
            if (rows) print f[col["code"]] seq
        } else if (!rows && f[col["row"]] == "measure" && f[col["unit_code"]] == "ALL") {
            want(f[col["value"]], "measure " f[col["code"]] " ALL value")
        }
    }' "$1"
}

# Flat text for phrase search: one line, no hyphens (pdftotext joins a line
# that ends in " -" to the next one without it), single spaces.
flatten() {
    tr '\n\f' '  ' | sed 's/-//g; s/  */ /g'
}

check_figures() {  # period dir
    d=$(new_details)
    pdftotext "$2/report.pdf" "$TMPD/text.txt" 2>"$TMPD/pdftotext.err"
    # shellcheck disable=SC2020
    tr ' \f\t' '\n\n\n' <"$TMPD/text.txt" | sed '/^$/d' | sort -u >"$TMPD/words.txt"
    csv_figures "$2/summary.csv" >"$TMPD/figures.txt"
    if [ ! -s "$TMPD/figures.txt" ]; then
        echo "no figures read from $2/summary.csv" >>"$d"
    fi
    awk -F '\t' 'NR == FNR { have[$0] = 1; next }
        !($1 in have) { printf "missing %s (%s)\n", $1, $2 }' \
        "$TMPD/words.txt" "$TMPD/figures.txt" >>"$d"
    result "$1: pdftotext shows every figure of summary.csv, Vietnamese style ($(wc -l <"$TMPD/figures.txt") figures)" "$d"

    # the indicator table: the code and its figures, left to right, on one
    # baseline (single-line cells are centred in their row alike)
    d=$(new_details)
    pdftotext -bbox "$2/report.pdf" "$TMPD/bbox.html" 2>"$TMPD/bbox.err"
    csv_figures "$2/summary.csv" rows >"$TMPD/rows.txt"
    awk 'function attr(s, name,    v) {
            if (!match(s, name "=\"[^\"]*\"")) return -1
            v = substr(s, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
            return v + 0
        }
        function check(    i, j, k, q, m, x, best, ok, n) {
            for (i = 1; i <= nw; i++) {
                if (!(t[i] in want)) continue
                n = split(want[t[i]], q, " ")
                x = x0[i]; ok = 1
                for (k = 1; k <= n && ok; k++) {
                    best = 0
                    for (j = 1; j <= nw; j++)
                        if (t[j] == q[k] && x0[j] > x && (bl[j] - bl[i]) ^ 2 < 0.25 &&
                            (!best || x0[j] < x0[best]))
                            best = j
                    if (best) x = x0[best]; else ok = 0
                }
                if (ok) found[t[i]] = 1
            }
            nw = 0
        }
        FNR == NR { c = $1; $1 = ""; sub(/^ /, ""); want[c] = $0; next }
        /<page / { check(); next }
        /<word / {
            nw++
            x0[nw] = attr($0, "xMin"); y0 = attr($0, "yMin"); y1 = attr($0, "yMax")
            bl[nw] = y1 - (y1 - y0) * 0.216 / 1.107
            s = $0; sub(/.*">/, "", s); sub(/<\/word>.*/, "", s); t[nw] = s
        }
        END {
            check()
            for (c in want)
                if (!(c in found))
                    printf "no table row \"%s  %s\" (code, then the figures left to right)\n", c, want[c]
        }' "$TMPD/rows.txt" "$TMPD/bbox.html" | sort >>"$d"
    result "$1: each indicator's figures on its row of the table" "$d"

    d=$(new_details)
    is_empty "pdftotext's stderr" "$TMPD/pdftotext.err" "$d"
    is_empty "pdftotext -bbox's stderr" "$TMPD/bbox.err" "$d"
    result "$1: pdftotext prints no warnings" "$d"

    d=$(new_details)
    flatten <"$TMPD/text.txt" >"$TMPD/flat.txt"
    codes=$(sed -n '/<coverage/,/<\/coverage>/s/.*<unit code="\([^"]*\)".*/\1/p' "$2/summary.xml")
    [ -n "$codes" ] || echo "no coverage list in $2/summary.xml" >>"$d"
    for code in $codes; do
        name=$(xpath "$PLAN" "//units/unit[@code='$code']/name")
        if [ -z "$name" ]; then
            echo "unit $code: no name in $PLAN" >>"$d"
            continue
        fi
        phrase=$(printf '%s\n' "$name" | flatten)
        grep -F -e "$phrase" "$TMPD/flat.txt" >/dev/null ||
            echo "unit $code: '$name' is not in the text" >>"$d"
    done
    grep -F -e "số liệu mẫu" "$TMPD/flat.txt" >/dev/null ||
        echo "the sample notice ('số liệu mẫu') is not in the text" >>"$d"
    result "$1: every unit of the coverage by name, and the sample notice" "$d"

    # counts in words leave out the zeros, and agree with summary.csv
    d=$(new_details)
    grep -E -o '(^| )0 (chỉ tiêu|nhiệm vụ|đơn vị)[^,.;]*' "$TMPD/flat.txt" |
        sed 's/^ */a count of zero is spelled out: /' >>"$d"
    for st in "not-achieved:chỉ tiêu chưa đạt mục tiêu" "behind:chỉ tiêu chậm tiến độ" \
              "on-track:chỉ tiêu đúng tiến độ" "no-data:chỉ tiêu chưa có số liệu"; do
        n=$(grep -c "<indicator .* status=\"${st%%:*}\"" "$2/summary.xml")
        [ "$n" -eq 0 ] || grep -F -e "$n ${st#*:}" "$TMPD/flat.txt" >/dev/null ||
            echo "summary.xml has $n ${st%%:*} indicators; the text does not say '$n ${st#*:}'" >>"$d"
    done
    result "$1: the counts of indicators by status are in words, none of them zero" "$d"
}

check_fonts() {  # period dir
    d=$(new_details)
    pdffonts "$2/report.pdf" >"$TMPD/fonts.txt" 2>&1
    awk 'NR > 2 { n++; if ($(NF - 4) != "yes" || $(NF - 2) != "yes")
                      print "not embedded with ToUnicode: " $0 }
         END { if (n == 0) print "pdffonts lists no font" }' \
        "$TMPD/fonts.txt" >>"$d"
    result "$1: pdffonts: every font embedded, with ToUnicode" "$d"
}

check_qpdf() {  # period dir
    d=$(new_details)
    qpdf --check "$2/report.pdf" >"$TMPD/qpdf.txt" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] || grep -i -e "warning" "$TMPD/qpdf.txt" >/dev/null; then
        echo "qpdf --check: exit $rc" >>"$d"
        head -n 20 "$TMPD/qpdf.txt" >>"$d"
    fi
    result "$1: qpdf --check passes without warnings" "$d"
}

# The pages (1-based) where an appendix starts ("Phụ lục <ROMAN>" as the
# page's first words), from the bbox file; one per line.
appendix_pages() {
    awk '/<page / { p++; k = 0; next }
         /<word / { t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
                    w[++k] = t
                    if (k == 3 && w[1] == "Phụ" && w[2] == "lục" &&
                        w[3] ~ /^[IVXL]+$/) print p }' "$TMPD/bbox.html"
}

check_pages() {  # period dir
    d=$(new_details)
    npages=$(pdfinfo "$2/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    first_app=$(appendix_pages | head -n 1)
    [ -n "$first_app" ] || echo "no appendix page found (\"Phụ lục I\" at a page's top)" >>"$d"
    pdfinfo -f 1 -l "${npages:-1}" "$2/report.pdf" 2>/dev/null |
        sed -n 's/^Page *\([0-9]*\) size: *\([0-9.]* x [0-9.]*\) pts.*/\1 \2/p' >"$TMPD/sizes.txt"
    [ "$(wc -l <"$TMPD/sizes.txt")" -eq "${npages:-0}" ] ||
        echo "pdfinfo gave $(wc -l <"$TMPD/sizes.txt") page sizes for ${npages:-?} pages" >>"$d"
    awk -v app="${first_app:-0}" '{
        p = $1; size = $2 " x " $4
        want = (app > 0 && p >= app) ? "841.89 x 595.276" : "595.276 x 841.89"
        if (size != want)
            printf "page %d is %s, expected %s (%s)\n", p, size, want,
                   want ~ /^841/ ? "A4 landscape, appendix" : "A4 portrait"
    }' "$TMPD/sizes.txt" >>"$d"
    result "$1: A4 pages, portrait, landscape from the appendices on ($npages pages)" "$d"
}

# info FIELD: a field of pdfinfo -isodates.
info() {
    sed -n "s/^$1: *//p" "$TMPD/info.txt"
}

check_info() {  # period dir
    d=$(new_details)
    tpl=$(template_of "$1")
    pdfinfo -isodates "$2/report.pdf" >"$TMPD/info.txt" 2>&1
    issuer=$(xpath "$tpl" "/template/header/issuer")
    title=$(xpath "$tpl" "/template/title")
    subj=$(xpath "$tpl" "/template/subject")
    subj_head=${subj%%\{*}
    plan_no=$(xpath "$PLAN" "/plan/identity/@number")
    [ "$(info Author)" = "$issuer" ] ||
        echo "Author is '$(info Author)', expected the issuing body '$issuer'" >>"$d"
    case $(info Subject) in
        "$subj_head"?*) ;;
        *) echo "Subject is '$(info Subject)', expected it to start with '$subj_head'" >>"$d" ;;
    esac
    case $(info Title) in
        "$title"*"$(info Subject)") ;;
        *) echo "Title is '$(info Title)', expected '$title' and the subject" >>"$d" ;;
    esac
    for k in "$1" "$plan_no"; do
        case "; $(info Keywords);" in
            *"; $k;"*) ;;
            *) echo "Keywords '$(info Keywords)' lack '$k'" >>"$d" ;;
        esac
    done
    case $(info Creator) in
        baocao*) ;;
        *) echo "Creator is '$(info Creator)', expected 'baocao ...'" >>"$d" ;;
    esac
    for f in CreationDate ModDate; do
        [ "$(info $f)" = "${DATE}T00:00:00Z" ] ||
            echo "$f is '$(info $f)', expected ${DATE}T00:00:00Z" >>"$d"
    done
    result "$1: metadata (title, author, subject, keywords, creator, dates)" "$d"
}

check_outlines() {  # period dir
    d=$(new_details)
    tpl=$(template_of "$1")
    qpdf --json --json-key=outlines "$2/report.pdf" >"$TMPD/outlines.json" 2>&1
    # "page<TAB>title" of every bookmark (qpdf sorts keys: the page comes first)
    sed -n 's/^ *"destpageposfrom1": \([0-9]*\),$/P \1/p
            s/^ *"title": "\(.*\)"$/T \1/p' "$TMPD/outlines.json" |
        awk '$1 == "P" { p = $2; next } { sub(/^T /, ""); print p "\t" $0 }' \
        >"$TMPD/outlines.txt"
    n=$(xmllint --xpath 'count(/template/section[@title])' "$tpl" 2>/dev/null)
    i=1
    while [ "$i" -le "${n:-0}" ]; do
        t=$(xpath "$tpl" "/template/section[@title][$i]/@title")
        cut -f 2 "$TMPD/outlines.txt" | grep -x -F -e "$t" >/dev/null ||
            echo "no bookmark '$t'" >>"$d"
        i=$((i + 1))
    done
    [ "${n:-0}" -gt 0 ] || echo "no titled section in $tpl" >>"$d"
    n=$(xmllint --xpath 'count(/template/appendix)' "$tpl" 2>/dev/null)
    pages=$(appendix_pages)
    i=1
    for r in I II III IV V VI VII VIII; do
        [ "$i" -le "${n:-0}" ] || break
        t=$(xpath "$tpl" "/template/appendix[$i]/@title")
        page=$(printf '%s\n' "$pages" | sed -n "${i}p")
        grep -x -F -e "$page	Phụ lục $r. $t" "$TMPD/outlines.txt" >/dev/null ||
            echo "no bookmark 'Phụ lục $r. $t' to page ${page:-?}" >>"$d"
        i=$((i + 1))
    done
    if [ -s "$d" ]; then
        echo "bookmarks (page, title):" >>"$d"
        cat "$TMPD/outlines.txt" >>"$d"
    fi
    result "$1: bookmarks for every section and appendix" "$d"
}

# Page numbers, margins and the signature line from pdftotext -bbox.
check_bbox() {  # period dir
    tpl=$(template_of "$1")
    auth=$(xpath "$tpl" "/template/signature/authority[1]")
    auth=${auth%% *}
    apps=$(appendix_pages | tr '\n' ' ')
    rm -f "$TMPD/bbox.num" "$TMPD/bbox.mar" "$TMPD/bbox.sig"
    awk -v apps="$apps" -v auth="$auth" -v out="$TMPD/bbox" "
    BEGIN { $MARGINS }"'
    function attr(s, name,    v) {
        if (!match(s, name "=\"[^\"]*\"")) return -1
        v = substr(s, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
        return v + 0
    }
    # the baseline of a word box (the box spans ascent 0.891 and descent
    # 0.216 of the size, as in Liberation Serif and Times New Roman)
    function base(y0, y1) { return y1 - (y1 - y0) * 0.216 / 1.107 }
    function endpage() {
        if (pg == 0) return
        if (expect == "") {
            if (nnum)
                printf "page %d: page number \"%s\" shown, expected none\n", pg, numtext > (out ".num")
        } else if (nnum != 1 || numtext != expect) {
            printf "page %d: \"%s\" in the top margin, expected the page number \"%s\"\n", pg, numtext, expect > (out ".num")
        } else if (numc - W / 2 > 2 || W / 2 - numc > 2) {
            printf "page %d: page number centred at x %.2f, the page centre is %.2f\n", pg, numc, W / 2 > (out ".num")
        } else if (numy1 > T) {
            printf "page %d: page number reaches y %.2f, below the top margin line %.2f\n", pg, numy1, T > (out ".num")
        }
        if (sigpage == pg && topy1 > nby0 - 5)
            printf "page %d: nothing above the signature block (\"Nơi nhận:\" at the top)\n", pg > (out ".sig")
    }
    BEGIN { n = split(apps, a, " "); for (i = 1; i <= n; i++) start[a[i]] = 1 }
    /<page / {
        endpage()
        pg++; W = attr($0, "width"); H = attr($0, "height")
        if (pg in start) sec = pg
        if (pg == 1 || pg in start) expect = ""
        else expect = sprintf("%d", pg - (sec ? sec : 1) + 1)
        nnum = 0; numtext = ""; prev = ""; topy1 = H
        next
    }
    /<word / {
        x0 = attr($0, "xMin"); y0 = attr($0, "yMin")
        x1 = attr($0, "xMax"); y1 = attr($0, "yMax")
        t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
        if (y0 < T - 0.5 && y1 <= T + 0.5) {      # in the top margin
            nnum++; numtext = numtext (nnum > 1 ? " " : "") t
            numc = (x0 + x1) / 2; numy1 = y1
            if (x0 < L - 0.5 || x1 > W - R + 0.5)
                printf "page %d: \"%s\" at x %.2f-%.2f, outside x %.2f-%.2f\n", pg, t, x0, x1, L, W - R > (out ".mar")
            next
        }
        if (x0 < L - 0.5 || x1 > W - R + 0.5 || y0 < T - 0.5 || y1 > H - B + 0.5)
            printf "page %d: \"%s\" at x %.2f-%.2f, y %.2f-%.2f (from the top), outside x %.2f-%.2f, y %.2f-%.2f\n", pg, t, x0, x1, y0, y1, L, W - R, T, H - B > (out ".mar")
        if (y1 < topy1) topy1 = y1
        if (!sig && prev == "Nơi" && t == "nhận:") {
            sig = 1; sigpage = pg; nb = base(py0, py1); nby0 = py0
        }
        if (sig == 1 && sigpage == pg && t == auth) {
            sig = 2
            if (base(y0, y1) - nb > 0.5 || nb - base(y0, y1) > 0.5)
                printf "page %d: \"Nơi nhận:\" on baseline %.2f, \"%s\" on %.2f (from the top)\n", pg, nb, auth, base(y0, y1) > (out ".sig")
        }
        prev = t; py0 = y0; py1 = y1
    }
    END {
        endpage()
        if (!sig) print "no \"Nơi nhận:\" found" > (out ".sig")
        else if (sig == 1) printf "page %d: no \"%s\" on the page of \"Nơi nhận:\"\n", sigpage, auth > (out ".sig")
    }' "$TMPD/bbox.html"
    for part in num mar sig; do
        [ -f "$TMPD/bbox.$part" ] || : >"$TMPD/bbox.$part"
    done
    result "$1: page numbers: none on page 1 nor on an appendix's first page, else centred in the top margin, from 1 in each appendix" "$TMPD/bbox.num"
    head -n 30 "$TMPD/bbox.mar" >"$TMPD/bbox.mar30"
    rm -f "$TMPD/bbox.mar"
    result "$1: every word inside the margins" "$TMPD/bbox.mar30"
    result "$1: \"Nơi nhận:\" on the signature's first line, with text above on its page" "$TMPD/bbox.sig"
}

# ---- the three reports ---------------------------------------------------

for per in $REPORTS; do
    dir=$TMPD/out/$per
    render "$TMPD/out" "$per"
    d=$(new_details)
    same_status 0 "$status" "$d"
    if [ -s "$TMPD/out.err" ]; then
        echo "stderr:" >>"$d"
        head -n 20 "$TMPD/out.err" >>"$d"
    fi
    for f in report.pdf summary.csv summary.xml; do
        [ -s "$dir/$f" ] || echo "no $dir/$f" >>"$d"
    done
    if [ -s "$d" ]; then
        result "$per: baocao report renders" "$d"
        continue
    fi
    result "$per: baocao report renders" "$d"
    check_figures "$per" "$dir"
    check_fonts "$per" "$dir"
    check_qpdf "$per" "$dir"
    check_pages "$per" "$dir"
    check_info "$per" "$dir"
    check_outlines "$per" "$dir"
    check_bbox "$per" "$dir"
done

# ---- reproducibility, size, failures ---------------------------------------

Q=2025-Q3
QPDF=$TMPD/out/$Q/report.pdf

d=$(new_details)
render "$TMPD/again" "$Q"
same_status 0 "$status" "$d"
same_file "a second run's report.pdf" "$QPDF" "$TMPD/again/$Q/report.pdf" "$d"
result "$Q: a second run gives a byte-identical PDF" "$d"

d=$(new_details)
render "$TMPD/j1" "$Q" -j 1
same_status 0 "$status" "$d"
render "$TMPD/j2" "$Q" -j 2
same_status 0 "$status" "$d"
same_file "the -j 2 report.pdf" "$TMPD/j1/$Q/report.pdf" "$TMPD/j2/$Q/report.pdf" "$d"
same_file "the -j 1 report.pdf" "$QPDF" "$TMPD/j1/$Q/report.pdf" "$d"
result "$Q: -j 1 and -j 2 give byte-identical PDFs" "$d"

d=$(new_details)
mkdir -p "$TMPD/epoch"
SOURCE_DATE_EPOCH=$EPOCH "$BAOCAO" report --period "$Q" --number "$NUMBER" \
    --output "$TMPD/epoch" -q >/dev/null 2>"$TMPD/epoch.err"
same_status 0 "$?" "$d"
pdfinfo -isodates "$TMPD/epoch/$Q/report.pdf" >"$TMPD/info.txt" 2>&1
for f in CreationDate ModDate; do
    [ "$(info $f)" = "${DATE}T00:00:00Z" ] ||
        echo "$f is '$(info $f)', expected ${DATE}T00:00:00Z" >>"$d"
done
same_file "the SOURCE_DATE_EPOCH report.pdf" "$QPDF" "$TMPD/epoch/$Q/report.pdf" "$d"
result "$Q: SOURCE_DATE_EPOCH instead of --date gives the same dates and bytes" "$d"

d=$(new_details)
size=$(wc -c <"$QPDF")
[ "$size" -lt 250000 ] || echo "report.pdf is $size bytes, not under 250000" >>"$d"
result "$Q: the quarterly report is under 250 000 bytes ($size)" "$d"

# A template whose <page font="..."> names a family that does not exist.
sed 's/font="[^"]*"/font="Baocao Missing Family"/' templates/report-quarter.xml >"$TMPD/badfont.xml"
d=$(new_details)
grep -F 'font="Baocao Missing Family"' "$TMPD/badfont.xml" >/dev/null ||
    echo "could not make the bad-font template" >>"$d"
render "$TMPD/nofont" "$Q" --template "$TMPD/badfont.xml"
same_status 3 "$status" "$d"
contains "stderr" "$TMPD/nofont.err" "[font-not-found]" "$d"
[ ! -e "$TMPD/nofont/$Q/report.pdf" ] || echo "report.pdf was written" >>"$d"
no_leftovers "$TMPD/nofont/$Q" "$d"
result "$Q: a missing font gives [font-not-found], exit 3 and no report.pdf" "$d"

d=$(new_details)
: >"$TMPD/plainfile"
"$BAOCAO" report --period "$Q" --date "$DATE" --number "$NUMBER" \
    --output "$TMPD/plainfile/out" -q >/dev/null 2>"$TMPD/unwritable.err"
same_status 3 "$?" "$d"
[ -s "$TMPD/unwritable.err" ] || echo "no diagnostic on stderr" >>"$d"
result "$Q: an output folder under a regular file gives exit 3" "$d"

d=$(new_details)
render "$TMPD/keep" "$Q"
same_status 0 "$status" "$d"
cp "$TMPD/keep/$Q/report.pdf" "$TMPD/keep.pdf"
render "$TMPD/keep" "$Q" --template "$TMPD/badfont.xml"
same_status 3 "$status" "$d"
same_file "report.pdf after the failed rerun" "$TMPD/keep.pdf" "$TMPD/keep/$Q/report.pdf" "$d"
no_leftovers "$TMPD/keep/$Q" "$d"
result "$Q: a failed rerun leaves the previous report.pdf intact" "$d"

# File names with a tab and with a byte that is not UTF-8: drawn escaped, as
# diagnostics and the other outputs write them (text_escape).
d=$(new_details)
mkdir -p "$TMPD/oddnames"
src=input/submissions/2025/STC-2025-Q3-r1.xml
cp "$src" "$TMPD/oddnames/$(printf 'STC\tQ3.xml')"
sed 's/unit="STC"/unit="SKHCN"/' input/submissions/2025/SKHCN-2025-Q3-r1.xml \
    >"$TMPD/oddnames/$(printf 'SKHCN\377Q3.xml')"
"$BAOCAO" report --period "$Q" --date "$DATE" --input "$TMPD/oddnames" \
    --output "$TMPD/oddout" >/dev/null 2>"$TMPD/odd.err"
same_status 0 "$?" "$d"
! grep -q -F -e 'error' "$TMPD/odd.err" || { echo "stderr:"; cat "$TMPD/odd.err"; } >>"$d"
pdftotext "$TMPD/oddout/$Q/report.pdf" "$TMPD/odd.txt" 2>/dev/null
grep -q -F -e 'STC\tQ3.xml:' "$TMPD/odd.txt" || echo "the STC file's name is not drawn as STC\tQ3.xml" >>"$d"
grep -q -F -e 'SKHCN\xffQ3.xml:' "$TMPD/odd.txt" ||
    echo "the SKHCN file's name is not drawn as SKHCN\xffQ3.xml" >>"$d"
grep -q -F -e 'STC\tQ3.xml' "$TMPD/oddout/$Q/run-log.txt" ||
    echo "run-log.txt does not name STC\tQ3.xml" >>"$d"
result "$Q: input file names with a tab or a byte that is not UTF-8 are drawn escaped, as the run log writes them" "$d"

# Every text of the plan with a character the font lacks: warned about and
# drawn as '?', never a failed report.
d=$(new_details)
sed 's|</name>| ✓</name>|g; s|</short>| ✓</short>|g; s|</text>| ✓</text>|g; s|uom="\([^"]*\)"|uom="\1 ✓"|g' \
    input/plan.xml >"$TMPD/checkplan.xml"
[ "$(grep -c '✓' "$TMPD/checkplan.xml")" -gt 50 ] || echo "could not make the plan" >>"$d"
for per in $REPORTS; do
    "$BAOCAO" report --period "$per" --date "$DATE" --plan "$TMPD/checkplan.xml" \
        --input input/submissions --output "$TMPD/checkout" >/dev/null 2>"$TMPD/check.err"
    same_status 0 "$?" "$d"
    grep -F -e '[pdf-failed]' "$TMPD/check.err" >>"$d"
    grep -F -e 'U+2713' "$TMPD/check.err" | grep -q -F -e '[glyph-missing]' ||
        echo "$per: no [glyph-missing] warning about U+2713" >>"$d"
    [ -s "$TMPD/checkout/$per/report.pdf" ] || echo "$per: no report.pdf" >>"$d"
done
result "every text of the plan holding a character the font lacks: each report is made, with warnings" "$d"

# A sum that passes the largest figure: the appendix says so (it said "the
# successor reported", for a unit with no successor).
d=$(new_details)
mkdir -p "$TMPD/big"
for y in 2023 2024 2025; do
    for q in 1 2 3 4; do
        sed -e "s/period=\"2025-Q3\"/period=\"$y-Q$q\"/" \
            -e 's/measure="CHI_KHCN">[^<]*</measure="CHI_KHCN">999999999999</' \
            input/submissions/2025/STC-2025-Q3-r1.xml >"$TMPD/big/STC-$y-Q$q.xml"
    done
done
grep -q '>999999999999<' "$TMPD/big/STC-2023-Q1.xml" || echo "could not make the files" >>"$d"
"$BAOCAO" report --period 2023-2025 --date "$DATE" --input "$TMPD/big" \
    --output "$TMPD/bigout" -q >/dev/null 2>"$TMPD/big.err"
same_status 0 "$?" "$d"
pdftotext "$TMPD/bigout/2023-2025/report.pdf" - 2>/dev/null | flatten >"$TMPD/big.txt"
[ "$(grep -o -F -e 'Tổng vượt quá' "$TMPD/big.txt" | wc -l)" -ge 2 ] ||
    echo "the appendix does not say, for STC and the total, that the sum passed the limit" >>"$d"
! grep -q -F -e 'Không cộng: đơn vị kế thừa' "$TMPD/big.txt" ||
    echo "the appendix still says a successor reported" >>"$d"
result "a sum past the largest figure: the appendix says so, for the unit and the total" "$d"

# Units that sent the same remark are named together, once.
d=$(new_details)
phrase="kiêm nhiệm nhiều nhiệm vụ nên việc tổng hợp số liệu còn chậm"
senders=$(grep -l -F -e "$phrase" input/submissions/2025/*-2025-r*.xml | wc -l)
[ "$senders" -ge 2 ] || echo "the sample has $senders year files with the remark, not 2 or more" >>"$d"
pdftotext "$TMPD/out/2023-2025/report.pdf" - 2>/dev/null | flatten >"$TMPD/review.txt"
times=$(grep -o -F -e "$phrase" "$TMPD/review.txt" | wc -l)
[ "$times" -eq 1 ] || echo "the remark of $senders units is written $times times, not once" >>"$d"
grep -q -F -e "Sở Công Thương, Sở GD&ĐT" "$TMPD/review.txt" ||
    echo "the units that sent it are not named together in plan order" >>"$d"
result "2023-2025: a remark sent by several units is written once, after their names" "$d"

# A level target over several years is judged on the last year: the CSV
# and the note under the table say so, beside the whole period's value.
d=$(new_details)
grep '^indicator,II.4,' "$TMPD/out/2023-2025/summary.csv" | grep -q 'percent and status judged on 2025: 0.47' ||
    echo "summary.csv: II.4 has no note 'percent and status judged on 2025: 0.47'" >>"$d"
grep -q -F -e 'năm 2025: 0,47% (cột “Kỳ báo cáo” ghi giá trị chung của cả kỳ: 0,46%)' "$TMPD/review.txt" ||
    echo "the review's note on II.4 does not give both values" >>"$d"
grep -q -F -e 'ước tính đến năm 2025' "$TMPD/review.txt" &&
    echo "the review estimates 2025 at the end of 2025" >>"$d"
result "2023-2025: II.4 judged on 2025 (0,47%), said beside the period's 0,46%; no estimate for a year that is over" "$d"

# A district's figures its commune's year covers: listed, noted, not added.
d=$(new_details)
grep '^measure,MH_UD,.*,UBND_BS,' "$TMPD/out/2025/summary.csv" |
    grep -q "partly not counted: its successor's figure covers the same periods" ||
    echo "summary.csv: UBND_BS's MH_UD has no 'partly not counted' note" >>"$d"
pdftotext "$TMPD/out/2025/report.pdf" - 2>/dev/null | flatten >"$TMPD/year.txt"
grep -q -F -e "trùng kỳ đã gồm trong số của đơn vị kế thừa" "$TMPD/year.txt" ||
    echo "the year's appendix has no note on the periods the successor's figure covers" >>"$d"
result "2025: a district's MH_UD, which its commune's year covers, is noted in the CSV and the appendix" "$d"

# Nine months, for which the units sent quarters only: each lead's latest
# quarter speaks for its tasks, and the table says which report it is.
d=$(new_details)
"$BAOCAO" report -q --period 2025-9M --date "$DATE" --output "$TMPD/nine" 2>>"$d"
same_status 0 "$?" "$d"
pdftotext "$TMPD/nine/2025-9M/report.pdf" - 2>/dev/null | flatten >"$TMPD/nine.txt"
grep -q -F -e "chưa có báo cáo của đơn vị chủ trì" "$TMPD/nine.txt" &&
    echo "a task is said to have no report from its lead" >>"$d"
grep -q -F -e "(theo báo cáo quý III năm 2025)" "$TMPD/nine.txt" ||
    echo "no task result says it is from the report on quý III năm 2025" >>"$d"
grep -q -F -e "Các đơn vị không nêu khó khăn" "$TMPD/nine.txt" &&
    echo "the difficulties the quarters report are not quoted" >>"$d"
result "2025-9M: the leads' third-quarter reports speak for the tasks, said so" "$d"

tap_done

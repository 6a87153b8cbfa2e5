/*
 * test_pdf: the libharu writer, end to end on small documents.
 *
 * Needs the fonts of fonts-liberation2 (or Times New Roman). Checks the
 * bytes of the output (header, reproducibility, the replaced ToUnicode
 * CMap, dates, which faces are embedded), text extraction with pdftotext
 * when it is installed, and every error path: missing font family or file,
 * a character the font lacks, a full disk (/dev/full), a missing folder, a
 * failed rename; none may leave a temporary file behind.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "layout.h"
#include "fonts.h"
#include "pdf.h"

static const char VIET[] = "Độc lập - Tự do - Hạnh phúc; Ủy ban nhân dân tỉnh "
                           "Lạng Sơn: chỉ tiêu đạt 87,5%.";

static doc *small_doc(void)
{
    doc *d = doc_new();
    doc_para_style t = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    doc_add_bookmark(d, 1, "Phần một: Kết quả");
    doc_add_para(d, "BÁO CÁO KẾT QUẢ", &t);
    doc_para_style b = doc_style_body();
    doc_add_para(d, VIET, &b);
    doc_add_bookmark(d, 2, "Mục 1.1 Số liệu");
    doc_table *tb = doc_add_table(d, 2);
    doc_table_add_row(tb, DOC_ROW_HEADER);
    doc_table_add_cell(tb, "Đơn vị");
    doc_table_add_cell(tb, "Số liệu");
    doc_table_add_row(tb, DOC_ROW_BODY);
    doc_table_add_cell(tb, "Sở Tài chính");
    doc_table_add_cell(tb, "1.234,5");
    return d;
}

static void opts(pdf_options *o, int compress)
{
    pdf_options_init(o);
    o->title = "Báo cáo quý III/2025";
    o->author = "Sở Khoa học và Công nghệ";
    o->year = 2025;
    o->month = 9;
    o->day = 5;
    o->compress = compress;
}

static int contains(const unsigned char *b, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(b + i, s, m) == 0)
            return 1;
    return 0;
}

static size_t count(const unsigned char *b, size_t n, const char *s)
{
    size_t m = strlen(s), c = 0;
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(b + i, s, m) == 0)
            c++;
    return c;
}

static void test_render_reproducible(void **state)
{
    (void)state;
    doc *d = small_doc();
    pdf_options o;
    opts(&o, 1);
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    pdf_error err;
    assert_int_equal(pdf_render_mem(d, &o, &a, &na, &err), PDF_OK);
    assert_int_equal(err.status, PDF_OK);
    o.jobs = o.jobs == 1 ? 3 : 1;   /* streams deflated on other threads */
    assert_int_equal(pdf_render_mem(d, &o, &b, &nb, &err), PDF_OK);
    assert_true(na > 1000);
    assert_memory_equal(a, "%PDF-", 5);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    /* regular + bold used, each cut to the glyphs drawn: a few KB */
    assert_true(na < 40 * 1024);
    free(a);
    free(b);
    doc_free(d);
}

static void test_tounicode_and_metadata(void **state)
{
    (void)state;
    doc *d = small_doc();
    pdf_options o;
    opts(&o, 0);
    unsigned char *p = NULL;
    size_t n = 0;
    pdf_error err;
    assert_int_equal(pdf_render_mem(d, &o, &p, &n, &err), PDF_OK);
    /* libharu 2.3.0's invalid map is gone, ours is in its place */
    assert_false(contains(p, n, "begincidrange"));
    assert_true(contains(p, n, "/CMapType 2 def"));
    assert_true(contains(p, n, "<1E00> <1EFF> <1E00>"));   /* Vietnamese block */
    assert_true(contains(p, n, "<0000> <00FF> <0000>"));
    assert_false(contains(p, n, "<D800> <D8FF>"));
    /* two faces used (regular, bold), 248 ranges each: blocks of 100+100+48 */
    assert_int_equal(count(p, n, "beginbfrange"), 6);
    assert_int_equal(count(p, n, "48 beginbfrange"), 2);
    assert_int_equal(count(p, n, "/FontFile2"), 2);
    assert_int_equal(count(p, n, "/ToUnicode"), 2);
    /* dates from the caller, no clock */
    assert_true(contains(p, n, "/CreationDate (D:20250905000000Z"));
    assert_true(contains(p, n, "/ModDate (D:20250905000000Z"));
    /* information strings are UTF-16BE with a BOM: "baocao ..." */
    assert_true(contains(p, n, "/Creator <FEFF00620061006F00630061006F0020"));
    /* outlines */
    assert_true(contains(p, n, "/Outlines"));
    assert_true(contains(p, n, "/PageMode /UseOutlines"));
    free(p);
    doc_free(d);
}

static char *slurp_cmd(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            text = realloc(text, cap);
        }
    }
    text[len] = '\0';
    int st = pclose(f);
    if (st != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void test_pdftotext_roundtrip(void **state)
{
    (void)state;
    if (system("command -v pdftotext >/dev/null 2>&1") != 0)
        skip();
    char dir[] = "/tmp/test_pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/vi.pdf", dir);
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 13, DOC_ALIGN_LEFT);
    doc_add_para(d, VIET, &st);
    doc_para_style it = doc_style(DOC_FACE_BOLD_ITALIC, 12, DOC_ALIGN_LEFT);
    doc_add_para(d, "Nơi nhận: Nguyễn Thị Hường", &it);
    pdf_options o;
    opts(&o, 1);
    pdf_error err;
    assert_int_equal(pdf_render(d, &o, path, &err), PDF_OK);
    char cmd[512];
    /* stderr joins stdout: any warning breaks the comparison */
    snprintf(cmd, sizeof cmd, "pdftotext -layout -nopgbrk %s - 2>&1", path);
    char *text = slurp_cmd(cmd);
    assert_non_null(text);
    char want[512];
    snprintf(want, sizeof want, "%s\nNơi nhận: Nguyễn Thị Hường\n", VIET);
    assert_string_equal(text, want);
    free(text);
    unlink(path);
    rmdir(dir);
    doc_free(d);
}

/* Renders d with the options o into dir/name.pdf, then its pages into
 * dir/name-N.ppm with pdftoppm; returns the PDF's size. */
static size_t render_pages(const doc *d, const pdf_options *o, const char *dir,
                           const char *name)
{
    char path[256], cmd[640];
    snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
    pdf_error err;
    assert_int_equal(pdf_render(d, o, path, &err), PDF_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 100 %s %s/%s", path, dir, name);
    assert_int_equal(system(cmd), 0);
    return (size_t)st.st_size;
}

static void test_subset_draws_the_same_glyphs(void **state)
{
    (void)state;
    if (system("command -v pdftoppm >/dev/null 2>&1") != 0)
        skip();
    char dir[] = "/tmp/test_pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    /* every face, letters with one and two marks (composite glyphs in the
     * font), punctuation past Latin-1, digits */
    static const char *const TEXT =
        "Ầ ầ Ẩ ẩ Ẫ ẫ Ậ ậ Ắ ắ Ằ ằ Ẳ ẳ Ẵ ẵ Ặ ặ Ế ế Ề ề Ể ể Ễ ễ Ệ ệ Ố ố Ồ ồ "
        "Ổ ổ Ỗ ỗ Ộ ộ Ớ ớ Ờ ờ Ở ở Ỡ ỡ Ợ ợ Ứ ứ Ừ ừ Ử ử Ữ ữ Ự ự Ỳ ỳ Ỷ ỷ Ỹ ỹ "
        "Đ đ Ơ ơ Ư ư Ă ă Ĩ ĩ Ũ ũ – “Độc lập” … 0123456789 %,.;:!?()/";
    doc *d = doc_new();
    const doc_face faces[] = { DOC_FACE_REGULAR, DOC_FACE_BOLD,
                               DOC_FACE_ITALIC, DOC_FACE_BOLD_ITALIC };
    for (size_t k = 0; k < 4; k++) {
        doc_para_style st = doc_style(faces[k], 14, DOC_ALIGN_LEFT);
        doc_add_para(d, TEXT, &st);
        doc_add_para(d, VIET, &st);
    }
    pdf_options o;
    opts(&o, 1);
    size_t small = render_pages(d, &o, dir, "subset");
    o.optimize = 0;
    size_t whole = render_pages(d, &o, dir, "whole");
    assert_true(small * 2 < whole);
    char cmd[640];
    snprintf(cmd, sizeof cmd, "cmp -s %s/subset-1.ppm %s/whole-1.ppm", dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
    doc_free(d);
}

static const char *pct_fmt(double v, char *out, size_t n)
{
    snprintf(out, n, "%.0f%%", v);
    return out;
}

/* A document with every kind of op: text in each face and size, rules,
 * table fills and borders, chart bars, dashed and dotted lines, markers,
 * several pages, a landscape one. */
static doc *every_op_doc(void)
{
    doc *d = doc_new();
    doc_header h = { "UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                     "Số: 123/BC-SKHCN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "Lạng Sơn, ngày 05 tháng 9 năm 2025" };
    doc_add_header(d, &h);
    doc_add_rule(d, 50, DOC_ALIGN_CENTER, 0.6, 2, 6);
    const doc_face faces[] = { DOC_FACE_REGULAR, DOC_FACE_BOLD,
                               DOC_FACE_ITALIC, DOC_FACE_BOLD_ITALIC };
    for (size_t k = 0; k < 4; k++) {
        doc_para_style st = doc_style(faces[k], 11 + (double)k * 1.5, DOC_ALIGN_JUSTIFY);
        doc_add_para(d, VIET, &st);
        doc_add_para(d, "Ầ ẩ Ỗ ự – “Độc lập” … 0,5%", &st);
    }
    doc_table *tb = doc_add_table(d, 3);
    doc_table_set_col(tb, 0, 15, 0, DOC_ALIGN_CENTER, 0);
    doc_table_set_col(tb, 2, 30, 0, DOC_ALIGN_RIGHT, 1);
    doc_table_add_row(tb, DOC_ROW_HEADER);
    doc_table_add_cell(tb, "TT");
    doc_table_add_cell(tb, "Đơn vị");
    doc_table_add_cell(tb, "Số liệu");
    for (int i = 0; i < 60; i++) {
        doc_table_add_row(tb, i == 59 ? DOC_ROW_TOTAL : DOC_ROW_BODY);
        doc_table_add_cell(tb, "1");
        doc_table_add_cell(tb, "UBND xã Đồng Đăng, đơn vị hành chính mới");
        doc_table_add_cell(tb, "-1.234.567,5");
    }
    doc_bar_chart *c = doc_add_bar_chart(d, "Biểu đồ 1", pct_fmt);
    doc_bar a = { "Chỉ tiêu A", 1, 180, 1, 75, "180% - vượt", 0.3 };
    doc_bar b = { "Chỉ tiêu B", 1, 40, 1, 75, "40%", 0.6 };
    doc_bar_chart_add(c, &a);
    doc_bar_chart_add(c, &b);
    doc_bar_chart_legend(c, DOC_LEGEND_BOX, 0.3, "Đạt, vượt");
    doc_bar_chart_legend(c, DOC_LEGEND_MARKER, 0, "Tiến độ dự kiến");
    doc_bar_chart_legend(c, DOC_LEGEND_TARGET, 0, "Mục tiêu");
    const char *cats[] = { "Q1", "Q2", "Q3", "Q4" };
    doc_line_chart *lc = doc_add_line_chart(d, "Biểu đồ 2", cats, 4, pct_fmt);
    double v1[4] = { 10, 55.5, 70, 120 }, v2[4] = { 5, 20, 35, 61 },
           v3[4] = { 80, 60, 90, 95 };
    doc_line_chart_add_series(lc, "A", v1, NULL);
    doc_line_chart_add_series(lc, "B", v2, NULL);
    doc_line_chart_add_series(lc, "C", v3, NULL);
    doc_line_chart_set_target(lc, 100, "Mục tiêu (100%)");
    doc_table *wide = doc_add_table(d, 4);   /* wider than A4: landscape */
    for (size_t k = 0; k < 4; k++)
        doc_table_set_col(wide, k, 60, 0, DOC_ALIGN_LEFT, 0);
    doc_table_add_row(wide, DOC_ROW_HEADER);
    for (size_t k = 0; k < 4; k++)
        doc_table_add_cell(wide, "Cột");
    doc_table_add_row(wide, DOC_ROW_BODY);
    for (size_t k = 0; k < 4; k++)
        doc_table_add_cell(wide, "giá trị");
    return d;
}

/* The page content streams of an uncompressed PDF, one after the other. */
static void contents_of(const unsigned char *p, size_t n, buf *out)
{
    const char *s = (const char *)p;
    for (size_t i = 0; i + 8 < n; i++) {
        if (memcmp(s + i, "stream\r\n", 8) != 0)
            continue;
        size_t from = i + 8, to = from;
        while (to + 9 <= n && memcmp(s + to, "endstream", 9) != 0)
            to++;
        /* content streams start with an operator's operand or BT */
        if (to - from > 3 && (memcmp(s + from, "BT\n", 3) == 0 ||
                              (s[from] >= '0' && s[from] <= '9')))
            buf_put(out, s + from, to - from);
        i = to;
    }
}

/* libharu's text strings, <hex>, rewritten as the literal strings pdf.c
 * writes: each byte as it is, but ( ) \\ escaped, LF and CR as \\n and \\r. */
static void hex_to_literal(const buf *in, buf *out)
{
    for (size_t i = 0; i < in->len; i++) {
        if (in->data[i] != '<') {
            buf_putc(out, in->data[i]);
            continue;
        }
        buf_putc(out, '(');
        for (i++; i + 1 < in->len && in->data[i] != '>'; i += 2) {
            char h[3] = { in->data[i], in->data[i + 1], 0 };
            unsigned char c = (unsigned char)strtoul(h, NULL, 16);
            if (c == '(' || c == ')' || c == '\\')
                buf_putc(out, '\\');
            if (c == '\n' || c == '\r')
                buf_puts(out, c == '\n' ? "\\n" : "\\r");
            else
                buf_putc(out, (char)c);
        }
        buf_putc(out, ')');
    }
}

/* The pages written into buffers (optimize, on the deflate threads) hold
 * the very bytes libharu's page operators write (optimize off), text
 * strings written literally. */
static void test_pages_written_as_libharu_writes_them(void **state)
{
    (void)state;
    doc *d = every_op_doc();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 12, DOC_ALIGN_LEFT);
    doc_add_para(d, "(a) \\ \u010A \u010D", &st);
    pdf_options o;
    opts(&o, 0);
    unsigned char *mine = NULL, *theirs = NULL;
    size_t nm = 0, nt = 0;
    pdf_error err;
    assert_int_equal(pdf_render_mem(d, &o, &mine, &nm, &err), PDF_OK);
    o.optimize = 0;
    assert_int_equal(pdf_render_mem(d, &o, &theirs, &nt, &err), PDF_OK);
    buf a, hex, b;
    buf_init(&a, 0);
    buf_init(&hex, 0);
    buf_init(&b, 0);
    contents_of(mine, nm, &a);
    contents_of(theirs, nt, &hex);
    hex_to_literal(&hex, &b);
    assert_true(a.len > 20000);
    /* the strings hold NUL bytes: memmem, not strstr */
    static const char *const ops[] = { " re\nB\n", "] 0 d\n", " G\n", "/F4 " };
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        assert_non_null(memmem(a.data, a.len, ops[k], strlen(ops[k])));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* every byte that needs escaping was drawn: ( ) \\, and LF and CR as
     * the low bytes of U+010A and U+010D */
    static const char *const escaped[] = { "\\(", "\\)", "\\\\", "\001\\n", "\001\\r" };
    for (size_t k = 0; k < sizeof escaped / sizeof escaped[0]; k++)
        assert_non_null(memmem(a.data, a.len, escaped[k], strlen(escaped[k])));
    /* compressed, on threads: the same pages (test_render_reproducible
     * checks the bytes do not depend on the threads) */
    buf_release(&a);
    buf_release(&hex);
    buf_release(&b);
    free(mine);
    free(theirs);
    doc_free(d);
}

static void test_missing_font_family(void **state)
{
    (void)state;
    doc *d = small_doc();
    pdf_options o;
    opts(&o, 1);
    o.font_family = "No Such Font Family 4711";
    unsigned char *p = (unsigned char *)&p;
    size_t n = 1;
    pdf_error err;
    assert_int_equal(pdf_render_mem(d, &o, &p, &n, &err), PDF_ERR_FONT_NOT_FOUND);
    assert_int_equal(err.status, PDF_ERR_FONT_NOT_FOUND);
    assert_null(p);
    assert_int_equal(n, 0);
    doc_free(d);
}

static void test_missing_font_file(void **state)
{
    (void)state;
    const char *paths[4] = { "/nonexistent/a.ttf", "/nonexistent/b.ttf",
                             "/nonexistent/c.ttf", "/nonexistent/d.ttf" };
    pdf_error err;
    pdf_fonts *f = pdf_fonts_new_files(paths, &err);
    assert_null(f);
    assert_int_equal(err.status, PDF_ERR_FONT_LOAD);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_int_equal(err.detail, 0);
    pdf_fonts_free(NULL);
}

/* Renders d with the font files paths through the pieces of pdf.h. */
static size_t render_files(const doc *d, const char *const paths[4], const char *out)
{
    pdf_error err;
    pdf_fonts *f = pdf_fonts_new_files(paths, &err);
    assert_non_null(f);
    layout_metrics m;
    pdf_fonts_metrics(f, &m);
    pdf_options o;
    opts(&o, 1);
    layout_result *r = NULL;
    pdf_drawing *dr = pdf_draw_begin(f, &o);
    assert_int_equal(layout_run_each(d, &o.page, &m, pdf_draw_page, dr, &r), LAYOUT_OK);
    unsigned char *bytes = NULL;
    size_t len = 0;
    assert_int_equal(pdf_draw_end(dr, r, &bytes, &len, &err), PDF_OK);
    assert_int_equal(pdf_save_file(out, bytes, len, &err), PDF_OK);
    free(bytes);
    layout_free(r);
    pdf_fonts_free(f);
    return len;
}

/* The /Length1 (font program size) of the one embedded font of a PDF. */
static long length1_of(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    data[n] = '\0';
    long found = -1;
    for (long i = 0; found < 0 && i + 9 < n; i++)
        if (memcmp(data + i, "/Length1 ", 9) == 0)
            found = strtol(data + i + 9, NULL, 10);
    free(data);
    if (found < 0)
        fail_msg("no /Length1 in %s", path);
    return found;
}

/* A font ttf.c cannot cut down (here its loca table claims 4 bytes, which
 * libharu does not look at) is embedded whole by libharu instead, and the
 * pages look the same. */
static void test_font_not_subset_embedded_whole(void **state)
{
    (void)state;
    if (system("command -v pdftoppm >/dev/null 2>&1") != 0)
        skip();
    fonts_set fs;
    assert_int_equal(fonts_find(NULL, &fs), FONTS_OK);
    FILE *fp = fopen(fs.path[0], "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *font = malloc((size_t)n);
    assert_int_equal(fread(font, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    assert_int_equal(memcmp(font, "\0\1\0\0", 4), 0);   /* one TrueType face */
    unsigned ntables = (unsigned)font[4] << 8 | font[5];
    int patched = 0;
    for (unsigned i = 0; i < ntables; i++) {
        unsigned char *rec = font + 12 + 16 * i;
        if (memcmp(rec, "loca", 4) == 0) {
            memcpy(rec + 12, "\0\0\0\4", 4);
            patched = 1;
        }
    }
    assert_true(patched);
    char dir[] = "/tmp/test_pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char bad[256], cmd[1400];
    snprintf(bad, sizeof bad, "%s/bad.ttf", dir);
    fp = fopen(bad, "wb");
    assert_int_equal(fwrite(font, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    free(font);

    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 14, DOC_ALIGN_LEFT);
    doc_add_para(d, VIET, &st);
    doc_add_para(d, "Ầ ẩ Ỗ ự – “Độc lập” … 0,5%", &st);
    const char *const good_paths[4] = { fs.path[0], fs.path[0], fs.path[0], fs.path[0] };
    const char *const bad_paths[4] = { bad, bad, bad, bad };
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/subset.pdf", dir);
    snprintf(b, sizeof b, "%s/whole.pdf", dir);
    size_t small = render_files(d, good_paths, a);
    size_t whole = render_files(d, bad_paths, b);
    /* the font programs: cut down, and libharu's (every table, a metric
     * and a location for each glyph of the face) */
    assert_true(length1_of(a) < 30000);
    assert_true(length1_of(b) > 60000);
    assert_true(whole > 2 * small);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 100 %s %s/a && pdftoppm -r 100 %s %s/b && "
             "cmp -s %s/a-1.ppm %s/b-1.ppm", a, dir, b, dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
    doc_free(d);
    fonts_release(&fs);
}

/* Names in dir starting with '.' other than . and .. (temporary files). */
static int hidden_files(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(dp);
    return n;
}

/* Text the fonts cannot show is refused before anything is drawn. */
static void test_refused_text(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int status;
        uint32_t codepoint;
    } cases[] = {
        { "Chữ Hán 中 không có trong phông", PDF_ERR_GLYPH, 0x4E2D },
        { "Báo cáo \xff quý", PDF_ERR_UTF8, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        doc *d = doc_new();
        doc_para_style st = doc_style(DOC_FACE_REGULAR, 13, DOC_ALIGN_LEFT);
        doc_add_para(d, cases[i].text, &st);
        pdf_options o;
        opts(&o, 1);
        unsigned char *p = NULL;
        size_t n = 0;
        pdf_error err;
        assert_int_equal(pdf_render_mem(d, &o, &p, &n, &err), cases[i].status);
        assert_int_equal(err.status, cases[i].status);
        assert_int_equal(err.codepoint, cases[i].codepoint);
        assert_null(p);
        doc_free(d);
    }
}

static void test_write_dev_full(void **state)
{
    (void)state;
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0)
        skip();
    static unsigned char bytes[100000];
    memset(bytes, 'x', sizeof bytes);
    pdf_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(pdf_write_fd(fd, bytes, sizeof bytes, &err), PDF_ERR_IO);
    assert_int_equal(err.status, PDF_ERR_IO);
    assert_int_equal(err.sys_errno, ENOSPC);
    assert_int_equal(err.detail, PDF_IO_WRITE);
    /* a small write only fails at the flush: still caught */
    fd = open("/dev/full", O_WRONLY);
    memset(&err, 0, sizeof err);
    assert_int_equal(pdf_write_fd(fd, bytes, 10, &err), PDF_ERR_IO);
    assert_int_equal(err.sys_errno, ENOSPC);
    assert_int_equal(err.detail, PDF_IO_WRITE);
}

static void test_save_errors(void **state)
{
    (void)state;
    const unsigned char bytes[] = "%PDF-1.3 test";
    pdf_error err;
    /* a folder that does not exist */
    assert_int_equal(pdf_save_file("/nonexistent-dir-4711/sub/out.pdf", bytes,
                                   sizeof bytes, &err), PDF_ERR_IO);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_int_equal(err.detail, PDF_IO_CREATE);

    char dir[] = "/tmp/test_pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];

    /* a "folder" that is a file */
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file/out.pdf", dir);
    assert_int_equal(pdf_save_file(path, bytes, sizeof bytes, &err), PDF_ERR_IO);
    assert_int_equal(err.sys_errno, ENOTDIR);

    /* rename fails (target is a non-empty folder): temp removed, target kept */
    snprintf(path, sizeof path, "%s/target.pdf", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    char inner[300];
    snprintf(inner, sizeof inner, "%s/keep", path);
    f = fopen(inner, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(pdf_save_file(path, bytes, sizeof bytes, &err), PDF_ERR_IO);
    assert_int_equal(err.detail, PDF_IO_RENAME);
    assert_true(err.sys_errno != 0);
    assert_int_equal(hidden_files(dir), 0);
    struct stat sb;
    assert_int_equal(stat(inner, &sb), 0);
    unlink(inner);
    rmdir(path);

    /* success replaces an earlier file and leaves nothing else */
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);
    assert_int_equal(pdf_save_file(path, bytes, sizeof bytes, &err), PDF_OK);
    assert_int_equal(err.status, PDF_OK);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, (off_t)sizeof bytes);
    assert_int_equal(hidden_files(dir), 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/file", dir);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_render_to_missing_dir_keeps_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_pdf.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/missing/out.pdf", dir);
    doc *d = small_doc();
    pdf_options o;
    opts(&o, 1);
    pdf_error err;
    assert_int_equal(pdf_render(d, &o, path, &err), PDF_ERR_IO);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_int_equal(hidden_files(dir), 0);
    assert_int_equal(rmdir(dir), 0);   /* empty: nothing left behind */
    doc_free(d);
}

static void test_metrics_are_real(void **state)
{
    (void)state;
    pdf_error err;
    pdf_fonts *f = pdf_fonts_new(NULL, &err);
    assert_non_null(f);
    layout_metrics m;
    pdf_fonts_metrics(f, &m);
    /* Liberation Serif / Times New Roman: ascent 0.891, "M" wider than "i",
     * bold wider than regular, additive over code points */
    assert_true(m.ascent > 0.85 && m.ascent < 0.95);
    assert_true(m.descent > 0.18 && m.descent < 0.25);
    double wi = m.width(m.ctx, 0, 10, "i", 1), wm = m.width(m.ctx, 0, 10, "M", 1);
    assert_true(wm > 2 * wi);
    const char *s = "Ượ";   /* 2 + 3 bytes */
    double a = m.width(m.ctx, 0, 10, s, 2), b = m.width(m.ctx, 0, 10, s + 2, 3);
    assert_true(a > 7 && a < 8.5);
    assert_true(b > 4.5 && b < 6);
    assert_true(fabs(m.width(m.ctx, 0, 10, s, 5) - (a + b)) < 1e-9);
    assert_true(m.width(m.ctx, 1, 10, "Ma", 2) > m.width(m.ctx, 0, 10, "Ma", 2));
    assert_non_null(pdf_fonts_set(f));
    pdf_fonts_free(f);
}

/* Drawing draws into the fonts' own document: once. */
static void test_draw_uses_up_the_fonts(void **state)
{
    (void)state;
    pdf_error err;
    pdf_fonts *f = pdf_fonts_new(NULL, &err);
    assert_non_null(f);
    layout_metrics m;
    pdf_fonts_metrics(f, &m);
    doc *d = small_doc();
    pdf_options o;
    opts(&o, 1);
    layout_result *r = NULL;
    pdf_drawing *dr = pdf_draw_begin(f, &o);
    assert_int_equal(layout_run_each(d, &o.page, &m, pdf_draw_page, dr, &r), LAYOUT_OK);
    unsigned char *p = NULL;
    size_t n = 0;
    assert_int_equal(pdf_draw_end(dr, r, &p, &n, &err), PDF_OK);
    assert_true(n > 1000);
    free(p);
    /* again with the same fonts, or with no options: refused */
    dr = pdf_draw_begin(f, &o);
    for (size_t i = 0; i < r->npages; i++)
        pdf_draw_page(dr, r, i);
    assert_int_equal(pdf_draw_end(dr, r, &p, &n, &err), PDF_ERR_ARG);
    assert_int_equal(err.status, PDF_ERR_ARG);
    assert_null(p);
    layout_free(r);
    pdf_fonts_free(f);
    f = pdf_fonts_new(NULL, &err);
    pdf_fonts_metrics(f, &m);
    assert_int_equal(layout_run(d, &o.page, &m, &r), LAYOUT_OK);
    dr = pdf_draw_begin(f, NULL);
    assert_int_equal(pdf_draw_end(dr, r, &p, &n, &err), PDF_ERR_ARG);
    /* and layout that failed: nothing to draw */
    dr = pdf_draw_begin(f, &o);
    assert_int_equal(pdf_draw_end(dr, NULL, &p, &n, &err), PDF_ERR_ARG);
    layout_free(r);
    pdf_fonts_free(f);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_reproducible),
        cmocka_unit_test(test_tounicode_and_metadata),
        cmocka_unit_test(test_pdftotext_roundtrip),
        cmocka_unit_test(test_subset_draws_the_same_glyphs),
        cmocka_unit_test(test_font_not_subset_embedded_whole),
        cmocka_unit_test(test_pages_written_as_libharu_writes_them),
        cmocka_unit_test(test_missing_font_family),
        cmocka_unit_test(test_missing_font_file),
        cmocka_unit_test(test_refused_text),
        cmocka_unit_test(test_write_dev_full),
        cmocka_unit_test(test_save_errors),
        cmocka_unit_test(test_render_to_missing_dir_keeps_nothing),
        cmocka_unit_test(test_metrics_are_real),
        cmocka_unit_test(test_draw_uses_up_the_fonts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_layout: the layout module with fake metrics.
 *
 * Every code point is 0.5 em wide (a 10 pt "abcd" is 20 pt), ascent 0.891
 * and descent 0.216 as in Liberation Serif, so expected positions can be
 * computed by hand. Tests inspect the ops directly or compare layout_dump
 * output; each one checks a property that a plausible bug would break.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "layout.h"

#define ASC 0.891
#define DESC 0.216
#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

static size_t cps(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int calls;
static int bad_cuts;   /* slices that are not whole code points */

static double fake_width(void *ctx, int face, double size, const char *s,
                         size_t len)
{
    (void)ctx;
    (void)face;
    calls++;
    const unsigned char *u = (const unsigned char *)s;
    if (len && (u[0] & 0xC0) == 0x80)
        bad_cuts++;
    if (len && len < 4) {
        /* the last lead byte must have all its continuation bytes */
        size_t i = len;
        while (i > 0 && (u[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0) {
            unsigned char b = u[i - 1];
            size_t need = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (len - (i - 1) != need)
                bad_cuts++;
        }
    }
    return (double)cps(s, len) * 0.5 * size;
}

static const layout_metrics FAKE = { fake_width, ASC, DESC, NULL };

static layout_result *run_ps(const doc *d, const layout_page_setup *ps)
{
    layout_result *r = NULL;
    bad_cuts = 0;
    assert_int_equal(layout_run(d, ps, &FAKE, &r), LAYOUT_OK);
    assert_non_null(r);
    assert_int_equal(bad_cuts, 0);
    return r;
}

static layout_result *run(const doc *d)
{
    layout_page_setup ps;
    layout_page_setup_default(&ps);
    return run_ps(d, &ps);
}

/* A page 70 mm wide: 25 mm = 70.87 pt of text, 14 code points at 10 pt. */
static layout_page_setup narrow(void)
{
    layout_page_setup ps;
    layout_page_setup_default(&ps);
    ps.width_mm = 70;
    return ps;
}

/* Stands for an op that is not there (its text fails every comparison). */
static const layout_op NONE = { .kind = LAYOUT_OP_TEXT, .text = "<none>",
                                .len = 6, .x = -1e9, .y = -1e9, .face = -1 };

/* The i-th TEXT op of page p (0-based), or &NONE. */
static const layout_op *text_op(const layout_result *r, size_t p, size_t i)
{
    if (p >= r->npages)
        return &NONE;
    const layout_page *pg = &r->pages[p];
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == LAYOUT_OP_TEXT && i-- == 0)
            return &pg->ops[k];
    return &NONE;
}

static size_t count_text(const layout_result *r, size_t p)
{
    size_t n = 0;
    for (size_t k = 0; k < r->pages[p].nops; k++)
        n += r->pages[p].ops[k].kind == LAYOUT_OP_TEXT;
    return n;
}

/* Page index holding a TEXT op equal to s, or -1; *op gets it (or &NONE). */
static long find_text(const layout_result *r, const char *s,
                      const layout_op **op)
{
    if (op)
        *op = &NONE;
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nops; k++) {
            const layout_op *o = &r->pages[p].ops[k];
            if (o->kind == LAYOUT_OP_TEXT && strcmp(o->text, s) == 0) {
                if (op)
                    *op = o;
                return (long)p;
            }
        }
    return -1;
}

static size_t count_text_eq(const layout_result *r, size_t p, const char *s)
{
    size_t n = 0;
    for (size_t k = 0; k < r->pages[p].nops; k++)
        n += r->pages[p].ops[k].kind == LAYOUT_OP_TEXT &&
             strcmp(r->pages[p].ops[k].text, s) == 0;
    return n;
}

static double mm(double v)
{
    return layout_mm(v);
}

static double pitch10(void)
{
    return 10 * (ASC + DESC);
}

/* ---- line breaking ---------------------------------------------------- */

static void test_greedy_breaking(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    doc_add_para(d, "aaaa bbbb cccc dddd eeee ff", &st);
    layout_page_setup ps = narrow();
    layout_result *r = run_ps(d, &ps);
    assert_int_equal(count_text(r, 0), 2);
    assert_string_equal(text_op(r, 0, 0)->text, "aaaa bbbb cccc");
    assert_string_equal(text_op(r, 0, 1)->text, "dddd eeee ff");
    assert_true(NEAR(text_op(r, 0, 0)->w, 70));
    assert_true(NEAR(text_op(r, 0, 0)->x, mm(30)));
    double top = mm(297) - mm(20);
    assert_true(NEAR(text_op(r, 0, 0)->y, top - ASC * 10));
    assert_true(NEAR(text_op(r, 0, 1)->y, top - ASC * 10 - pitch10()));
    layout_free(r);
    doc_free(d);
}

/* A balanced paragraph (a heading) breaks into even lines: no word alone
 * on the last line, and no more lines than greedy breaking gives. */
static void test_balanced_heading(void **state)
{
    (void)state;
    for (int balanced = 0; balanced < 2; balanced++) {
        doc *d = doc_new();
        doc_para_style st = doc_style(DOC_FACE_BOLD, 10, DOC_ALIGN_LEFT);
        st.balanced = balanced;
        doc_add_para(d, "aaaa bbbb cccc dddd", &st);
        layout_page_setup ps = narrow();
        layout_result *r = run_ps(d, &ps);
        assert_int_equal(count_text(r, 0), 2);
        assert_string_equal(text_op(r, 0, 0)->text, balanced ? "aaaa bbbb" : "aaaa bbbb cccc");
        assert_string_equal(text_op(r, 0, 1)->text, balanced ? "cccc dddd" : "dddd");
        layout_free(r);
        doc_free(d);
    }
}

static void test_hard_breaks_and_spaces(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    doc_add_para(d, "  a   b\n\nc ", &st);
    layout_result *r = run(d);
    /* "a b", an empty line, "c": three line boxes, two ops */
    assert_int_equal(count_text(r, 0), 2);
    assert_string_equal(text_op(r, 0, 0)->text, "a b");
    assert_string_equal(text_op(r, 0, 1)->text, "c");
    assert_true(NEAR(text_op(r, 0, 0)->y - text_op(r, 0, 1)->y, 2 * pitch10()));
    layout_free(r);
    doc_free(d);
}

static int valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int n = *u < 0x80 ? 1 : (*u & 0xE0) == 0xC0 ? 2 : (*u & 0xF0) == 0xE0 ? 3
              : (*u & 0xF8) == 0xF0 ? 4 : 0;
        if (!n)
            return 0;
        for (int k = 1; k < n; k++)
            if ((u[k] & 0xC0) != 0x80)
                return 0;
        u += n;
    }
    return 1;
}

static void test_long_word_split_at_code_points(void **state)
{
    (void)state;
    /* 30 code points, most of them 2 or 3 bytes: lines hold 14 */
    const char *word = "ĐỒNGĐỒNGĐỒNGĐỒNGĐỒNGĐỒNGĐỒNGĐỒ";
    assert_int_equal(cps(word, strlen(word)), 30);
    char text[256];
    snprintf(text, sizeof text, "ab %s cd", word);
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    doc_add_para(d, text, &st);
    layout_page_setup ps = narrow();
    layout_result *r = run_ps(d, &ps);
    assert_int_equal(count_text(r, 0), 4);
    assert_string_equal(text_op(r, 0, 0)->text, "ab");
    char joined[256] = "";
    size_t expect[] = { 14, 14 };
    for (size_t i = 1; i <= 2; i++) {
        const layout_op *op = text_op(r, 0, i);
        assert_true(valid_utf8(op->text));
        assert_int_equal(cps(op->text, op->len), expect[i - 1]);
        assert_true(op->w <= mm(25) + 1e-6);
        strcat(joined, op->text);
    }
    /* the last piece shares its line with the next word */
    const layout_op *last = text_op(r, 0, 3);
    assert_true(valid_utf8(last->text));
    assert_string_equal(last->text + strlen(last->text) - 3, " cd");
    strncat(joined, last->text, last->len - 3);
    assert_string_equal(joined, word);
    layout_free(r);
    doc_free(d);
}

static void test_justify(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_JUSTIFY);
    /* line 1: "a bb ccc" (40 pt) then "dddddd" would not fit; last line "dddddd e" */
    doc_add_para(d, "a bb ccc dddddddd e", &st);
    layout_page_setup ps = narrow();
    layout_result *r = run_ps(d, &ps);
    double left = mm(30), right = mm(70) - mm(15);
    assert_int_equal(count_text(r, 0), 4);
    const layout_op *w0 = text_op(r, 0, 0), *w1 = text_op(r, 0, 1),
                    *w2 = text_op(r, 0, 2), *l2 = text_op(r, 0, 3);
    assert_string_equal(w0->text, "a");
    assert_string_equal(w1->text, "bb");
    assert_string_equal(w2->text, "ccc");
    assert_true(NEAR(w0->x, left));
    double g1 = w1->x - (w0->x + w0->w), g2 = w2->x - (w1->x + w1->w);
    assert_true(NEAR(g1, g2));
    assert_true(g1 > 5 + 1e-3);                 /* wider than a space */
    assert_true(NEAR(w2->x + w2->w, right));    /* ends at the margin */
    assert_true(NEAR(w0->y, w2->y));
    /* the last line is left-aligned and in one piece */
    assert_string_equal(l2->text, "dddddddd e");
    assert_true(NEAR(l2->x, left));
    layout_free(r);
    doc_free(d);
}

static void test_align_center_right(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style c = doc_style(DOC_FACE_BOLD, 10, DOC_ALIGN_CENTER);
    doc_para_style rt = doc_style(DOC_FACE_ITALIC, 10, DOC_ALIGN_RIGHT);
    doc_add_para(d, "abcd", &c);
    doc_add_para(d, "abcd", &rt);
    layout_result *r = run(d);
    double left = mm(30), right = mm(210) - mm(15);
    assert_true(NEAR(text_op(r, 0, 0)->x, (left + right) / 2 - 10));
    assert_int_equal(text_op(r, 0, 0)->face, DOC_FACE_BOLD);
    assert_true(NEAR(text_op(r, 0, 1)->x, right - 20));
    assert_int_equal(text_op(r, 0, 1)->face, DOC_FACE_ITALIC);
    assert_int_equal(r->faces_used, (1u << DOC_FACE_BOLD) | (1u << DOC_FACE_ITALIC));
    layout_free(r);
    doc_free(d);
}

static void test_first_line_indent(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    st.first_indent_mm = 10;
    st.left_indent_mm = 2;
    doc_add_para(d, "aaaa bbbb cccc dddd", &st);
    layout_page_setup ps = narrow();
    layout_result *r = run_ps(d, &ps);
    /* 25 - 2 - 10 mm = 36.85 pt for the first line: one word only */
    assert_string_equal(text_op(r, 0, 0)->text, "aaaa");
    assert_true(NEAR(text_op(r, 0, 0)->x, mm(30) + mm(2) + mm(10)));
    assert_string_equal(text_op(r, 0, 1)->text, "bbbb cccc");
    assert_true(NEAR(text_op(r, 0, 1)->x, mm(30) + mm(2)));
    layout_free(r);
    doc_free(d);
}

static void test_paragraph_spacing(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style a = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    a.space_before_pt = 30;   /* dropped: top of the page */
    a.space_after_pt = 6;
    doc_para_style b = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    b.space_before_pt = 4;
    b.line_spacing = 1.5;
    doc_add_para(d, "one", &a);
    doc_add_para(d, "two\nthree", &b);
    layout_result *r = run(d);
    double top = mm(297) - mm(20);
    const layout_op *o1 = text_op(r, 0, 0), *o2 = text_op(r, 0, 1),
                    *o3 = text_op(r, 0, 2);
    assert_true(NEAR(o1->y, top - ASC * 10));
    assert_true(NEAR(o2->y, o1->y - pitch10() - 6 - 4));
    assert_true(NEAR(o3->y, o2->y - 1.5 * pitch10()));
    layout_free(r);
    doc_free(d);
}

/* ---- pagination ---------------------------------------------------------- */

/* A paragraph of n one-word lines at 10 pt. */
static void add_lines(doc *d, int n, const char *word)
{
    char *text = malloc((size_t)n * (strlen(word) + 1) + 1);
    text[0] = '\0';
    for (int i = 0; i < n; i++) {
        strcat(text, word);
        if (i + 1 < n)
            strcat(text, "\n");
    }
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    doc_add_para(d, text, &st);
    free(text);
}

/* 728.5 pt of text height hold 65 lines of 11.07 pt; 64 leave 20 pt. */
static layout_result *heading_case(int keep)
{
    doc *d = doc_new();
    add_lines(d, 64, "x");
    doc_para_style h = doc_style(DOC_FACE_BOLD, 10, DOC_ALIGN_LEFT);
    h.keep_with_next = keep;
    doc_add_bookmark(d, 1, "Heading");
    doc_add_para(d, "HEADING", &h);
    add_lines(d, 3, "body");
    layout_result *r = run(d);
    doc_free(d);
    return r;
}

static void test_keep_with_next(void **state)
{
    (void)state;
    layout_result *r = heading_case(0);
    assert_int_equal(find_text(r, "HEADING", NULL), 0);   /* alone at the bottom */
    assert_int_equal(find_text(r, "body", NULL), 1);
    layout_free(r);

    r = heading_case(1);
    const layout_op *op;
    assert_int_equal(find_text(r, "HEADING", &op), 1);
    assert_true(NEAR(op->y, mm(297) - mm(20) - ASC * 10));  /* top of page 2 */
    assert_int_equal(find_text(r, "body", NULL), 1);
    /* the bookmark followed its heading */
    assert_int_equal(r->noutlines, 1);
    assert_int_equal(r->outlines[0].page, 1);
    assert_true(NEAR(r->outlines[0].y, mm(297) - mm(20)));
    layout_free(r);
}

static void test_page_numbers(void **state)
{
    (void)state;
    doc *d = doc_new();
    add_lines(d, 100, "x");
    layout_result *r = run(d);
    assert_int_equal(r->npages, 2);
    assert_false(r->pages[0].number_shown);
    assert_int_equal(count_text_eq(r, 0, "1"), 0);
    assert_true(r->pages[1].number_shown);
    assert_int_equal(r->pages[1].number, 2);
    const layout_op *n = text_op(r, 1, 0);
    assert_string_equal(n->text, "2");
    assert_true(NEAR(n->size, 13));
    double top = mm(297) - mm(20);
    /* centred on the page, not over the text area (wider left margin) */
    assert_true(NEAR(n->x + n->w / 2, mm(210) / 2));
    assert_true(n->y - DESC * 13 >= top);           /* inside the top margin */
    assert_true(n->y + ASC * 13 <= mm(297));
    layout_free(r);
    doc_free(d);
}

static void test_appendix_numbering(void **state)
{
    (void)state;
    doc *d = doc_new();
    add_lines(d, 100, "main");
    doc_add_section(d, DOC_ORIENT_PORTRAIT);
    add_lines(d, 140, "app1");
    doc_add_section(d, DOC_ORIENT_LANDSCAPE);
    add_lines(d, 10, "app2");
    layout_result *r = run(d);
    assert_int_equal(r->npages, 6);
    int want_num[] = { 1, 2, 1, 2, 3, 1 };
    int want_shown[] = { 0, 1, 0, 1, 1, 0 };
    size_t want_sec[] = { 0, 0, 1, 1, 1, 2 };
    for (size_t p = 0; p < 6; p++) {
        assert_int_equal(r->pages[p].number, want_num[p]);
        assert_int_equal(r->pages[p].number_shown, want_shown[p]);
        assert_int_equal(r->pages[p].section, want_sec[p]);
        char num[8];
        snprintf(num, sizeof num, "%d", want_num[p]);
        assert_int_equal(count_text_eq(r, p, num), (size_t)want_shown[p]);
    }
    assert_string_equal(text_op(r, 2, 0)->text, "app1");
    assert_true(r->pages[5].landscape);
    assert_true(NEAR(r->pages[5].width, mm(297)));
    layout_free(r);
    doc_free(d);
}

static void test_section_on_empty_page(void **state)
{
    (void)state;
    /* a section right after a page break, or at the start, adds no blank page */
    doc *d = doc_new();
    doc_add_section(d, DOC_ORIENT_PORTRAIT);
    add_lines(d, 2, "a");
    doc_add_page_break(d);
    doc_add_page_break(d);
    doc_add_section(d, DOC_ORIENT_PORTRAIT);
    add_lines(d, 2, "b");
    layout_result *r = run(d);
    assert_int_equal(r->npages, 2);
    assert_int_equal(r->pages[1].number, 1);
    assert_int_equal(r->pages[1].section, 2);
    layout_free(r);
    doc_free(d);
}

static doc *auto_doc(double col_mm)
{
    doc *d = doc_new();
    add_lines(d, 1, "main");
    doc_add_section(d, DOC_ORIENT_AUTO);
    add_lines(d, 1, "title");
    doc_table *t = doc_add_table(d, 2);
    doc_table_set_col(t, 0, col_mm, 0, DOC_ALIGN_LEFT, 0);
    doc_table_set_col(t, 1, col_mm, 0, DOC_ALIGN_LEFT, 0);
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "x");
    return d;
}

static void test_landscape_auto(void **state)
{
    (void)state;
    doc *d = auto_doc(100);   /* 200 mm > 165 mm of portrait text */
    layout_result *r = run(d);
    assert_int_equal(r->npages, 2);
    assert_false(r->pages[0].landscape);
    assert_true(r->pages[1].landscape);
    assert_true(NEAR(r->pages[1].width, mm(297)));
    assert_true(NEAR(r->pages[1].height, mm(210)));
    layout_free(r);
    doc_free(d);

    d = auto_doc(80);         /* 160 mm fits */
    r = run(d);
    assert_false(r->pages[1].landscape);
    layout_free(r);
    doc_free(d);
}

/* ---- tables ----------------------------------------------------------- */

/* y of full-width horizontal lines on page p, in order of appearance. */
static size_t hlines(const layout_result *r, size_t p, double x0, double x1,
                     double *ys, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < r->pages[p].nops && n < max; k++) {
        const layout_op *o = &r->pages[p].ops[k];
        if (o->kind == LAYOUT_OP_LINE && NEAR(o->y, o->y2) && NEAR(o->x, x0) &&
            NEAR(o->x2, x1))
            ys[n++] = o->y;
    }
    return n;
}

static void test_table_row_height(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 2);
    t->size_pt = 10;
    t->space_before_pt = 0;
    doc_table_set_col(t, 0, 20, 0, DOC_ALIGN_LEFT, 0);
    doc_table_set_col(t, 1, 40, 0, DOC_ALIGN_LEFT, 1);
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "aaaa bbbb cccc");   /* 48.2 pt inside: 2 lines */
    doc_table_add_cell(t, "12,5");
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "x");
    doc_table_add_cell(t, "7");
    layout_result *r = run(d);
    double W = mm(165), tw = mm(60);
    double x0 = mm(30) + (W - tw) / 2;        /* narrower table: centred */
    double ys[8];
    size_t n = hlines(r, 0, x0, x0 + tw, ys, 8);
    assert_int_equal(n, 3);
    double pad = mm(1.0);
    assert_true(NEAR(ys[0] - ys[1], 2 * pitch10() + 2 * pad));
    assert_true(NEAR(ys[1] - ys[2], 1 * pitch10() + 2 * pad));
    const layout_op *op;
    assert_int_equal(find_text(r, "aaaa bbbb", &op), 0);
    assert_int_equal(find_text(r, "cccc", NULL), 0);
    /* the numeric column is right-aligned inside its padding */
    assert_int_equal(find_text(r, "12,5", &op), 0);
    assert_true(NEAR(op->x + op->w, x0 + tw - mm(1.5)));
    /* single-line cell centred vertically in the two-line row */
    assert_true(NEAR(op->y, ys[0] - pad - pitch10() / 2 - ASC * 10));
    layout_free(r);
    doc_free(d);
}

/* Column lines come once per page and run the table's height: each row's
 * piece extends the one above, except across a header fill. */
static void test_table_column_lines_joined(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 2);
    t->size_pt = 10;
    t->space_before_pt = 0;
    t->header_gray = 0.9;
    doc_table_set_col(t, 0, 20, 0, DOC_ALIGN_LEFT, 0);
    doc_table_set_col(t, 1, 40, 0, DOC_ALIGN_LEFT, 1);
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "A");
    doc_table_add_cell(t, "B");
    for (int i = 0; i < 5; i++) {
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell(t, "x");
        doc_table_add_cell(t, "7");
    }
    layout_result *r = run(d);
    double W = mm(165), tw = mm(60);
    double x0 = mm(30) + (W - tw) / 2;
    double ys[8];
    assert_int_equal(hlines(r, 0, x0, x0 + tw, ys, 8), 7);  /* rows' lines kept */
    double top = ys[0], bottom = ys[6];
    size_t verticals = 0, whole = 0;
    for (size_t k = 0; k < r->pages[0].nops; k++) {
        const layout_op *o = &r->pages[0].ops[k];
        if (o->kind != LAYOUT_OP_LINE || !NEAR(o->x, o->x2))
            continue;
        verticals++;
        assert_true(o->y > o->y2);    /* drawn downwards, as before */
        if (NEAR(o->y, top) && NEAR(o->y2, bottom))
            whole++;
    }
    /* three column lines, each one op from the top line to the bottom one */
    assert_int_equal(verticals, 3);
    assert_int_equal(whole, 3);
    layout_free(r);
    /* a filled row after the first ones: the lines above it stop there,
     * since the fill would cover a line drawn before it */
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "C");
    doc_table_add_cell(t, "D");
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "y");
    doc_table_add_cell(t, "8");
    r = run(d);
    verticals = 0;
    for (size_t k = 0; k < r->pages[0].nops; k++) {
        const layout_op *o = &r->pages[0].ops[k];
        verticals += o->kind == LAYOUT_OP_LINE && NEAR(o->x, o->x2);
    }
    assert_int_equal(verticals, 6);
    layout_free(r);
    doc_free(d);
}

static void test_table_pages_header_repeat(void **state)
{
    (void)state;
    doc *d = doc_new();
    add_lines(d, 10, "intro");
    doc_table *t = doc_add_table(d, 2);
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "HDR");
    doc_table_add_cell(t, "Giá trị");
    const int rows = 150;
    for (int i = 0; i < rows; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "r%d", i);
        snprintf(b, sizeof b, i % 5 == 0 ? "top%d\nbot%d" : "v%d", i, i);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell(t, a);
        doc_table_add_cell(t, b);
    }
    layout_result *r = run(d);
    assert_true(r->npages >= 3);
    long last_page = 0;
    for (int i = 0; i < rows; i++) {
        char a[32];
        snprintf(a, sizeof a, "r%d", i);
        long p = find_text(r, a, NULL);
        assert_true(p >= last_page);         /* in order */
        last_page = p;
        if (i % 5 == 0) {                    /* never split */
            char top[32], bot[32];
            snprintf(top, sizeof top, "top%d", i);
            snprintf(bot, sizeof bot, "bot%d", i);
            assert_int_equal(find_text(r, top, NULL), p);
            assert_int_equal(find_text(r, bot, NULL), p);
        }
    }
    for (size_t p = 0; p < r->npages; p++) {
        assert_int_equal(count_text_eq(r, p, "HDR"), 1);
        /* the header is the first thing below the page number */
        const layout_op *first = text_op(r, p, p == 0 ? 10 : 1);
        assert_string_equal(first->text, "HDR");
        /* and the table never passes the bottom margin */
        for (size_t k = 0; k < r->pages[p].nops; k++) {
            const layout_op *o = &r->pages[p].ops[k];
            if (o->kind == LAYOUT_OP_LINE)
                assert_true(fmin(o->y, o->y2) >= mm(20) - 1e-6);
        }
    }
    layout_free(r);
    doc_free(d);
}

static void test_table_tall_row_split(void **state)
{
    (void)state;
    /* a row of 100 lines is taller than a page: the one case split */
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 1);
    t->size_pt = 10;
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "HDR");
    doc_table_add_row(t, DOC_ROW_BODY);
    char text[1200] = "";
    for (int i = 0; i < 100; i++) {
        char w[16];
        snprintf(w, sizeof w, "L%d\n", i);
        strcat(text, w);
    }
    doc_table_add_cell(t, text);
    layout_result *r = run(d);
    assert_int_equal(r->npages, 2);
    assert_int_equal(find_text(r, "L0", NULL), 0);
    assert_int_equal(find_text(r, "L99", NULL), 1);
    assert_int_equal(count_text_eq(r, 1, "HDR"), 1);
    for (int i = 0; i < 100; i++) {
        char w[16];
        snprintf(w, sizeof w, "L%d", i);
        assert_true(find_text(r, w, NULL) >= 0);
    }
    layout_free(r);
    doc_free(d);
}

static void test_table_8000_rows_fast(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 5);
    doc_table_add_row(t, DOC_ROW_HEADER);
    for (int c = 0; c < 5; c++)
        doc_table_add_cell(t, "Tiêu đề cột");
    for (int i = 0; i < 8000; i++) {
        char a[64];
        doc_table_add_row(t, DOC_ROW_BODY);
        snprintf(a, sizeof a, "%d", i);
        doc_table_add_cell(t, a);
        doc_table_add_cell(t, "Ủy ban nhân dân xã Đồng Đăng, tỉnh Lạng Sơn");
        doc_table_add_cell(t, "1.234.567,5");
        doc_table_add_cell(t, "98,7%");
        doc_table_add_cell(t, "Đã báo cáo");
    }
    struct timespec t0, t1;
    calls = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    layout_result *r = run(d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(s < 1.0);
    /* each word measured about once: far from quadratic */
    assert_true(calls < 8000 * 30);
    assert_true(r->npages > 100);
    layout_free(r);
    doc_free(d);
}

/* ---- blocks kept together ----------------------------------------------- */

static const char *const AUTH[] = { "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC" };
static const char *const REC[] = { "- UBND tỉnh;", "- Lưu: VT, KHTC." };

static layout_result *signature_case(int fill)
{
    doc *d = doc_new();
    add_lines(d, fill, "x");
    doc_signature s = { AUTH, 2, "Nguyễn Văn A", 0, "Nơi nhận:", REC, 2 };
    doc_add_signature(d, &s);
    layout_result *r = run(d);
    doc_free(d);
    return r;
}

static void test_signature_kept_together(void **state)
{
    (void)state;
    layout_result *r = signature_case(40);
    assert_int_equal(r->npages, 1);
    layout_free(r);

    r = signature_case(60);
    assert_int_equal(r->npages, 2);
    const char *parts[] = { "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A",
                            "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT, KHTC." };
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(find_text(r, parts[i], NULL), 1);
    /* the paragraph's last two lines went along: the signature does not
     * stand alone on its page (page 2: number, two lines, the block) */
    assert_int_equal(count_text_eq(r, 0, "x"), 58);
    assert_int_equal(count_text_eq(r, 1, "x"), 2);
    assert_string_equal(text_op(r, 1, 1)->text, "x");
    assert_true(NEAR(text_op(r, 1, 1)->y, mm(297) - mm(20) - ASC * 10));
    /* recipients start on the authority's line; signer 30 mm lower */
    const layout_op *a, *n, *s;
    find_text(r, "KT. GIÁM ĐỐC", &a);
    find_text(r, "Nơi nhận:", &n);
    find_text(r, "Nguyễn Văn A", &s);
    assert_true(NEAR(a->y, n->y));
    assert_true(NEAR(a->y, mm(297) - mm(20) - 2 * pitch10() - 12 - ASC * 14));
    assert_true(a->y - s->y > mm(30));
    assert_true(n->x < a->x);
    assert_int_equal(n->face, DOC_FACE_BOLD_ITALIC);
    layout_free(r);
}

static void test_official_header(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_header h = { "UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                     "Số: 123/BC-SKHCN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "Lạng Sơn, ngày 05 tháng 9 năm 2025" };
    doc_add_header(d, &h);
    layout_result *r = run(d);
    const layout_op *num, *date, *issuing, *motto, *parent, *nation;
    assert_int_equal(find_text(r, "Số: 123/BC-SKHCN", &num), 0);
    assert_int_equal(find_text(r, "Lạng Sơn, ngày 05 tháng 9 năm 2025", &date), 0);
    assert_int_equal(find_text(r, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", &issuing), 0);
    assert_int_equal(find_text(r, "Độc lập - Tự do - Hạnh phúc", &motto), 0);
    assert_int_equal(find_text(r, "UBND TỈNH LẠNG SƠN", &parent), 0);
    assert_int_equal(find_text(r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &nation), 0);
    assert_true(NEAR(num->y, date->y));            /* same baseline */
    assert_true(NEAR(parent->y, nation->y));
    assert_int_equal(date->face, DOC_FACE_ITALIC);
    assert_int_equal(issuing->face, DOC_FACE_BOLD);
    assert_int_equal(parent->face, DOC_FACE_REGULAR);
    assert_true(num->x + num->w < date->x);        /* two columns */
    /* the left column's lines share one centre, and so do the right's */
    assert_true(NEAR(parent->x + parent->w / 2, issuing->x + issuing->w / 2));
    assert_true(NEAR(nation->x + nation->w / 2, date->x + date->w / 2));
    /* rules: a third of the issuing body, the whole motto, both centred */
    int found_l = 0, found_r = 0;
    for (size_t k = 0; k < r->pages[0].nops; k++) {
        const layout_op *o = &r->pages[0].ops[k];
        if (o->kind != LAYOUT_OP_LINE)
            continue;
        double len = o->x2 - o->x, mid = (o->x + o->x2) / 2;
        if (NEAR(len, issuing->w / 3) && NEAR(mid, issuing->x + issuing->w / 2) &&
            o->y < issuing->y && o->y > num->y)
            found_l = 1;
        if (NEAR(len, motto->w) && NEAR(mid, motto->x + motto->w / 2) &&
            o->y < motto->y && o->y > date->y)
            found_r = 1;
    }
    assert_true(found_l);
    assert_true(found_r);
    layout_free(r);
    doc_free(d);
}

static const char *pct(double v, char *out, size_t n)
{
    snprintf(out, n, "%.0f%%", v);
    return out;
}

static void test_bar_chart_missing_value(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_bar_chart *c = doc_add_bar_chart(d, "Biểu đồ", pct);
    doc_bar a = { "Chỉ tiêu A", 1, 120, 1, 75, "120%", 0.3 };
    doc_bar b = { "Chỉ tiêu B", 0, 0, 1, 75, "chưa có số liệu", -1 };
    doc_bar_chart_add(c, &a);
    doc_bar_chart_add(c, &b);
    doc_bar_chart_legend(c, DOC_LEGEND_BOX, 0.3, "Đạt");
    layout_result *r = run(d);
    size_t bars = 0;
    for (size_t k = 0; k < r->pages[0].nops; k++) {
        const layout_op *o = &r->pages[0].ops[k];
        /* value bars: gray fill with a stroke (legend swatches are 9 pt) */
        if (o->kind == LAYOUT_OP_RECT && o->fill_gray >= 0 && o->fill_gray < 1 &&
            o->line_width > 0 && o->w > 9.5)
            bars++;
    }
    assert_int_equal(bars, 1);                     /* no zero bar for B */
    const layout_op *m;
    assert_int_equal(find_text(r, "chưa có số liệu", &m), 0);
    assert_int_equal(m->face, DOC_FACE_ITALIC);
    /* ticks every 25% up to 125% through the formatter */
    assert_int_equal(find_text(r, "125%", NULL), 0);
    assert_int_equal(find_text(r, "25%", NULL), 0);
    assert_int_equal(find_text(r, "150%", NULL), -1);
    layout_free(r);
    doc_free(d);
}

static void test_table_group_row_kept_with_next(void **state)
{
    (void)state;
    /* 62 lines leave room for one more row at the bottom of page 1, not two:
     * the group heading (one cell over every column) moves along with the
     * row it heads */
    doc *d = doc_new();
    add_lines(d, 62, "x");
    doc_table *t = doc_add_table(d, 2);
    t->size_pt = 10;
    t->space_before_pt = 0;
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "HDR");
    doc_table_add_cell(t, "Giá trị");
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "r0");
    doc_table_add_cell(t, "1");
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell_ex(t, "Nhóm", DOC_FACE_BOLD, DOC_ALIGN_LEFT, 2);
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "r1");
    doc_table_add_cell(t, "2");
    layout_result *r = run(d);
    assert_int_equal(find_text(r, "r0", NULL), 0);
    assert_int_equal(find_text(r, "Nhóm", NULL), 1);
    assert_int_equal(find_text(r, "r1", NULL), 1);
    assert_int_equal(count_text_eq(r, 1, "HDR"), 1);   /* header repeated */
    layout_free(r);
    doc_free(d);
}

static void test_table_centred_cells_balanced(void **state)
{
    (void)state;
    /* 30 mm column, 1.5 mm padding: 76.5 pt inside, 15 code points at 10 pt;
     * greedy wrapping would leave "dd" alone on the second line */
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 1);
    t->size_pt = 10;
    doc_table_set_col(t, 0, 30, 0, DOC_ALIGN_CENTER, 0);
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell(t, "aaaa bbbb cccc dd");
    doc_table_add_row(t, DOC_ROW_BODY);
    doc_table_add_cell_ex(t, "aaaa bbbb cccc dd", DOC_FACE_DEFAULT, DOC_ALIGN_LEFT, 1);
    doc_table_add_row(t, DOC_ROW_BODY);   /* a word longer than the cell */
    doc_table_add_cell(t, "ab abcdefghijklmnopq");
    layout_result *r = run(d);
    assert_int_equal(count_text_eq(r, 0, "aaaa bbbb"), 1);
    assert_int_equal(count_text_eq(r, 0, "cccc dd"), 1);
    /* left-aligned cells keep greedy breaking */
    assert_int_equal(count_text_eq(r, 0, "aaaa bbbb cccc"), 1);
    assert_int_equal(count_text_eq(r, 0, "dd"), 1);
    /* balancing never splits a word that greedy breaking keeps whole */
    assert_int_equal(count_text_eq(r, 0, "ab"), 1);
    layout_free(r);
    doc_free(d);
}

/* Whether the segment meets the box (sampled finely: test code). */
static int seg_meets(double x1, double y1, double x2, double y2, double bx0,
                     double by0, double bx1, double by1)
{
    for (int i = 0; i <= 1000; i++) {
        double x = x1 + (x2 - x1) * i / 1000.0, y = y1 + (y2 - y1) * i / 1000.0;
        if (x >= bx0 && x <= bx1 && y >= by0 && y <= by1)
            return 1;
    }
    return 0;
}

/* A value label that would run across the 100% line starts after it. */
static void test_bar_label_clear_of_100_line(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_bar_chart *c = doc_add_bar_chart(d, "Biểu đồ", pct);
    doc_bar a = { "Chỉ tiêu A", 1, 70, 0, 0, "70,0% - Chưa đạt", 0.7 };
    doc_bar_chart_add(c, &a);
    layout_result *r = run(d);
    const layout_page *pg = &r->pages[0];
    double x100 = -1;
    for (size_t k = 0; k < pg->nops; k++) {
        const layout_op *o = &pg->ops[k];
        if (o->kind == LAYOUT_OP_LINE && o->x == o->x2 && o->line_width > 1.1 &&
            o->line_width < 1.3)
            x100 = o->x;
    }
    assert_true(x100 > 0);
    const layout_op *m;
    assert_int_equal(find_text(r, "70,0% - Chưa đạt", &m), 0);
    assert_false(m->x < x100 && m->x + m->w > x100);
    assert_true(m->x > x100);
    layout_free(r);
    doc_free(d);
}

static void test_line_chart_target_label_clear(void **state)
{
    (void)state;
    /* series that end on and above the target at the right, as cumulative
     * results do: the target label must not sit on them */
    const char *cats[] = { "Q1", "Q2", "Q3", "Q4", "Q5", "Q6" };
    double a[6] = { 0, 20, 50, 80, 100, 110 };
    double b[6] = { 0, 0, 30, 60, 100, 100 };
    for (int variant = 0; variant < 2; variant++) {
        doc *d = doc_new();
        doc_line_chart *lc = doc_add_line_chart(d, "Biểu đồ", cats, 6, pct);
        if (variant == 1) {
            /* and a series that crosses the line's left end too */
            double e[6] = { 100, 100, 100, 100, 100, 100 };
            doc_line_chart_add_series(lc, "C", e, NULL);
        }
        doc_line_chart_add_series(lc, "A", a, NULL);
        doc_line_chart_add_series(lc, "B", b, NULL);
        doc_line_chart_set_target(lc, 100, "Mục tiêu (100%)");
        layout_result *r = run(d);
        const layout_page *pg = &r->pages[0];
        size_t labels = 0;
        for (size_t k = 0; k < pg->nops; k++) {
            const layout_op *o = &pg->ops[k];
            if (o->kind != LAYOUT_OP_TEXT || strcmp(o->text, "Mục tiêu (100%)") != 0 ||
                o->face != DOC_FACE_ITALIC)
                continue;
            labels++;
            double bx0 = o->x, bx1 = o->x + o->w;
            double by0 = o->y - DESC * o->size, by1 = o->y + ASC * o->size;
            for (size_t j = 0; j < pg->nops; j++) {
                const layout_op *l = &pg->ops[j];
                /* series lines are 1 pt or wider and not the long-dashed
                 * target line; markers are small rects */
                if (l->kind == LAYOUT_OP_LINE && l->line_width >= 1 &&
                    l->dash != LAYOUT_DASH_LONG)
                    assert_false(seg_meets(l->x, l->y, l->x2, l->y2, bx0, by0, bx1, by1));
                if (l->kind == LAYOUT_OP_RECT && l->w < 8 && l->h < 8)
                    assert_false(l->x + l->w >= bx0 && l->x <= bx1 &&
                                 l->y + l->h >= by0 && l->y <= by1);
            }
        }
        /* shown in the plot when there is a free place, always in the legend */
        assert_int_equal(labels, variant == 0 ? 1 : 0);
        layout_free(r);
        doc_free(d);
    }
}

/* The legend symbol of series label `name`: its line's dash, gray and width
 * and the ops of its marker, as a string to compare. */
static void legend_symbol(const layout_page *pg, const char *name, char *out, size_t n)
{
    const layout_op *t = NULL, *l = NULL;
    for (size_t k = 0; k < pg->nops; k++)
        if (pg->ops[k].kind == LAYOUT_OP_TEXT && strcmp(pg->ops[k].text, name) == 0)
            t = &pg->ops[k];
    if (t == NULL) {
        fail_msg("no legend label %s", name);
        return;
    }
    for (size_t k = 0; k < pg->nops; k++) {
        const layout_op *o = &pg->ops[k];
        if (o->kind == LAYOUT_OP_LINE && o->y == o->y2 && fabs(o->x2 - o->x - 24) < 1e-6 &&
            o->x2 <= t->x && o->x2 > t->x - 12 && fabs(o->y - t->y) < t->size)
            l = o;
    }
    if (l == NULL) {
        fail_msg("no legend line before %s", name);
        return;
    }
    size_t len = (size_t)snprintf(out, n, "%d %.2f %.2f:", (int)l->dash, l->stroke_gray,
                                  l->line_width);
    for (size_t k = 0; k < pg->nops && len < n; k++) {
        const layout_op *o = &pg->ops[k];
        double cx = o->kind == LAYOUT_OP_RECT ? o->x + o->w / 2 : (o->x + o->x2) / 2;
        double cy = o->kind == LAYOUT_OP_RECT ? o->y + o->h / 2 : (o->y + o->y2) / 2;
        if (o == l || o->kind == LAYOUT_OP_TEXT || fabs(cx - (l->x + 12)) > 4 ||
            fabs(cy - l->y) > 4)
            continue;
        len += (size_t)snprintf(out + len, n - len, " %d/%.1f/%.1f", (int)o->kind,
                                o->fill_gray, o->line_width);
    }
}

static void test_line_chart_many_series_apart(void **state)
{
    (void)state;
    /* a plan with eight cumulative targets: eight series, eight different
     * symbols (the styles used to repeat after four) */
    const char *cats[] = { "Q1/2026", "Q2/2026" };
    const char *names[] = { "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8" };
    doc *d = doc_new();
    doc_line_chart *lc = doc_add_line_chart(d, "Biểu đồ", cats, 2, pct);
    for (int i = 0; i < 8; i++) {
        double v[2] = { 5.0 * i, 10.0 * i };
        doc_line_chart_add_series(lc, names[i], v, NULL);
    }
    layout_result *r = run(d);
    char sym[8][256];
    for (int i = 0; i < 8; i++)
        legend_symbol(&r->pages[0], names[i], sym[i], sizeof sym[i]);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sym[i], sym[j]) == 0)
                fail_msg("series %s and %s look alike: %s", names[j], names[i], sym[i]);
    layout_free(r);
    doc_free(d);
}

static void test_official_header_gap(void **state)
{
    (void)state;
    /* with fake metrics (0.5 em a code point) these two lines need 468.5 pt
     * at 13 pt, more than the 453.5 pt beside a 5 mm gutter: the issuing
     * body drops to 12 pt (450 pt) and the gutter stays between them */
    const char *issuing = "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH BẮC KẠN";   /* 37 */
    const char *nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM MỚI";   /* 38 */
    doc *d = doc_new();
    doc_header h = { "UBND TỈNH LẠNG SƠN", issuing, "Số: 123/BC-SKHCN", nation,
                     "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 05 tháng 9 năm 2025" };
    doc_add_header(d, &h);
    layout_result *r = run(d);
    const layout_op *is, *na, *pa;
    assert_int_equal(find_text(r, issuing, &is), 0);
    assert_int_equal(find_text(r, nation, &na), 0);
    assert_int_equal(find_text(r, "UBND TỈNH LẠNG SƠN", &pa), 0);
    assert_true(NEAR(is->size, 12));
    assert_true(NEAR(pa->size, 12));
    assert_true(na->x - (is->x + is->w) >= mm(5) - 1e-6);
    assert_true(is->x >= mm(30) - 1e-6);
    assert_true(na->x + na->w <= mm(210) - mm(15) + 1e-6);
    layout_free(r);
    doc_free(d);

    /* the real lines fit at 13 pt, the left column about 45% of the width */
    d = doc_new();
    doc_header h2 = { "UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 123/BC-SKHCN",
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      "Lạng Sơn, ngày 05 tháng 9 năm 2025" };
    doc_add_header(d, &h2);
    r = run(d);
    assert_int_equal(find_text(r, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", &is), 0);
    assert_int_equal(find_text(r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &na), 0);
    assert_true(NEAR(is->size, 13));
    double W = mm(165), gut = mm(5);
    assert_true(NEAR(is->x + is->w / 2, mm(30) + (0.45 * W - gut / 2) / 2));
    assert_true(na->x - (is->x + is->w) >= gut);
    layout_free(r);
    doc_free(d);
}

static void test_rule_clear_of_text(void **state)
{
    (void)state;
    /* a short rule under a two-line centred subject: below the last line's
     * descenders by at least 4 pt, whatever space_before says */
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    doc_add_para(d, "Kết quả thực hiện Kế hoạch\nquý III năm 2025", &st);
    doc_add_rule(d, 40, DOC_ALIGN_CENTER, 0.5, 2, 6);
    layout_result *r = run(d);
    const layout_op *last;
    assert_int_equal(find_text(r, "quý III năm 2025", &last), 0);
    const layout_op *rule = NULL;
    for (size_t k = 0; k < r->pages[0].nops; k++)
        if (r->pages[0].ops[k].kind == LAYOUT_OP_LINE)
            rule = &r->pages[0].ops[k];
    if (!rule)
        fail();
    double clear = (last->y - DESC * 14) - (rule->y + rule->line_width / 2);
    assert_true(clear >= 4 - 1e-6);
    assert_true(clear <= 4 + 1e-6);
    assert_true(NEAR(rule->x2 - rule->x, mm(40)));
    layout_free(r);
    doc_free(d);
}

/* ---- everything inside the margins ---------------------------------------- */

static doc *big_doc(void)
{
    doc *d = doc_new();
    doc_header h = { "UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                     "Số: 123/BC-SKHCN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "Lạng Sơn, ngày 05 tháng 9 năm 2025" };
    doc_add_header(d, &h);
    doc_para_style t = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    t.keep_with_next = 1;
    doc_add_para(d, "BÁO CÁO", &t);
    doc_add_rule(d, 50, DOC_ALIGN_CENTER, 0.6, 2, 6);
    doc_para_style body = doc_style_body();
    for (int i = 0; i < 4; i++)
        doc_add_para(d, "Thực hiện Kế hoạch số 53/KH-UBND ngày 15/3/2023 của Ủy ban "
                     "nhân dân tỉnh về phát triển khoa học, công nghệ và đổi mới "
                     "sáng tạo, Sở Khoa học và Công nghệ đã phối hợp với các sở, "
                     "ban, ngành triển khai các nhiệm vụ. Từ_rất_dài_không_có_"
                     "khoảng_trắng_nào_để_ngắt_dòng_một_cách_bình_thường_cả", &body);
    doc_table *tb = doc_add_table(d, 3);
    doc_table_set_col(tb, 0, 15, 0, DOC_ALIGN_CENTER, 0);
    doc_table_set_col(tb, 2, 30, 0, DOC_ALIGN_RIGHT, 1);
    doc_table_add_row(tb, DOC_ROW_HEADER);
    doc_table_add_cell(tb, "TT");
    doc_table_add_cell(tb, "Đơn vị");
    doc_table_add_cell(tb, "Số liệu");
    for (int i = 0; i < 70; i++) {
        doc_table_add_row(tb, i == 69 ? DOC_ROW_TOTAL : DOC_ROW_BODY);
        doc_table_add_cell(tb, "1");
        doc_table_add_cell(tb, "UBND xã Đồng Đăng, đơn vị hành chính mới");
        doc_table_add_cell(tb, "1.234.567,5");
    }
    doc_bar_chart *c = doc_add_bar_chart(d, "Biểu đồ 1", pct);
    doc_bar a = { "Chỉ tiêu A có tên dài cần xuống dòng trong cột nhãn", 1, 180, 1,
                  75, "180% - vượt", 0.3 };
    doc_bar b = { "Chỉ tiêu B", 0, 0, 0, 0, "chưa có số liệu", -1 };
    for (int i = 0; i < 3; i++) {
        doc_bar_chart_add(c, &a);
        doc_bar_chart_add(c, &b);
    }
    doc_bar_chart_legend(c, DOC_LEGEND_BOX, 0.3, "Đạt, vượt");
    doc_bar_chart_legend(c, DOC_LEGEND_MARKER, 0, "Tiến độ dự kiến");
    doc_bar_chart_legend(c, DOC_LEGEND_TARGET, 0, "Mục tiêu");
    const char *cats[] = { "Q1/2024", "Q2/2024", "Q3/2024", "Q4/2024",
                           "Q1/2025", "Q2/2025", "Q3/2025", "Q4/2025" };
    doc_line_chart *lc = doc_add_line_chart(d, "Biểu đồ 2", cats, 8, NULL);
    double v[8] = { 1, 3, 2, 5, 8, 9, 12, 4 };
    unsigned char pr[8] = { 1, 1, 0, 1, 1, 1, 1, 0 };
    doc_line_chart_add_series(lc, "Loại 1", v, pr);
    doc_line_chart_add_series(lc, "Loại 2", v, NULL);
    doc_line_chart_set_target(lc, 10, "Mục tiêu");
    doc_signature s = { AUTH, 2, "Nguyễn Văn A", 0, "Nơi nhận:", REC, 2 };
    doc_add_signature(d, &s);
    doc_add_section(d, DOC_ORIENT_AUTO);
    doc_table *t2 = doc_add_table(d, 4);
    for (size_t i = 0; i < 4; i++)
        doc_table_set_col(t2, i, 60, 0, DOC_ALIGN_LEFT, 0);
    for (int i = 0; i < 50; i++) {
        doc_table_add_row(t2, DOC_ROW_BODY);
        for (int k = 0; k < 4; k++)
            doc_table_add_cell(t2, "Nâng cao tiềm lực khoa học và công nghệ");
    }
    return d;
}

static void test_all_inside_margins(void **state)
{
    (void)state;
    doc *d = big_doc();
    layout_result *r = run(d);
    assert_true(r->npages >= 4);
    const double e = 1e-6;
    size_t numbers = 0;
    for (size_t p = 0; p < r->npages; p++) {
        const layout_page *pg = &r->pages[p];
        double left = mm(30), right = pg->width - mm(15);
        double top = pg->height - mm(20), bottom = mm(20);
        for (size_t k = 0; k < pg->nops; k++) {
            const layout_op *o = &pg->ops[k];
            switch (o->kind) {
            case LAYOUT_OP_TEXT:
                assert_true(o->x >= left - e);
                assert_true(o->x + o->w <= right + e);
                if (o->y - DESC * o->size >= top - e) {   /* page number */
                    assert_true(o->y + ASC * o->size <= pg->height);
                    numbers++;
                    break;
                }
                assert_true(o->y + ASC * o->size <= top + e);
                assert_true(o->y - DESC * o->size >= bottom - e);
                break;
            case LAYOUT_OP_LINE:
                assert_true(fmin(o->x, o->x2) >= left - e - o->line_width);
                assert_true(fmax(o->x, o->x2) <= right + e + o->line_width);
                assert_true(fmax(o->y, o->y2) <= top + e);
                assert_true(fmin(o->y, o->y2) >= bottom - e - o->line_width);
                break;
            case LAYOUT_OP_RECT:
                assert_true(o->x >= left - e);
                assert_true(o->x + o->w <= right + e);
                assert_true(o->y >= bottom - e);
                assert_true(o->y + o->h <= top + e);
                break;
            }
        }
    }
    assert_true(numbers >= r->npages - 2);
    assert_true(r->pages[r->npages - 1].landscape);
    layout_free(r);
    doc_free(d);
}

static void test_dump_format(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_bookmark(d, 1, "Tiêu \"đề\"");
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 10, DOC_ALIGN_LEFT);
    doc_add_para(d, "ab cd", &st);
    doc_add_rule(d, 10, DOC_ALIGN_LEFT, 1, 0, 0);
    layout_page_setup ps = narrow();
    layout_result *r = run_ps(d, &ps);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    layout_dump(r, f);
    fclose(f);
    assert_string_equal(buf,
        "page 1 198.43 x 841.89 portrait section 0 number 1\n"
        "  text 85.04 776.29 f0 10.00 w 25.00 \"ab cd\"\n"
        /* the rule keeps 4 pt clear of the text line above it */
        "  line 85.04 769.63 113.39 769.63 lw 1.00 gray 0.00 solid\n"
        "outline 1 page 1 y 785.20 \"Tiêu \\\"đề\\\"\"\n");
    free(buf);
    layout_free(r);
    doc_free(d);
}

/* What the page callback saw: each page's op count and first op. */
struct seen_pages {
    size_t n;
    size_t nops[64];
    const layout_op *ops[64];
};

static void note_page(void *ctx, const layout_result *r, size_t page)
{
    struct seen_pages *s = ctx;
    assert_int_equal(page, s->n);         /* in order, each once */
    assert_true(page < r->npages);
    assert_true(s->n < 64);
    s->nops[s->n] = r->pages[page].nops;
    s->ops[s->n] = r->pages[page].ops;
    s->n++;
}

static void test_pages_handed_over_complete(void **state)
{
    (void)state;
    doc *d = big_doc();
    layout_page_setup ps;
    layout_page_setup_default(&ps);
    struct seen_pages seen = { 0 };
    layout_result *r = NULL;
    assert_int_equal(layout_run_each(d, &ps, &FAKE, note_page, &seen, &r), LAYOUT_OK);
    assert_true(r->npages >= 4);
    assert_int_equal(seen.n, r->npages);
    for (size_t p = 0; p < r->npages; p++) {
        /* nothing was added, and nothing moved, after the page was handed over */
        assert_int_equal(seen.nops[p], r->pages[p].nops);
        assert_ptr_equal(seen.ops[p], r->pages[p].ops);
    }
    /* and the same layout as without the callback */
    layout_result *plain = run(d);
    FILE *a = tmpfile(), *b = tmpfile();
    layout_dump(r, a);
    layout_dump(plain, b);
    assert_int_equal(ftell(a), ftell(b));
    rewind(a);
    rewind(b);
    int ca, cb;
    do {
        ca = fgetc(a);
        cb = fgetc(b);
        assert_int_equal(ca, cb);
    } while (ca != EOF);
    fclose(a);
    fclose(b);
    layout_free(plain);
    layout_free(r);
    doc_free(d);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    doc *d = doc_new();
    layout_result *r = (layout_result *)&r;
    layout_page_setup ps;
    layout_page_setup_default(&ps);
    assert_int_equal(layout_run(NULL, &ps, &FAKE, &r), LAYOUT_ERR_ARG);
    assert_null(r);
    ps.margin_left_mm = 180;
    assert_int_equal(layout_run(d, &ps, &FAKE, &r), LAYOUT_ERR_PAGE);
    layout_free(NULL);
    doc_free(NULL);
    assert_null(doc_add_table(d, 0));
    doc_table *t = doc_add_table(d, 2);
    assert_int_equal(doc_table_add_cell(t, "no row"), -1);
    doc_table_add_row(t, DOC_ROW_BODY);
    assert_int_equal(doc_table_add_cell_ex(t, "a", -1, -1, 2), 0);
    assert_int_equal(doc_table_add_cell(t, "too many"), -1);
    assert_int_equal(doc_table_set_col(t, 2, 10, 0, DOC_ALIGN_LEFT, 0), -1);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greedy_breaking),
        cmocka_unit_test(test_balanced_heading),
        cmocka_unit_test(test_hard_breaks_and_spaces),
        cmocka_unit_test(test_long_word_split_at_code_points),
        cmocka_unit_test(test_justify),
        cmocka_unit_test(test_align_center_right),
        cmocka_unit_test(test_first_line_indent),
        cmocka_unit_test(test_paragraph_spacing),
        cmocka_unit_test(test_keep_with_next),
        cmocka_unit_test(test_page_numbers),
        cmocka_unit_test(test_appendix_numbering),
        cmocka_unit_test(test_section_on_empty_page),
        cmocka_unit_test(test_landscape_auto),
        cmocka_unit_test(test_table_row_height),
        cmocka_unit_test(test_table_column_lines_joined),
        cmocka_unit_test(test_table_pages_header_repeat),
        cmocka_unit_test(test_table_tall_row_split),
        cmocka_unit_test(test_table_8000_rows_fast),
        cmocka_unit_test(test_signature_kept_together),
        cmocka_unit_test(test_official_header),
        cmocka_unit_test(test_bar_chart_missing_value),
        cmocka_unit_test(test_table_group_row_kept_with_next),
        cmocka_unit_test(test_table_centred_cells_balanced),
        cmocka_unit_test(test_bar_label_clear_of_100_line),
        cmocka_unit_test(test_line_chart_target_label_clear),
        cmocka_unit_test(test_line_chart_many_series_apart),
        cmocka_unit_test(test_official_header_gap),
        cmocka_unit_test(test_rule_clear_of_text),
        cmocka_unit_test(test_all_inside_margins),
        cmocka_unit_test(test_dump_format),
        cmocka_unit_test(test_pages_handed_over_complete),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

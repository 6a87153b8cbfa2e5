/*
 * test_doc: the document model, read back from its public structs.
 *
 * What doc.h promises: every string and array the caller passes is copied
 * (the caller's buffers are scrubbed and freed before the document is read,
 * so a kept pointer shows as wrong text here and as a use after free under
 * ASan); the two paragraph styles and the table and chart defaults; the
 * table rules (set_col's range check, cells only in a row and never past
 * ncols, the requested width); blocks kept in the order they were added;
 * tables and charts that stay where they are while the document grows; and
 * doc_free of an empty and of a full document (leaks show in `make
 * sanitize`). The table rules are tables.
 */
#include "fixtures.h"

#include "doc.h"

/* Exact comparison: the model copies numbers, it computes none. */
#define assert_dbl(a, b)                                                                  \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        if (!(a_ == b_))                                                                  \
            fail_msg("%s is %g, want %g", #a, a_, b_);                                    \
    } while (0)

/* A heap copy the test owns, to be scrubbed after the document took it. */
static char *mine(const char *s)
{
    char *p = strdup(s);
    REQUIRE(p);
    return p;
}

/* Overwrites and frees a caller buffer, as a caller reusing it would. */
static void scrub(char *p)
{
    memset(p, 'X', strlen(p));
    free(p);
}

static doc_block *last_block(doc *d)
{
    REQUIRE(d->nblocks > 0);
    return &d->blocks[d->nblocks - 1];
}

/* ---- the document ---------------------------------------------------- */

static void test_new_and_free_empty(void **state)
{
    (void)state;
    doc *d = doc_new();
    REQUIRE(d);
    assert_int_equal(d->nblocks, 0);
    doc_free(d);
    doc_free(NULL);
}

/* ---- paragraph styles ------------------------------------------------- */

static void check_plain_rest(const doc_para_style *st, const char *what)
{
    assert_dbl(st->first_indent_mm, 0);
    assert_dbl(st->left_indent_mm, 0);
    assert_dbl(st->right_indent_mm, 0);
    assert_dbl(st->space_before_pt, 0);
    assert_dbl(st->space_after_pt, 0);
    if (st->line_spacing != 1.0)
        fail_msg("%s: line_spacing %g, want 1 (single)", what, st->line_spacing);
    assert_int_equal(st->keep_with_next, 0);
    assert_int_equal(st->balanced, 0);
}

static void test_style_plain(void **state)
{
    (void)state;
    static const struct {
        doc_face face;
        double size;
        doc_align align;
    } rows[] = {
        {DOC_FACE_REGULAR, 14, DOC_ALIGN_LEFT},
        {DOC_FACE_BOLD, 13, DOC_ALIGN_CENTER},
        {DOC_FACE_ITALIC, 12.5, DOC_ALIGN_RIGHT},
        {DOC_FACE_BOLD_ITALIC, 8, DOC_ALIGN_JUSTIFY},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        doc_para_style st = doc_style(rows[i].face, rows[i].size, rows[i].align);
        if (st.face != rows[i].face || st.size_pt != rows[i].size ||
            st.align != rows[i].align)
            ROW_FAIL("row %zu: face %d size %g align %d, want %d %g %d", i, (int)st.face,
                     st.size_pt, (int)st.align, (int)rows[i].face, rows[i].size,
                     (int)rows[i].align);
        check_plain_rest(&st, "doc_style");
    }
    ROWS_DONE();
}

static void test_style_body(void **state)
{
    (void)state;
    doc_para_style st = doc_style_body();
    assert_int_equal(st.face, DOC_FACE_REGULAR);
    assert_dbl(st.size_pt, 14);
    assert_int_equal(st.align, DOC_ALIGN_JUSTIFY);
    assert_dbl(st.first_indent_mm, 10);
    assert_dbl(st.left_indent_mm, 0);
    assert_dbl(st.right_indent_mm, 0);
    assert_dbl(st.space_before_pt, 0);
    assert_dbl(st.space_after_pt, 6);
    assert_dbl(st.line_spacing, 1.15);
    assert_int_equal(st.keep_with_next, 0);
    assert_int_equal(st.balanced, 0);
}

/* ---- paragraphs, rules, header --------------------------------------- */

static void test_para_copies_text_and_style(void **state)
{
    (void)state;
    doc *d = doc_new();
    char *text = mine("Báo cáo tình hình thực hiện\nquý III năm 2025");
    doc_para_style st = doc_style(DOC_FACE_BOLD, 13, DOC_ALIGN_CENTER);
    st.keep_with_next = 1;
    st.balanced = 1;
    st.space_before_pt = 12;
    doc_add_para(d, text, &st);
    scrub(text);
    st = doc_style_body();   /* the caller's style changes afterwards */

    assert_int_equal(d->nblocks, 1);
    doc_block *b = last_block(d);
    assert_int_equal(b->kind, DOC_BLOCK_PARA);
    assert_string_equal(b->u.para.text, "Báo cáo tình hình thực hiện\nquý III năm 2025");
    assert_int_equal(b->u.para.st.face, DOC_FACE_BOLD);
    assert_dbl(b->u.para.st.size_pt, 13);
    assert_int_equal(b->u.para.st.align, DOC_ALIGN_CENTER);
    assert_int_equal(b->u.para.st.keep_with_next, 1);
    assert_int_equal(b->u.para.st.balanced, 1);
    assert_dbl(b->u.para.st.space_before_pt, 12);
    doc_free(d);
}

/* Many paragraphs: the block array grows, every text stays right. */
static void test_many_paras_in_order(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style_body();
    char line[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(line, sizeof line, "đoạn %d", i);
        doc_add_para(d, line, &st);
    }
    memset(line, 0, sizeof line);
    assert_int_equal(d->nblocks, 1000);
    for (int i = 0; i < 1000; i++) {
        char want[32];
        snprintf(want, sizeof want, "đoạn %d", i);
        if (d->blocks[i].kind != DOC_BLOCK_PARA || strcmp(d->blocks[i].u.para.text, want))
            fail_msg("block %d: kind %d text \"%s\"", i, (int)d->blocks[i].kind,
                     d->blocks[i].u.para.text);
    }
    doc_free(d);
}

static void test_rule(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_rule(d, 40, DOC_ALIGN_CENTER, 0.6, 2, 8);
    doc_add_rule(d, 0, DOC_ALIGN_RIGHT, 1, 0, 0);
    assert_int_equal(d->nblocks, 2);
    const doc_rule *r = &d->blocks[0].u.rule;
    assert_int_equal(d->blocks[0].kind, DOC_BLOCK_RULE);
    assert_dbl(r->width_mm, 40);
    assert_int_equal(r->align, DOC_ALIGN_CENTER);
    assert_dbl(r->line_pt, 0.6);
    assert_dbl(r->space_before_pt, 2);
    assert_dbl(r->space_after_pt, 8);
    r = &d->blocks[1].u.rule;
    assert_int_equal(d->blocks[1].kind, DOC_BLOCK_RULE);
    assert_dbl(r->width_mm, 0);
    assert_int_equal(r->align, DOC_ALIGN_RIGHT);
    assert_dbl(r->line_pt, 1);
    doc_free(d);
}

static void test_header_copied_null_left_out(void **state)
{
    (void)state;
    doc *d = doc_new();
    char *parent = mine("UBND TỈNH LẠNG SƠN");
    char *issuing = mine("SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    char *number = mine("Số: 123/BC-SKHCN");
    char *nation = mine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    char *motto = mine("Độc lập - Tự do - Hạnh phúc");
    char *place = mine("Lạng Sơn, ngày 05 tháng 9 năm 2025");
    doc_header h = {parent, issuing, number, nation, motto, place};
    doc_add_header(d, &h);
    doc_header partial = {NULL, issuing, NULL, nation, motto, NULL};
    doc_add_header(d, &partial);
    scrub(parent);
    scrub(issuing);
    scrub(number);
    scrub(nation);
    scrub(motto);
    scrub(place);

    assert_int_equal(d->nblocks, 2);
    assert_int_equal(d->blocks[0].kind, DOC_BLOCK_HEADER);
    const doc_header *o = &d->blocks[0].u.header;
    REQUIRE(o->parent_body && o->issuing_body && o->number && o->nation && o->motto &&
            o->place_date);
    assert_string_equal(o->parent_body, "UBND TỈNH LẠNG SƠN");
    assert_string_equal(o->issuing_body, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert_string_equal(o->number, "Số: 123/BC-SKHCN");
    assert_string_equal(o->nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_string_equal(o->motto, "Độc lập - Tự do - Hạnh phúc");
    assert_string_equal(o->place_date, "Lạng Sơn, ngày 05 tháng 9 năm 2025");

    assert_int_equal(d->blocks[1].kind, DOC_BLOCK_HEADER);
    o = &d->blocks[1].u.header;
    assert_null(o->parent_body);
    assert_null(o->number);
    assert_null(o->place_date);
    REQUIRE(o->issuing_body && o->nation && o->motto);
    assert_string_equal(o->issuing_body, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert_string_equal(o->nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_string_equal(o->motto, "Độc lập - Tự do - Hạnh phúc");
    doc_free(d);
}

/* ---- tables ------------------------------------------------------------ */

static void test_table_defaults(void **state)
{
    (void)state;
    doc *d = doc_new();
    assert_null(doc_add_table(d, 0));
    assert_int_equal(d->nblocks, 0);   /* no block holding a NULL table */
    doc_table *t = doc_add_table(d, 5);
    REQUIRE(t);
    assert_int_equal(d->nblocks, 1);
    assert_int_equal(d->blocks[0].kind, DOC_BLOCK_TABLE);
    assert_ptr_equal(d->blocks[0].u.table, t);
    assert_int_equal(t->ncols, 5);
    REQUIRE(t->cols);
    for (size_t i = 0; i < 5; i++) {
        assert_dbl(t->cols[i].width_mm, 0);
        assert_dbl(t->cols[i].weight, 1);
        assert_int_equal(t->cols[i].align, DOC_ALIGN_LEFT);
        assert_int_equal(t->cols[i].numeric, 0);
    }
    assert_dbl(t->size_pt, 12);
    assert_dbl(t->pad_h_mm, 1.5);
    assert_dbl(t->pad_v_mm, 1.0);
    assert_dbl(t->border_pt, 0.5);
    assert_dbl(t->header_gray, 0.88);
    assert_dbl(t->space_before_pt, 6);
    assert_dbl(t->space_after_pt, 6);
    assert_int_equal(t->nrows, 0);
    assert_int_equal(t->ncells, 0);
    assert_dbl(doc_table_requested_width_mm(t), 0);
    doc_free(d);
}

static void test_table_set_col(void **state)
{
    (void)state;
    static const struct {
        size_t col;
        double width, weight;
        doc_align align;
        int numeric;
        int ret;
    } rows[] = {
        {0, 25, 1, DOC_ALIGN_LEFT, 0, 0},
        {1, 0, 2.5, DOC_ALIGN_CENTER, 0, 0},
        {2, 0, 1, DOC_ALIGN_RIGHT, 1, 0},
        {2, 18.5, 3, DOC_ALIGN_JUSTIFY, 1, 0},
        {3, 10, 1, DOC_ALIGN_RIGHT, 1, -1},          /* col == ncols */
        {4, 10, 1, DOC_ALIGN_RIGHT, 1, -1},
        {SIZE_MAX, 10, 1, DOC_ALIGN_RIGHT, 1, -1},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        doc *d = doc_new();
        doc_table *t = doc_add_table(d, 3);
        REQUIRE(t);
        int ret = doc_table_set_col(t, rows[i].col, rows[i].width, rows[i].weight,
                                    rows[i].align, rows[i].numeric);
        if (ret != rows[i].ret)
            ROW_FAIL("row %zu: set_col(%zu) returned %d, want %d", i, rows[i].col, ret,
                     rows[i].ret);
        for (size_t c = 0; c < 3; c++) {
            doc_col want = {0, 1, DOC_ALIGN_LEFT, 0};
            if (rows[i].ret == 0 && c == rows[i].col)
                want = (doc_col){rows[i].width, rows[i].weight, rows[i].align,
                                 rows[i].numeric};
            const doc_col *got = &t->cols[c];
            if (got->width_mm != want.width_mm || got->weight != want.weight ||
                got->align != want.align || got->numeric != want.numeric)
                ROW_FAIL("row %zu: column %zu is {%g, %g, %d, %d}, want {%g, %g, %d, %d}",
                         i, c, got->width_mm, got->weight, (int)got->align, got->numeric,
                         want.width_mm, want.weight, (int)want.align, want.numeric);
        }
        doc_free(d);
    }
    ROWS_DONE();
}

/* The sum of the fixed widths (width_mm > 0) only; weights count nothing. */
static void test_table_requested_width(void **state)
{
    (void)state;
    static const struct {
        double w[3];
        double want;
    } rows[] = {
        {{0, 0, 0}, 0},
        {{30, 0, 0}, 30},
        {{30, 45.5, 20}, 95.5},
        {{0, 120, 0}, 120},
        {{-5, 40, 0}, 40},   /* a negative width is not a fixed one */
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        doc *d = doc_new();
        doc_table *t = doc_add_table(d, 3);
        REQUIRE(t);
        for (size_t c = 0; c < 3; c++)
            if (doc_table_set_col(t, c, rows[i].w[c], 7, DOC_ALIGN_LEFT, 0) != 0)
                ROW_FAIL("row %zu: set_col %zu failed", i, c);
        double got = doc_table_requested_width_mm(t);
        if (got != rows[i].want)
            ROW_FAIL("row %zu: requested width %g, want %g", i, got, rows[i].want);
        doc_free(d);
    }
    ROWS_DONE();
}

static void test_table_cell_needs_row(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 2);
    REQUIRE(t);
    assert_int_equal(doc_table_add_cell(t, "lạc"), -1);
    assert_int_equal(doc_table_add_cell_ex(t, "lạc", DOC_FACE_BOLD, DOC_ALIGN_RIGHT, 1), -1);
    assert_int_equal(t->ncells, 0);
    assert_int_equal(t->nrows, 0);
    doc_table_add_row(t, DOC_ROW_BODY);
    assert_int_equal(doc_table_add_cell(t, "có hàng"), 0);
    assert_int_equal(t->ncells, 1);
    assert_string_equal(t->cells[0].text, "có hàng");
    doc_free(d);
}

/* Cells go into the last row, in order; each row knows its slice. */
static void test_table_rows_and_cells(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 3);
    REQUIRE(t);
    char *texts[6] = {mine("TT"), mine("Chỉ tiêu"), mine("1"), mine("Số doanh nghiệp"),
                      mine("1.234"), mine("Tổng cộng")};
    doc_table_add_row(t, DOC_ROW_HEADER);
    assert_int_equal(doc_table_add_cell(t, texts[0]), 0);
    assert_int_equal(doc_table_add_cell_ex(t, texts[1], DOC_FACE_DEFAULT, DOC_ALIGN_DEFAULT, 2),
                     0);
    doc_table_add_row(t, DOC_ROW_BODY);
    for (int i = 2; i < 5; i++)
        assert_int_equal(doc_table_add_cell(t, texts[i]), 0);
    doc_table_add_row(t, DOC_ROW_TOTAL);
    assert_int_equal(doc_table_add_cell_ex(t, texts[5], DOC_FACE_DEFAULT, DOC_ALIGN_DEFAULT, 3),
                     0);
    doc_table_add_row(t, DOC_ROW_BODY);   /* an empty last row */
    for (int i = 0; i < 6; i++)
        scrub(texts[i]);

    static const struct {
        doc_row_kind kind;
        size_t first, n, span;
    } want[] = {
        {DOC_ROW_HEADER, 0, 2, 3},
        {DOC_ROW_BODY, 2, 3, 3},
        {DOC_ROW_TOTAL, 5, 1, 3},
        {DOC_ROW_BODY, 6, 0, 0},
    };
    assert_int_equal(t->nrows, FX_COUNT(want));
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        const doc_row *r = &t->rows[i];
        if (r->kind != want[i].kind || r->first != want[i].first || r->n != want[i].n ||
            r->span != want[i].span)
            ROW_FAIL("row %zu: kind %d first %zu n %zu span %zu, want %d %zu %zu %zu", i,
                     (int)r->kind, r->first, r->n, r->span, (int)want[i].kind, want[i].first,
                     want[i].n, want[i].span);
    }
    ROWS_DONE();
    static const char *const want_text[] = {"TT", "Chỉ tiêu", "1", "Số doanh nghiệp",
                                            "1.234", "Tổng cộng"};
    static const size_t want_span[] = {1, 2, 1, 1, 1, 3};
    assert_int_equal(t->ncells, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(t->cells[i].text, want_text[i]);
        assert_int_equal(t->cells[i].colspan, want_span[i]);
        assert_int_equal(t->cells[i].face, DOC_FACE_DEFAULT);
        assert_int_equal(t->cells[i].align, DOC_ALIGN_DEFAULT);
    }
    doc_free(d);
}

/* Spans in one row of a 4-column table: a cell that would pass ncols is
 * refused and dropped, and a smaller one may still follow. */
static void test_table_row_width_rule(void **state)
{
    (void)state;
    static const struct {
        size_t n;
        size_t span[5];
        int ret[5];
        size_t cells, covered;
    } rows[] = {
        {4, {1, 1, 1, 1}, {0, 0, 0, 0}, 4, 4},
        {5, {1, 1, 1, 1, 1}, {0, 0, 0, 0, -1}, 4, 4},
        {1, {4}, {0}, 1, 4},
        {2, {4, 1}, {0, -1}, 1, 4},
        {2, {5, 1}, {-1, 0}, 1, 1},
        {3, {2, 2, 1}, {0, 0, -1}, 2, 4},
        {3, {3, 2, 1}, {0, -1, 0}, 2, 4},
        {3, {1, 3, 1}, {0, 0, -1}, 2, 4},
        {2, {1, SIZE_MAX}, {0, -1}, 1, 1},        /* no wrap-around in the check */
        {2, {3, SIZE_MAX - 1}, {0, -1}, 1, 3},
        {2, {SIZE_MAX, 2}, {-1, 0}, 1, 2},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        doc *d = doc_new();
        doc_table *t = doc_add_table(d, 4);
        REQUIRE(t);
        doc_table_add_row(t, DOC_ROW_BODY);
        size_t kept = 0;
        for (size_t k = 0; k < rows[i].n; k++) {
            char text[32];
            snprintf(text, sizeof text, "c%zu", k);
            int ret = doc_table_add_cell_ex(t, text, DOC_FACE_DEFAULT, DOC_ALIGN_DEFAULT,
                                            rows[i].span[k]);
            if (ret != rows[i].ret[k])
                ROW_FAIL("row %zu: cell %zu of span %zu returned %d, want %d", i, k,
                         rows[i].span[k], ret, rows[i].ret[k]);
            if (ret == 0 && t->ncells == kept + 1) {
                if (strcmp(t->cells[kept].text, text) || t->cells[kept].colspan != rows[i].span[k])
                    ROW_FAIL("row %zu: cell %zu is \"%s\" span %zu", i, k, t->cells[kept].text,
                             t->cells[kept].colspan);
                kept++;
            }
        }
        if (t->ncells != rows[i].cells || t->rows[0].n != rows[i].cells ||
            t->rows[0].span != rows[i].covered)
            ROW_FAIL("row %zu: %zu cells (row n %zu) covering %zu, want %zu covering %zu", i,
                     t->ncells, t->rows[0].n, t->rows[0].span, rows[i].cells,
                     rows[i].covered);
        doc_free(d);
    }
    ROWS_DONE();
}

static void test_table_cell_face_align(void **state)
{
    (void)state;
    static const struct {
        int face, align;
    } rows[] = {
        {DOC_FACE_DEFAULT, DOC_ALIGN_DEFAULT}, {DOC_FACE_REGULAR, DOC_ALIGN_LEFT},
        {DOC_FACE_BOLD, DOC_ALIGN_CENTER},     {DOC_FACE_ITALIC, DOC_ALIGN_RIGHT},
        {DOC_FACE_BOLD_ITALIC, DOC_ALIGN_JUSTIFY}, {DOC_FACE_BOLD, DOC_ALIGN_DEFAULT},
        {DOC_FACE_DEFAULT, DOC_ALIGN_RIGHT},
    };
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 1);
    REQUIRE(t);
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        doc_table_add_row(t, DOC_ROW_BODY);
        assert_int_equal(doc_table_add_cell_ex(t, "x", rows[i].face, rows[i].align, 1), 0);
    }
    ROWS_BEGIN();
    assert_int_equal(t->ncells, FX_COUNT(rows));
    for (size_t i = 0; i < FX_COUNT(rows); i++)
        if (t->cells[i].face != rows[i].face || t->cells[i].align != rows[i].align ||
            t->cells[i].colspan != 1)
            ROW_FAIL("row %zu: face %d align %d span %zu, want %d %d 1", i, t->cells[i].face,
                     t->cells[i].align, t->cells[i].colspan, rows[i].face, rows[i].align);
    ROWS_DONE();
    doc_free(d);
}

/* A table (and a chart) returned by doc_add_* stays valid while many more
 * blocks are added after it, and is still the one in its block. */
static void test_objects_stay_valid(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_table *t = doc_add_table(d, 2);
    REQUIRE(t);
    doc_bar_chart *c = doc_add_bar_chart(d, "Tiến độ", NULL);
    REQUIRE(c);
    doc_para_style st = doc_style_body();
    for (int i = 0; i < 300; i++)
        doc_add_para(d, "đệm", &st);
    doc_table_add_row(t, DOC_ROW_BODY);
    assert_int_equal(doc_table_add_cell(t, "sau"), 0);
    doc_bar b = {.label = "A", .has_value = 1, .value_pct = 50, .value_label = "50%"};
    doc_bar_chart_add(c, &b);
    assert_ptr_equal(d->blocks[0].u.table, t);
    assert_ptr_equal(d->blocks[1].u.bar, c);
    assert_string_equal(d->blocks[0].u.table->cells[0].text, "sau");
    assert_int_equal(d->blocks[1].u.bar->nbars, 1);
    doc_free(d);
}

/* ---- bar charts -------------------------------------------------------- */

static const char *fmt_pct(double v, char *out, size_t n)
{
    snprintf(out, n, "%.0f%%", v);
    return out;
}

static void test_bar_chart(void **state)
{
    (void)state;
    doc *d = doc_new();
    char *title = mine("Biểu đồ 1. Tiến độ thực hiện chỉ tiêu");
    doc_bar_chart *c = doc_add_bar_chart(d, title, fmt_pct);
    scrub(title);
    REQUIRE(c);
    assert_int_equal(last_block(d)->kind, DOC_BLOCK_BAR_CHART);
    assert_ptr_equal(last_block(d)->u.bar, c);
    assert_string_equal(c->title, "Biểu đồ 1. Tiến độ thực hiện chỉ tiêu");
    assert_true(c->fmt == fmt_pct);
    assert_dbl(c->axis_max_pct, 0);
    assert_dbl(c->size_pt, 11);
    assert_int_equal(c->nbars, 0);
    assert_int_equal(c->nlegend, 0);

    char *label = mine("Số doanh nghiệp khoa học và công nghệ");
    char *vlabel = mine("87,5% - chưa đạt");
    doc_bar b = {label, 1, 87.5, 1, 75, vlabel, 0.3};
    doc_bar_chart_add(c, &b);
    scrub(label);
    scrub(vlabel);
    label = mine("Chỉ tiêu chưa có số liệu");
    vlabel = mine("chưa có số liệu");
    doc_bar missing = {label, 0, 0, 0, 0, vlabel, -1};   /* no value, default gray */
    doc_bar_chart_add(c, &missing);
    scrub(label);
    scrub(vlabel);
    memset(&b, 0, sizeof b);   /* the caller's struct is reused */

    assert_int_equal(c->nbars, 2);
    const doc_bar *o = &c->bars[0];
    assert_string_equal(o->label, "Số doanh nghiệp khoa học và công nghệ");
    assert_int_equal(o->has_value, 1);
    assert_dbl(o->value_pct, 87.5);
    assert_int_equal(o->has_expected, 1);
    assert_dbl(o->expected_pct, 75);
    assert_string_equal(o->value_label, "87,5% - chưa đạt");
    assert_dbl(o->gray, 0.3);
    o = &c->bars[1];
    assert_string_equal(o->label, "Chỉ tiêu chưa có số liệu");
    assert_int_equal(o->has_value, 0);
    assert_int_equal(o->has_expected, 0);
    assert_string_equal(o->value_label, "chưa có số liệu");
    if (!(o->gray < 0 || o->gray == 0.55))   /* either means the default */
        fail_msg("gray %g, want < 0 or 0.55", o->gray);

    /* more bars than the first allocation, in order, over 100% too */
    for (int i = 0; i < 40; i++) {
        char l[32], v[32];
        snprintf(l, sizeof l, "chỉ tiêu %d", i);
        snprintf(v, sizeof v, "%d%%", i * 5);
        doc_bar x = {l, 1, i * 5.0, 0, 0, v, 0.55};
        doc_bar_chart_add(c, &x);
    }
    assert_int_equal(c->nbars, 42);
    assert_string_equal(c->bars[0].label, "Số doanh nghiệp khoa học và công nghệ");
    for (int i = 0; i < 40; i++) {
        char l[32];
        snprintf(l, sizeof l, "chỉ tiêu %d", i);
        assert_string_equal(c->bars[2 + i].label, l);
        assert_dbl(c->bars[2 + i].value_pct, i * 5.0);
    }

    /* the legend, in order */
    static const struct {
        doc_legend_kind kind;
        double gray;
        const char *label;
    } leg[] = {
        {DOC_LEGEND_BOX, 0.3, "Đã đạt"},
        {DOC_LEGEND_BOX, 0.7, "Chưa đạt"},
        {DOC_LEGEND_MARKER, 0, "Tiến độ cần đạt"},
        {DOC_LEGEND_TARGET, 0, "Chỉ tiêu năm"},
        {DOC_LEGEND_BOX, 1, "Chưa có số liệu"},
        {DOC_LEGEND_BOX, 0.9, "Khác"},
    };
    for (size_t i = 0; i < FX_COUNT(leg); i++) {
        char *l = mine(leg[i].label);
        doc_bar_chart_legend(c, leg[i].kind, leg[i].gray, l);
        scrub(l);
    }
    assert_int_equal(c->nlegend, FX_COUNT(leg));
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(leg); i++)
        if (c->legend[i].kind != leg[i].kind || c->legend[i].gray != leg[i].gray ||
            strcmp(c->legend[i].label, leg[i].label))
            ROW_FAIL("legend %zu: {%d, %g, \"%s\"}", i, (int)c->legend[i].kind,
                     c->legend[i].gray, c->legend[i].label);
    ROWS_DONE();
    doc_free(d);
}

static void test_bar_chart_default_fmt(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_bar_chart *c = doc_add_bar_chart(d, "T", NULL);
    REQUIRE(c);
    assert_null(c->fmt);   /* NULL: "%.0f" at layout */
    doc_free(d);
}

/* ---- line charts ------------------------------------------------------- */

static void test_line_chart(void **state)
{
    (void)state;
    doc *d = doc_new();
    char *cats[4] = {mine("Quý I"), mine("Quý II"), mine("Quý III"), mine("Quý IV")};
    const char **catv = malloc(sizeof cats);
    REQUIRE(catv);
    memcpy(catv, cats, sizeof cats);
    char *title = mine("Biểu đồ 2. Số sáng kiến theo quý");
    doc_line_chart *c = doc_add_line_chart(d, title, catv, 4, fmt_pct);
    REQUIRE(c);
    scrub(title);
    catv[0] = "đổi";   /* the caller's array changes, then goes */
    free(catv);
    for (int i = 0; i < 4; i++)
        scrub(cats[i]);

    assert_int_equal(last_block(d)->kind, DOC_BLOCK_LINE_CHART);
    assert_ptr_equal(last_block(d)->u.line, c);
    assert_string_equal(c->title, "Biểu đồ 2. Số sáng kiến theo quý");
    assert_true(c->fmt == fmt_pct);
    assert_int_equal(c->ncats, 4);
    REQUIRE(c->cats);
    static const char *const want_cats[] = {"Quý I", "Quý II", "Quý III", "Quý IV"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(c->cats[i], want_cats[i]);
    assert_dbl(c->plot_height_mm, 60);
    assert_dbl(c->size_pt, 10);
    assert_int_equal(c->has_target, 0);
    assert_int_equal(c->has_range, 0);
    assert_int_equal(c->nseries, 0);

    /* series: values and flags copied; NULL present = all present; any
     * non-zero flag is present, 0 is a gap */
    static const struct {
        const char *name;
        double v[4];
        int has_present;
        unsigned char present[4];
    } ser[] = {
        {"Năm 2024", {1, 2.5, 3, 4}, 0, {0, 0, 0, 0}},
        {"Năm 2025", {10, 0, 30, 0}, 1, {1, 0, 1, 0}},
        {"Kế hoạch", {-1, 7, 0, 1e6}, 1, {0, 2, 255, 1}},
        {"Trống", {0, 0, 0, 0}, 1, {0, 0, 0, 0}},
        {"Đầy", {5, 6, 7, 8}, 1, {1, 1, 1, 1}},
        {"Thêm", {9, 9, 9, 9}, 0, {0, 0, 0, 0}},
    };
    for (size_t i = 0; i < FX_COUNT(ser); i++) {
        char *name = mine(ser[i].name);
        double *v = malloc(sizeof ser[i].v);
        unsigned char *p = malloc(4);
        REQUIRE(v && p);
        memcpy(v, ser[i].v, sizeof ser[i].v);
        memcpy(p, ser[i].present, 4);
        doc_line_chart_add_series(c, name, v, ser[i].has_present ? p : NULL);
        scrub(name);
        memset(v, 0xFF, sizeof ser[i].v);
        memset(p, 0x5A, 4);
        free(v);
        free(p);
    }
    assert_int_equal(c->nseries, FX_COUNT(ser));
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(ser); i++) {
        const doc_series *s = &c->series[i];
        if (strcmp(s->name, ser[i].name))
            ROW_FAIL("series %zu: name \"%s\"", i, s->name);
        for (size_t k = 0; k < 4; k++) {
            int want_present = ser[i].has_present ? ser[i].present[k] != 0 : 1;
            if ((s->present[k] != 0) != want_present)
                ROW_FAIL("series %zu, category %zu: present %d, want %d", i, k,
                         s->present[k], want_present);
            if (want_present && s->values[k] != ser[i].v[k])
                ROW_FAIL("series %zu, category %zu: value %g, want %g", i, k, s->values[k],
                         ser[i].v[k]);
        }
    }
    ROWS_DONE();

    char *tl = mine("Chỉ tiêu: 25");
    doc_line_chart_set_target(c, 25, tl);
    scrub(tl);
    assert_int_equal(c->has_target, 1);
    assert_dbl(c->target, 25);
    assert_string_equal(c->target_label, "Chỉ tiêu: 25");

    doc_line_chart_set_range(c, -10, 120);
    assert_int_equal(c->has_range, 1);
    assert_dbl(c->y_min, -10);
    assert_dbl(c->y_max, 120);
    doc_free(d);
}

/* ---- signature, bookmarks, sections, page breaks --------------------- */

static void test_signature_arrays_copied(void **state)
{
    (void)state;
    doc *d = doc_new();
    char **auth = malloc(2 * sizeof *auth);
    char **rec = malloc(3 * sizeof *rec);
    REQUIRE(auth && rec);
    auth[0] = mine("KT. GIÁM ĐỐC");
    auth[1] = mine("PHÓ GIÁM ĐỐC");
    rec[0] = mine("- UBND tỉnh;");
    rec[1] = mine("- Bộ KH&CN;");
    rec[2] = mine("- Lưu: VT, KHTC.");
    char *signer = mine("Nguyễn Văn A");
    char *rtitle = mine("Nơi nhận:");
    const char *const *cauth = (const char *const *)auth;
    const char *const *crec = (const char *const *)rec;
    doc_signature s = {cauth, 2, signer, 35, rtitle, crec, 3};
    doc_add_signature(d, &s);
    for (int i = 0; i < 2; i++) {
        scrub(auth[i]);
        auth[i] = NULL;
    }
    for (int i = 0; i < 3; i++) {
        scrub(rec[i]);
        rec[i] = NULL;
    }
    free(auth);
    free(rec);
    scrub(signer);
    scrub(rtitle);

    assert_int_equal(d->nblocks, 1);
    assert_int_equal(d->blocks[0].kind, DOC_BLOCK_SIGNATURE);
    const doc_signature *o = &d->blocks[0].u.sig;
    assert_int_equal(o->n_authority, 2);
    assert_int_equal(o->n_recipients, 3);
    REQUIRE(o->authority && o->recipients && o->signer && o->recipients_title);
    assert_string_equal(o->authority[0], "KT. GIÁM ĐỐC");
    assert_string_equal(o->authority[1], "PHÓ GIÁM ĐỐC");
    assert_string_equal(o->recipients[0], "- UBND tỉnh;");
    assert_string_equal(o->recipients[1], "- Bộ KH&CN;");
    assert_string_equal(o->recipients[2], "- Lưu: VT, KHTC.");
    assert_string_equal(o->signer, "Nguyễn Văn A");
    assert_string_equal(o->recipients_title, "Nơi nhận:");
    assert_dbl(o->sign_space_mm, 35);

    /* a bare signature: no arrays, default space */
    doc_signature bare = {NULL, 0, "Trần Thị B", 0, NULL, NULL, 0};
    doc_add_signature(d, &bare);
    o = &last_block(d)->u.sig;
    assert_int_equal(o->n_authority, 0);
    assert_int_equal(o->n_recipients, 0);
    assert_string_equal(o->signer, "Trần Thị B");
    assert_dbl(o->sign_space_mm, 0);
    doc_free(d);
}

static void test_bookmarks_sections_breaks_in_order(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style_body();
    char *t1 = mine("I. KẾT QUẢ THỰC HIỆN");
    char *t2 = mine("1. Chỉ tiêu về doanh nghiệp");
    char *t3 = mine("Phụ lục 1");
    doc_add_bookmark(d, 1, t1);
    doc_add_para(d, "I. KẾT QUẢ THỰC HIỆN", &st);
    doc_add_bookmark(d, 2, t2);
    doc_add_page_break(d);
    doc_add_section(d, DOC_ORIENT_LANDSCAPE);
    doc_add_bookmark(d, 1, t3);
    doc_add_section(d, DOC_ORIENT_PORTRAIT);
    doc_add_page_break(d);
    doc_add_section(d, DOC_ORIENT_AUTO);
    doc_add_bookmark(d, 3, "a) chi tiết");
    scrub(t1);
    scrub(t2);
    scrub(t3);

    static const struct {
        doc_block_kind kind;
        int level;          /* bookmarks */
        const char *title;  /* bookmarks */
        doc_orient o;       /* sections */
    } want[] = {
        {DOC_BLOCK_BOOKMARK, 1, "I. KẾT QUẢ THỰC HIỆN", 0},
        {DOC_BLOCK_PARA, 0, NULL, 0},
        {DOC_BLOCK_BOOKMARK, 2, "1. Chỉ tiêu về doanh nghiệp", 0},
        {DOC_BLOCK_PAGE_BREAK, 0, NULL, 0},
        {DOC_BLOCK_SECTION, 0, NULL, DOC_ORIENT_LANDSCAPE},
        {DOC_BLOCK_BOOKMARK, 1, "Phụ lục 1", 0},
        {DOC_BLOCK_SECTION, 0, NULL, DOC_ORIENT_PORTRAIT},
        {DOC_BLOCK_PAGE_BREAK, 0, NULL, 0},
        {DOC_BLOCK_SECTION, 0, NULL, DOC_ORIENT_AUTO},
        {DOC_BLOCK_BOOKMARK, 3, "a) chi tiết", 0},
    };
    assert_int_equal(d->nblocks, FX_COUNT(want));
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        const doc_block *b = &d->blocks[i];
        if (b->kind != want[i].kind) {
            ROW_FAIL("block %zu: kind %d, want %d", i, (int)b->kind, (int)want[i].kind);
            continue;
        }
        if (b->kind == DOC_BLOCK_BOOKMARK &&
            (b->u.bookmark.level != want[i].level ||
             strcmp(b->u.bookmark.title, want[i].title)))
            ROW_FAIL("block %zu: bookmark %d \"%s\", want %d \"%s\"", i, b->u.bookmark.level,
                     b->u.bookmark.title, want[i].level, want[i].title);
        if (b->kind == DOC_BLOCK_SECTION && b->u.section != want[i].o)
            ROW_FAIL("block %zu: orientation %d, want %d", i, (int)b->u.section,
                     (int)want[i].o);
    }
    ROWS_DONE();
    doc_free(d);
}

/* ---- a full document -------------------------------------------------- */

/* Every kind of block, several of each owning heap arrays; doc_free must
 * release it all (the sanitizer build checks for leaks). */
static void test_free_full_document(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_header h = {"UBND TỈNH LẠNG SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 1/BC", NULL,
                    "Độc lập - Tự do - Hạnh phúc", NULL};
    doc_add_header(d, &h);
    doc_para_style st = doc_style_body();
    doc_add_rule(d, 30, DOC_ALIGN_CENTER, 0.5, 0, 6);
    const char *cats[] = {"2023", "2024", "2025"};
    const double v[] = {1, 2, 3};
    for (int k = 0; k < 3; k++) {
        doc_add_bookmark(d, 1, "Mục");
        doc_add_para(d, "Nội dung.", &st);
        doc_table *t = doc_add_table(d, 3);
        REQUIRE(t);
        for (int r = 0; r < 40; r++) {   /* past the first row and cell arrays */
            doc_table_add_row(t, r ? DOC_ROW_BODY : DOC_ROW_HEADER);
            for (int c = 0; c < 3; c++)
                assert_int_equal(doc_table_add_cell(t, "ô"), 0);
        }
        doc_bar_chart *bc = doc_add_bar_chart(d, "Cột", NULL);
        for (int i = 0; i < 20; i++) {
            doc_bar b = {"x", 1, i, 0, 0, "y", -1};
            doc_bar_chart_add(bc, &b);
            doc_bar_chart_legend(bc, DOC_LEGEND_BOX, 0.5, "z");
        }
        doc_line_chart *lc = doc_add_line_chart(d, "Đường", cats, 3, NULL);
        for (int i = 0; i < 10; i++)
            doc_line_chart_add_series(lc, "s", v, NULL);
        doc_line_chart_set_target(lc, 2, "mục tiêu");
        doc_line_chart_set_range(lc, 0, 5);
        doc_add_section(d, DOC_ORIENT_AUTO);
        doc_add_page_break(d);
    }
    const char *auth[] = {"GIÁM ĐỐC"};
    const char *rec[] = {"- Như trên;", "- Lưu: VT."};
    doc_signature s = {auth, 1, "Nguyễn Văn A", 0, "Nơi nhận:", rec, 2};
    doc_add_signature(d, &s);
    assert_int_equal(d->nblocks, 2 + 3 * 7 + 1);
    doc_free(d);
}

/* A style taken from a paragraph of the document itself stays right when
 * adding the paragraph moves the blocks. */
static void test_style_from_the_document(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    for (int i = 0; i < 16; i++)
        doc_add_para(d, "x", &st);
    for (int i = 0; i < 200; i++)
        doc_add_para(d, "y", &d->blocks[0].u.para.st);
    for (size_t i = 0; i < d->nblocks; i++) {
        assert_int_equal(d->blocks[i].u.para.st.face, DOC_FACE_BOLD);
        assert_true(d->blocks[i].u.para.st.size_pt == 14);
    }
    doc_free(d);
}

/* doc_map_texts visits every drawn text once, replaces those fn changes,
 * and leaves bookmarks alone. fn marks a text by making it "[text]". */
static size_t mapped;

static char *bracket(void *ctx, const char *t)
{
    (void)ctx;
    mapped++;
    if (strcmp(t, "keep") == 0)
        return NULL;
    size_t n = strlen(t);
    char *s = malloc(n + 3);
    if (!s)
        return NULL;
    s[0] = '[';
    memcpy(s + 1, t, n);
    memcpy(s + 1 + n, "]", 2);
    return s;
}

static void test_map_texts(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_para_style st = doc_style_body();
    doc_add_para(d, "p", &st);
    doc_add_para(d, "keep", &st);
    doc_header h = {"a", "b", "c", "e", "f", "g"};
    doc_add_header(d, &h);
    doc_table *t = doc_add_table(d, 2);
    doc_table_add_row(t, DOC_ROW_HEADER);
    doc_table_add_cell(t, "h1");
    doc_table_add_cell(t, "h2");
    doc_bar_chart *bc = doc_add_bar_chart(d, "bt", NULL);
    doc_bar bar = {"bl", 1, 50, 0, 0, "bv", 0.5};
    doc_bar_chart_add(bc, &bar);
    doc_bar_chart_legend(bc, DOC_LEGEND_BOX, 0.5, "lg");
    const char *cats[] = {"c1", "c2"};
    doc_line_chart *lc = doc_add_line_chart(d, "lt", cats, 2, NULL);
    double v[2] = {1, 2};
    doc_line_chart_add_series(lc, "sn", v, NULL);
    doc_line_chart_set_target(lc, 100, "tl");
    const char *auth[] = {"au"};
    const char *rec[] = {"r1", "r2"};
    doc_signature sig = {auth, 1, "sg", 0, "rt", rec, 2};
    doc_add_signature(d, &sig);
    doc_add_bookmark(d, 1, "bm");
    mapped = 0;
    doc_map_texts(d, bracket, NULL);
    assert_int_equal(mapped, 2 + 6 + 2 + 4 + 5 + 5);
    assert_string_equal(d->blocks[0].u.para.text, "[p]");
    assert_string_equal(d->blocks[1].u.para.text, "keep");
    assert_string_equal(d->blocks[2].u.header.place_date, "[g]");
    assert_string_equal(t->cells[1].text, "[h2]");
    assert_string_equal(bc->title, "[bt]");
    assert_string_equal(bc->bars[0].label, "[bl]");
    assert_string_equal(bc->bars[0].value_label, "[bv]");
    assert_string_equal(bc->legend[0].label, "[lg]");
    assert_string_equal(lc->title, "[lt]");
    assert_string_equal(lc->cats[1], "[c2]");
    assert_string_equal(lc->series[0].name, "[sn]");
    assert_string_equal(lc->target_label, "[tl]");
    const doc_signature *s = &d->blocks[6].u.sig;
    assert_string_equal(s->authority[0], "[au]");
    assert_string_equal(s->signer, "[sg]");
    assert_string_equal(s->recipients_title, "[rt]");
    assert_string_equal(s->recipients[1], "[r2]");
    assert_string_equal(d->blocks[7].u.bookmark.title, "bm");
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_texts),
        cmocka_unit_test(test_style_from_the_document),
        cmocka_unit_test(test_new_and_free_empty),
        cmocka_unit_test(test_style_plain),
        cmocka_unit_test(test_style_body),
        cmocka_unit_test(test_para_copies_text_and_style),
        cmocka_unit_test(test_many_paras_in_order),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_header_copied_null_left_out),
        cmocka_unit_test(test_table_defaults),
        cmocka_unit_test(test_table_set_col),
        cmocka_unit_test(test_table_requested_width),
        cmocka_unit_test(test_table_cell_needs_row),
        cmocka_unit_test(test_table_rows_and_cells),
        cmocka_unit_test(test_table_row_width_rule),
        cmocka_unit_test(test_table_cell_face_align),
        cmocka_unit_test(test_objects_stay_valid),
        cmocka_unit_test(test_bar_chart),
        cmocka_unit_test(test_bar_chart_default_fmt),
        cmocka_unit_test(test_line_chart),
        cmocka_unit_test(test_signature_arrays_copied),
        cmocka_unit_test(test_bookmarks_sections_breaks_in_order),
        cmocka_unit_test(test_free_full_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

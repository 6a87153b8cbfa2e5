/*
 * doc: the document model that layout turns into pages.
 *
 * A document is an ordered list of blocks (paragraphs, rules, the Decree 30
 * official header, tables, bar and line charts, the signature block,
 * page breaks, bookmarks and appendix section starts) built by the caller
 * with the doc_add_* functions. The model knows nothing about fonts or PDF:
 * it is plain C data that layout.c reads.
 *
 * Text: every string must be valid NFC UTF-8 in its final form (the caller
 * uppercases, formats numbers, checks the font has every glyph). Runs of
 * spaces collapse to one; '\n' forces a line break. Every string is copied
 * into the document, so the caller's buffers may be reused at once.
 *
 * Units: lengths in millimetres, font sizes and spacing in points.
 *
 * Ownership: the document owns everything reachable from it, including the
 * doc_table, doc_bar_chart and doc_line_chart objects returned by the
 * doc_add_* functions; those stay valid until doc_free(). The structs are
 * public so that layout can read them; build them only through the
 * functions below.
 */
#ifndef BAOCAO_DOC_H
#define BAOCAO_DOC_H

#include <stddef.h>

#include "arena.h"

typedef enum doc_face {
    DOC_FACE_REGULAR = 0,
    DOC_FACE_BOLD = 1,
    DOC_FACE_ITALIC = 2,
    DOC_FACE_BOLD_ITALIC = 3,
    DOC_FACE_COUNT = 4,
    DOC_FACE_DEFAULT = -1   /* table cells: use the row's face */
} doc_face;

typedef enum doc_align {
    DOC_ALIGN_LEFT = 0,
    DOC_ALIGN_CENTER,
    DOC_ALIGN_RIGHT,
    DOC_ALIGN_JUSTIFY,
    DOC_ALIGN_DEFAULT = -1  /* table cells: use the column's alignment */
} doc_align;

typedef enum doc_orient {
    DOC_ORIENT_PORTRAIT = 0,
    DOC_ORIENT_LANDSCAPE,
    /* landscape when the next table's requested width (sum of its fixed
     * column widths) exceeds the portrait text width */
    DOC_ORIENT_AUTO
} doc_orient;

typedef enum doc_block_kind {
    DOC_BLOCK_PARA = 0,
    DOC_BLOCK_RULE,
    DOC_BLOCK_HEADER,
    DOC_BLOCK_TABLE,
    DOC_BLOCK_BAR_CHART,
    DOC_BLOCK_LINE_CHART,
    DOC_BLOCK_SIGNATURE,
    DOC_BLOCK_PAGE_BREAK,
    DOC_BLOCK_BOOKMARK,
    DOC_BLOCK_SECTION
} doc_block_kind;

/* Tick-label formatter for charts: writes the label of v into out (n bytes)
 * and returns the string to draw (usually out). Must return valid UTF-8. */
typedef const char *(*doc_fmt_fn)(double v, char *out, size_t n);

/* ---- paragraphs -------------------------------------------------------- */

typedef struct doc_para_style {
    doc_face face;
    double size_pt;
    doc_align align;
    double first_indent_mm;  /* extra indent of the first line */
    double left_indent_mm;   /* indent of every line */
    double right_indent_mm;
    double space_before_pt;  /* dropped at the top of a page */
    double space_after_pt;
    double line_spacing;     /* factor of single spacing, 1.0 to 1.5 */
    int keep_with_next;      /* never the last thing on a page (headings) */
    int balanced;            /* lines of even length, no word alone on the
                                last one (headings) */
} doc_para_style;

/* A plain style: the given face, size and alignment, no indent, no space,
 * single spacing, no keep-with-next. */
doc_para_style doc_style(doc_face face, double size_pt, doc_align align);
/* The Decree 30 body style: regular 14, justified, first-line indent 10 mm,
 * 6 pt after, line spacing 1.15. */
doc_para_style doc_style_body(void);

typedef struct doc_para {
    const char *text;
    doc_para_style st;
} doc_para;

/* ---- rules ------------------------------------------------------------- */

typedef struct doc_rule {
    double width_mm;         /* 0 or more than the text width: full width */
    doc_align align;         /* LEFT, CENTER or RIGHT */
    double line_pt;          /* stroke width */
    double space_before_pt;  /* under a paragraph: at least 4 pt below its
                                last line's descenders */
    double space_after_pt;
} doc_rule;

/* ---- the official header (Decree 30, Appendix I) ---------------------- */

typedef struct doc_header {
    const char *parent_body;   /* "UBND TỈNH LẠNG SƠN": caps, regular 13
                                  (12 when the columns would not fit) */
    const char *issuing_body;  /* "SỞ KHOA HỌC VÀ CÔNG NGHỆ": caps, bold 13
                                  (12 likewise) */
    const char *number;        /* "Số: 123/BC-SKHCN": regular 13 */
    const char *nation;        /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": bold 12 */
    const char *motto;         /* "Độc lập - Tự do - Hạnh phúc": bold 13 */
    const char *place_date;    /* "Lạng Sơn, ngày 05 tháng 9 năm 2025": italic 13 */
} doc_header;

/* ---- tables ------------------------------------------------------------ */

typedef enum doc_row_kind {
    DOC_ROW_HEADER = 0,  /* bold, centred, gray fill; the leading run of
                            header rows repeats on every page */
    DOC_ROW_BODY,
    DOC_ROW_TOTAL        /* bold */
} doc_row_kind;

typedef struct doc_col {
    double width_mm;   /* > 0: fixed width */
    double weight;     /* used when width_mm is 0: share of the width left */
    doc_align align;   /* LEFT, CENTER or RIGHT (JUSTIFY acts as LEFT) */
    int numeric;       /* right-aligned whatever align says */
} doc_col;

typedef struct doc_cell {
    const char *text;
    int face;          /* doc_face or DOC_FACE_DEFAULT */
    int align;         /* doc_align or DOC_ALIGN_DEFAULT */
    size_t colspan;    /* >= 1 */
} doc_cell;

typedef struct doc_row {
    doc_row_kind kind;
    size_t first;      /* index of the row's first cell in cells */
    size_t n;          /* number of cells */
    size_t span;       /* columns covered so far */
} doc_row;

typedef struct doc_table {
    size_t ncols;
    doc_col *cols;
    double size_pt;    /* default 12 */
    double pad_h_mm;   /* default 1.5 */
    double pad_v_mm;   /* default 1.0 */
    double border_pt;  /* default 0.5; 0 draws no grid */
    double header_gray;/* fill of header rows, default 0.88 */
    double space_before_pt, space_after_pt;  /* default 6 and 6 */
    doc_row *rows;
    size_t nrows, rows_cap;
    doc_cell *cells;
    size_t ncells, cells_cap;
    struct doc *owner;
} doc_table;

/* ---- charts ------------------------------------------------------------ */

typedef enum doc_legend_kind {
    DOC_LEGEND_BOX = 0,  /* a swatch filled with gray */
    DOC_LEGEND_MARKER,   /* the expected-progress marker of bar charts */
    DOC_LEGEND_TARGET    /* the target line (100% line of bar charts) */
} doc_legend_kind;

typedef struct doc_legend_item {
    doc_legend_kind kind;
    double gray;
    const char *label;
} doc_legend_item;

typedef struct doc_bar {
    const char *label;        /* wrapped in the left label column */
    int has_value;            /* 0: "no data", drawn as value_label only */
    double value_pct;         /* percent of target, may exceed 100 */
    int has_expected;
    double expected_pct;      /* progress expected by this date */
    const char *value_label;  /* caller-formatted, e.g. "87,5% - chưa đạt" */
    double gray;              /* bar fill, 0 black .. 1 white; < 0: 0.55 */
} doc_bar;

typedef struct doc_bar_chart {
    const char *title;
    doc_fmt_fn fmt;           /* NULL: "%.0f" */
    double axis_max_pct;      /* 0: automatic (>= 100) */
    double size_pt;           /* labels, default 11 */
    doc_bar *bars;
    size_t nbars, bars_cap;
    doc_legend_item *legend;
    size_t nlegend, legend_cap;
    struct doc *owner;
} doc_bar_chart;

typedef struct doc_series {
    const char *name;
    double *values;           /* ncats values */
    unsigned char *present;   /* ncats flags: 0 = missing (a gap) */
} doc_series;

typedef struct doc_line_chart {
    const char *title;
    doc_fmt_fn fmt;
    const char **cats;
    size_t ncats;
    doc_series *series;
    size_t nseries, series_cap;
    int has_target;
    double target;
    const char *target_label;
    int has_range;
    double y_min, y_max;
    double plot_height_mm;    /* default 60 */
    double size_pt;           /* labels, default 10 */
    struct doc *owner;
} doc_line_chart;

/* ---- signature block and recipients (Decree 30 bottom) ---------------- */

typedef struct doc_signature {
    const char *const *authority;  /* "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC": bold 14 */
    size_t n_authority;
    const char *signer;            /* bold 14 */
    double sign_space_mm;          /* 0: 30 mm for signature and seal */
    const char *recipients_title;  /* "Nơi nhận:", bold italic 12 */
    const char *const *recipients; /* "- UBND tỉnh;" ... "- Lưu: VT, ...": 11 */
    size_t n_recipients;
} doc_signature;

/* ---- the document ----------------------------------------------------- */

typedef struct doc_block {
    doc_block_kind kind;
    union {
        doc_para para;
        doc_rule rule;
        doc_header header;        /* strings owned by the document */
        doc_table *table;
        doc_bar_chart *bar;
        doc_line_chart *line;
        doc_signature sig;        /* arrays and strings owned by the document */
        struct { int level; const char *title; } bookmark;
        doc_orient section;
    } u;
} doc_block;


typedef struct doc {
    doc_block *blocks;
    size_t nblocks, cap;
    arena pool;               /* copies of every string and array */
} doc;

/* Calls fn(ctx, text) for every text the document draws (paragraphs,
 * header, cells, chart titles and labels, the signature block; not
 * bookmarks, which a PDF keeps as Unicode, not as glyphs). When fn returns
 * a malloc'd string, the text is replaced by a copy of it and the string
 * freed; NULL leaves the text as it is. */
void doc_map_texts(struct doc *d, char *(*fn)(void *ctx, const char *text), void *ctx);

/* An empty document; free with doc_free(). */
doc *doc_new(void);
/* Frees d and everything it owns; doc_free(NULL) does nothing. */
void doc_free(doc *d);

/* A paragraph of text in style st. */
void doc_add_para(doc *d, const char *text, const doc_para_style *st);
/* A horizontal solid rule. */
void doc_add_rule(doc *d, double width_mm, doc_align align, double line_pt,
                  double space_before_pt, double space_after_pt);
/* The two-column official header; NULL fields are left out. */
void doc_add_header(doc *d, const doc_header *h);
/* The signature block with the recipients on its left, kept on one page
 * together with the last lines of the paragraph before it. */
void doc_add_signature(doc *d, const doc_signature *s);
/* Starts a new page (no blank page when the current one is still empty). */
void doc_add_page_break(doc *d);
/* An outline entry (level 1 = top) pointing at the next block's position. */
void doc_add_bookmark(doc *d, int level, const char *title);
/* Starts an appendix: new page in orientation o, page numbers restart at 1
 * and are not shown on the section's first page. */
void doc_add_section(doc *d, doc_orient o);

/* A table of ncols columns (ncols >= 1); NULL when ncols is 0. Columns
 * default to weight 1, left-aligned. Owned by d. */
doc_table *doc_add_table(doc *d, size_t ncols);
/* Sets column col; returns 0, or -1 when col is out of range. */
int doc_table_set_col(doc_table *t, size_t col, double width_mm, double weight,
                      doc_align align, int numeric);
/* Starts a new row; later cells go into it. */
void doc_table_add_row(doc_table *t, doc_row_kind kind);
/* Appends a cell to the last row; returns 0, or -1 when there is no row or
 * the row would pass ncols (the cell is then dropped). A body row of a
 * single cell spanning every column heads a group: layout keeps it on the
 * page of the row after it. */
int doc_table_add_cell(doc_table *t, const char *text);
int doc_table_add_cell_ex(doc_table *t, const char *text, int face, int align,
                          size_t colspan);
/* Sum of the fixed column widths in mm (what AUTO orientation compares). */
double doc_table_requested_width_mm(const doc_table *t);

/* A horizontal bar chart (values in percent of target). Owned by d. */
doc_bar_chart *doc_add_bar_chart(doc *d, const char *title, doc_fmt_fn fmt);
/* Appends one bar; its strings are copied. */
void doc_bar_chart_add(doc_bar_chart *c, const doc_bar *bar);
/* Appends a legend entry (drawn in order under the axis). */
void doc_bar_chart_legend(doc_bar_chart *c, doc_legend_kind kind, double gray,
                          const char *label);

/* A line chart over ncats categories (labels copied). Owned by d. */
doc_line_chart *doc_add_line_chart(doc *d, const char *title,
                                   const char *const *cats, size_t ncats,
                                   doc_fmt_fn fmt);
/* Adds a series of ncats values; present may be NULL (all present). Series
 * are told apart by dash pattern and marker, not by colour. */
void doc_line_chart_add_series(doc_line_chart *c, const char *name,
                               const double *values,
                               const unsigned char *present);
/* A horizontal target line with its label (in the legend, and beside the
 * line where the label touches no series). */
void doc_line_chart_set_target(doc_line_chart *c, double value,
                               const char *label);
/* Fixes the y range instead of deriving it from the data. */
void doc_line_chart_set_range(doc_line_chart *c, double y_min, double y_max);

#endif

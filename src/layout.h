/*
 * layout: where everything of a doc goes on the pages.
 *
 * Pure computation over the document model and a metrics interface (a text
 * width function plus ascent and descent): no PDF library, so it can be
 * tested with fake metrics and dumped as text. The result is a list of
 * pages, each holding drawing operations (TEXT at a baseline, LINE, RECT)
 * in PDF coordinates (points, origin bottom-left), plus outline entries.
 *
 * Line breaking is done here (libharu's cannot split Vietnamese words
 * safely): words are split at spaces and measured once each, lines are
 * filled greedily, a word longer than a whole line is split at code-point
 * boundaries, and justified lines place each word separately, sharing the
 * spare width among the gaps (the last line of a paragraph and lines ended
 * by '\n' are not justified). Every step is linear in the input.
 *
 * Centred text that needs several lines (official header columns, centred
 * table cells) is wrapped at the narrowest width that keeps its number of
 * lines, so that it breaks into even lines.
 *
 * Pagination rules: space before a block is dropped at the top of a page;
 * a paragraph with keep_with_next moves to the next page when the first
 * piece of the following block does not fit after it; the paragraph just
 * before the signature block keeps its last two lines (all of them when it
 * has three or fewer) on the signature's page, so that the signature never
 * stands alone; table rows are never split (except a row taller than a
 * whole page, which is then split between lines of text), the leading
 * header rows repeat on every page, and a row made of one cell spanning
 * every column (a group heading) is kept with the row after it; the
 * official header, charts (a bar chart taller than a page is split between
 * bars) and the signature block are each kept on one page. A rule that
 * follows a paragraph keeps at least 4 pt clear of its last line's
 * descenders. Page numbers are TEXT ops, size 13, centred on the page's
 * width in the top margin, absent on the first page of the document and of
 * each appendix section.
 *
 * The official header follows the Decree 30 samples: the left column about
 * 45% of the text width, a 5 mm gutter before the right one; the parent and
 * issuing body drop from 13 to 12 pt only when the columns' lines would not
 * fit side by side otherwise. The target label of a line chart is drawn
 * beside the target line only where it touches no series (else the legend
 * alone names the line).
 */
#ifndef BAOCAO_LAYOUT_H
#define BAOCAO_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "doc.h"

/* Text measurement supplied by the caller (pdf.c has the real one). */
typedef struct layout_metrics {
    /* Width in points of len bytes of utf8 set in face (a doc_face) at
     * size_pt. Must be additive: width("ab") == width("a") + width("b"). */
    double (*width)(void *ctx, int face, double size_pt, const char *utf8,
                    size_t len);
    double ascent, descent;  /* em fractions, both positive (0.891, 0.216) */
    void *ctx;
} layout_metrics;

typedef struct layout_page_setup {
    double width_mm, height_mm;   /* portrait size; landscape swaps them */
    double margin_top_mm, margin_bottom_mm, margin_left_mm, margin_right_mm;
} layout_page_setup;

/* A4, margins top 20, bottom 20, left 30, right 15 mm. */
void layout_page_setup_default(layout_page_setup *ps);

typedef enum layout_op_kind {
    LAYOUT_OP_TEXT = 0,
    LAYOUT_OP_LINE,
    LAYOUT_OP_RECT
} layout_op_kind;

typedef enum layout_dash {
    LAYOUT_DASH_SOLID = 0,
    LAYOUT_DASH_DASHED,   /* 4 on, 2 off */
    LAYOUT_DASH_DOTTED,   /* 1 on, 2 off */
    LAYOUT_DASH_LONG      /* 8 on, 3 off */
} layout_dash;

typedef struct layout_op {
    layout_op_kind kind;
    double x, y;          /* TEXT: baseline start; LINE: start; RECT: lower left */
    double x2, y2;        /* LINE: end */
    double w, h;          /* RECT: size; TEXT: w = measured width */
    double size;          /* TEXT: font size in points */
    int face;             /* TEXT: doc_face */
    const char *text;     /* TEXT: NUL-terminated UTF-8, owned by the result */
    size_t len;           /* TEXT: bytes in text */
    double line_width;    /* LINE, RECT: stroke width; RECT: <= 0 no stroke */
    double stroke_gray;   /* LINE, RECT: 0 black .. 1 white */
    double fill_gray;     /* RECT: fill, < 0 no fill */
    layout_dash dash;     /* LINE, RECT stroke */
} layout_op;

typedef struct layout_page {
    double width, height; /* points */
    int landscape;
    int number;           /* page number within its section, from 1 */
    int number_shown;     /* whether a page-number TEXT op was drawn */
    size_t section;       /* 0 = main document, k = k-th appendix section */
    layout_op *ops;
    size_t nops, cap;
} layout_page;

typedef struct layout_outline {
    int level;            /* 1 = top */
    const char *title;    /* owned by the result */
    size_t page;          /* index into pages */
    double y;             /* top of the block it points at */
} layout_outline;

typedef struct layout_result {
    layout_page *pages;
    size_t npages, pages_cap;
    layout_outline *outlines;
    size_t noutlines, outlines_cap;
    unsigned faces_used;  /* bit (1 << face) for every face a TEXT op uses */
    arena text;           /* storage of the ops' texts and the titles */
} layout_result;

typedef enum layout_status {
    LAYOUT_OK = 0,
    LAYOUT_ERR_PAGE,      /* margins leave no room for text */
    LAYOUT_ERR_ARG        /* NULL argument or metrics without width */
} layout_status;

/* Lays d out. On LAYOUT_OK *out is a new result (free with layout_free());
 * on error *out is NULL. d, ps and m are only read and may be freed after. */
int layout_run(const doc *d, const layout_page_setup *ps,
               const layout_metrics *m, layout_result **out);

/* Called by layout_run_each() with each page as soon as it is complete
 * (nothing will be added to it), in order, on the calling thread, with the
 * result being built. The page's ops and texts stay where they are until
 * layout_free(), but r->pages may move: copy the layout_page. */
typedef void (*layout_page_done)(void *ctx, const layout_result *r, size_t page);

/* layout_run(), handing each page to done(ctx, ...) when it is complete, so
 * that a caller can draw it while the next pages are laid out. */
int layout_run_each(const doc *d, const layout_page_setup *ps,
                    const layout_metrics *m, layout_page_done done, void *ctx,
                    layout_result **out);

/* Frees r and all it owns; layout_free(NULL) does nothing. */
void layout_free(layout_result *r);

/* Writes a stable text form of every page, op and outline entry (numbers
 * with two decimals) for tests and debugging. */
void layout_dump(const layout_result *r, FILE *f);

/* Millimetres to points. */
double layout_mm(double mm);

#endif

/*
 * layout: pages and drawing operations from a doc (see layout.h).
 *
 * One pass over the blocks with a cursor (page, y). Every block kind has a
 * function that places it at the cursor; the ones kept on one page (header,
 * signature, line chart, bar chart panels) are written as "draw at top y and
 * return the height", run once dry (ctx.dry: no ops are recorded) to learn
 * the height and then for real. Keep-with-next asks the same functions for
 * the height of the next block's first piece.
 *
 * Text is wrapped by wrap(): words are measured once each through the
 * metrics callback, lines filled greedily, over-long words split at
 * code-point boundaries (measuring each code point once). A table row is
 * wrapped cell by cell into a scratch buffer, placed, and the buffer reused
 * for the next row, so a table costs time linear in its text and memory
 * linear in one row (plus the ops produced).
 *
 * Op text lives in an arena of chunks owned by the result, so op pointers
 * stay valid while pages grow.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

#define EPS 1e-6

double layout_mm(double mm)
{
    return mm * 72.0 / 25.4;
}

void layout_page_setup_default(layout_page_setup *ps)
{
    ps->width_mm = 210;
    ps->height_mm = 297;
    ps->margin_top_mm = 20;
    ps->margin_bottom_mm = 20;
    ps->margin_left_mm = 30;
    ps->margin_right_mm = 15;
}

/* ---- wrapping ------------------------------------------------------------ */

typedef struct seg {
    size_t off, len;   /* bytes of the text */
    double w;
} seg;

typedef struct wline {
    size_t s0, n;      /* segments */
    double width;      /* natural width: segments plus single spaces */
    double words_w;    /* segments only */
    int hard;          /* last line of the text or ended by '\n' */
} wline;

typedef struct wrapbuf {
    seg *segs;
    size_t nseg, cseg;
    wline *lines;
    size_t nline, cline;
} wrapbuf;

static void wb_reset(wrapbuf *wb)
{
    wb->nseg = 0;
    wb->nline = 0;
}

static void wb_release(wrapbuf *wb)
{
    free(wb->segs);
    free(wb->lines);
    memset(wb, 0, sizeof *wb);
}

static void wb_seg(wrapbuf *wb, size_t off, size_t len, double w)
{
    if (wb->nseg == wb->cseg) {
        wb->cseg = wb->cseg ? wb->cseg * 2 : 64;
        wb->segs = xreallocarray(wb->segs, wb->cseg, sizeof *wb->segs);
    }
    wb->segs[wb->nseg++] = (seg){ off, len, w };
}

static void wb_line(wrapbuf *wb, size_t s0, size_t n, double width,
                    double space, int hard)
{
    if (wb->nline == wb->cline) {
        wb->cline = wb->cline ? wb->cline * 2 : 16;
        wb->lines = xreallocarray(wb->lines, wb->cline, sizeof *wb->lines);
    }
    wline *l = &wb->lines[wb->nline++];
    l->s0 = s0;
    l->n = n;
    l->width = width;
    l->words_w = n ? width - (double)(n - 1) * space : 0;
    l->hard = hard;
}

static size_t cp_len(const char *s, size_t i, size_t end)
{
    unsigned char b = (unsigned char)s[i];
    size_t n = b < 0x80 ? 1 : b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (i + n > end)
        n = end - i;
    return n;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

enum { JOINABLE = 16 };

typedef struct ctx {
    const layout_metrics *m;
    const doc *d;
    layout_page_setup ps;
    layout_result *r;
    int dry;
    int landscape;
    double pw, ph;
    double left, right, top, bottom;
    double y;
    int page_has_content;
    double text_bottom;    /* lowest descender of the last paragraph line */
    size_t text_page;      /* and its page (1-based; 0: none yet) */
    size_t section;
    int page_in_section;
    size_t *pending;       /* bookmark blocks waiting for the next content */
    size_t npending, cpending;
    size_t joinable[JOINABLE]; /* recent LINE ops of this page that a new
                                  line may extend (see op_line) */
    size_t njoinable;
    layout_page_done done;     /* told of each complete page; may be NULL */
    void *done_ctx;
} ctx;

static double tw(const ctx *c, int face, double size, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    return c->m->width(c->m->ctx, face, size, s, n);
}

static double tws(const ctx *c, int face, double size, const char *s)
{
    return tw(c, face, size, s, strlen(s));
}

/*
 * Appends the lines of text to wb: the first line gets first_w points, the
 * others rest_w. Returns the index of the first line appended. Empty text
 * gives one empty line.
 */
static size_t wrap(const ctx *c, wrapbuf *wb, const char *text, int face,
                   double size, double first_w, double rest_w)
{
    size_t first_line = wb->nline;
    size_t n = strlen(text);
    double space = tw(c, face, size, " ", 1);
    double avail = first_w;
    size_t ls0 = wb->nseg, ln = 0;
    double lw = 0;
    size_t i = 0;

#define CLOSE(hard_)                                        \
    do {                                                    \
        wb_line(wb, ls0, ln, lw, space, (hard_));           \
        ls0 = wb->nseg;                                     \
        ln = 0;                                             \
        lw = 0;                                             \
        avail = rest_w;                                     \
    } while (0)

    for (;;) {
        while (i < n && is_space(text[i]))
            i++;
        if (i >= n)
            break;
        if (text[i] == '\n') {
            CLOSE(1);
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && !is_space(text[i]) && text[i] != '\n')
            i++;
        double w = tw(c, face, size, text + s, i - s);
        if (ln > 0 && lw + space + w <= avail + EPS) {
            wb_seg(wb, s, i - s, w);
            lw += space + w;
            ln++;
            continue;
        }
        if (ln > 0)
            CLOSE(0);
        if (w <= avail + EPS) {
            wb_seg(wb, s, i - s, w);
            lw = w;
            ln = 1;
            continue;
        }
        /* Longer than a whole line: split between code points. */
        size_t q = s, ps = s;
        double acc = 0;
        while (q < i) {
            size_t cl = cp_len(text, q, i);
            double cw = tw(c, face, size, text + q, cl);
            if (q > ps && acc + cw > avail + EPS) {
                wb_seg(wb, ps, q - ps, acc);
                ln = 1;
                lw = acc;
                CLOSE(0);
                ps = q;
                acc = 0;
            }
            acc += cw;
            q += cl;
        }
        wb_seg(wb, ps, i - ps, acc);
        ln = 1;
        lw = acc;
    }
    if (ln > 0 || wb->nline == first_line)
        CLOSE(1);
    else
        wb->lines[wb->nline - 1].hard = 1;
#undef CLOSE
    return first_line;
}

/* The width of the widest word (run without spaces or line breaks) of text. */
static double widest_word(const ctx *c, const char *text, int face, double size)
{
    double w = 0;
    size_t n = strlen(text), i = 0;
    while (i < n) {
        while (i < n && (is_space(text[i]) || text[i] == '\n'))
            i++;
        size_t s = i;
        while (i < n && !is_space(text[i]) && text[i] != '\n')
            i++;
        w = fmax(w, tw(c, face, size, text + s, i - s));
    }
    return w;
}

/*
 * Like wrap(), but text that needs several lines is wrapped at the
 * narrowest widths (both shortened alike) that keep that many lines, so it
 * breaks into even lines: "Chậm / tiến độ", not "Chậm tiến / độ"; a
 * heading keeps no word alone on its last line.
 */
static size_t wrap_even(const ctx *c, wrapbuf *wb, const char *text, int face, double size,
                        double first_w, double rest_w)
{
    size_t nseg0 = wb->nseg, nline0 = wb->nline;
    size_t first = wrap(c, wb, text, face, size, first_w, rest_w);
    size_t n = wb->nline - first;
    if (n < 2)
        return first;
    /* shorten by at most what keeps the widest word whole on a line */
    double narrow = fmin(first_w, rest_w), lo = 0, hi = narrow - narrow / (double)n;
    for (size_t k = nseg0; k < wb->nseg; k++)
        hi = fmin(hi, narrow - wb->segs[k].w + 0.001);
    wrapbuf tmp = { 0 };
    for (int it = 0; it < 24 && hi - lo > 0.01; it++) {
        double mid = (lo + hi) / 2;
        wb_reset(&tmp);
        wrap(c, &tmp, text, face, size, first_w - mid, rest_w - mid);
        if (tmp.nline <= n)
            lo = mid;
        else
            hi = mid;
    }
    wb_release(&tmp);
    wb->nseg = nseg0;
    wb->nline = nline0;
    return wrap(c, wb, text, face, size, first_w - lo, rest_w - lo);
}

static size_t wrap_balanced(const ctx *c, wrapbuf *wb, const char *text,
                            int face, double size, double w)
{
    return wrap_even(c, wb, text, face, size, w, w);
}

/* ---- pages and ops ----------------------------------------------------- */

static layout_op *push_op(ctx *c, layout_op_kind kind)
{
    if (c->dry)
        return NULL;
    layout_page *p = &c->r->pages[c->r->npages - 1];
    if (p->nops == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->ops = xreallocarray(p->ops, p->cap, sizeof *p->ops);
    }
    layout_op *op = &p->ops[p->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->fill_gray = -1;
    c->page_has_content = 1;
    return op;
}

/* A TEXT op whose len bytes the caller fills in; NULL when dry. */
static char *op_text_buf(ctx *c, double x, double y, int face, double size,
                         size_t len, double w)
{
    layout_op *op = push_op(c, LAYOUT_OP_TEXT);
    if (!op)
        return NULL;
    char *buf = arena_bytes(&c->r->text, len + 1);
    buf[len] = '\0';
    op->x = x;
    op->y = y;
    op->face = face;
    op->size = size;
    op->text = buf;
    op->len = len;
    op->w = w;
    c->r->faces_used |= 1u << face;
    return buf;
}

static void op_text(ctx *c, double x, double y, int face, double size,
                    const char *s, size_t len, double w)
{
    char *buf = op_text_buf(c, x, y, face, size, len, w);
    if (buf)
        memcpy(buf, s, len);
}

/* Whether the line x1,y1 - x2,y2 continues op, with the same stroke, in
 * the same direction along the same horizontal or vertical. */
static int continues(const layout_op *op, double x1, double y1, double x2,
                     double y2, double lw, double gray)
{
    const double e = 1e-6;
    if (op->kind != LAYOUT_OP_LINE || op->dash != LAYOUT_DASH_SOLID ||
        op->line_width != lw || op->stroke_gray != gray)
        return 0;
    if (fabs(x1 - x2) < e && fabs(op->x - op->x2) < e && fabs(op->x - x1) < e)
        return fabs(op->y2 - y1) < e && (op->y2 - op->y) * (y2 - y1) > 0;
    if (fabs(y1 - y2) < e && fabs(op->y - op->y2) < e && fabs(op->y - y1) < e)
        return fabs(op->x2 - x1) < e && (op->x2 - op->x) * (x2 - x1) > 0;
    return 0;
}

/*
 * Table borders come row by row, each row drawing its own piece of every
 * column line. A solid horizontal or vertical line that continues one of
 * the last JOINABLE lines of the page, with the same stroke, extends it
 * instead of adding an op (a table page has a third of the ops, and a
 * smaller PDF); a fill drawn in between ends this (see op_rect), since it
 * could cover part of the longer line.
 */
static void op_line(ctx *c, double x1, double y1, double x2, double y2,
                    double lw, double gray, layout_dash dash)
{
    if (c->dry)
        return;
    layout_page *p = &c->r->pages[c->r->npages - 1];
    if (dash == LAYOUT_DASH_SOLID)
        for (size_t k = c->njoinable; k-- > 0;) {
            layout_op *prev = &p->ops[c->joinable[k]];
            if (continues(prev, x1, y1, x2, y2, lw, gray)) {
                prev->x2 = x2;
                prev->y2 = y2;
                return;
            }
        }
    layout_op *op = push_op(c, LAYOUT_OP_LINE);
    if (!op)
        return;
    if (c->njoinable == JOINABLE) {
        memmove(c->joinable, c->joinable + 1, (JOINABLE - 1) * sizeof *c->joinable);
        c->njoinable--;
    }
    c->joinable[c->njoinable++] = p->nops - 1;
    op->x = x1;
    op->y = y1;
    op->x2 = x2;
    op->y2 = y2;
    op->line_width = lw;
    op->stroke_gray = gray;
    op->dash = dash;
}

static void op_rect(ctx *c, double x, double y, double w, double h,
                    double fill, double lw, double gray)
{
    layout_op *op = push_op(c, LAYOUT_OP_RECT);
    if (!op)
        return;
    if (fill >= 0)
        c->njoinable = 0;
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    op->fill_gray = fill;
    op->line_width = lw;
    op->stroke_gray = gray;
}

static void set_geometry(ctx *c)
{
    double w = layout_mm(c->ps.width_mm), h = layout_mm(c->ps.height_mm);
    c->pw = c->landscape ? h : w;
    c->ph = c->landscape ? w : h;
    c->left = layout_mm(c->ps.margin_left_mm);
    c->right = c->pw - layout_mm(c->ps.margin_right_mm);
    c->top = c->ph - layout_mm(c->ps.margin_top_mm);
    c->bottom = layout_mm(c->ps.margin_bottom_mm);
}

static void page_number(ctx *c, layout_page *p)
{
    char num[24];
    int len = snprintf(num, sizeof num, "%d", p->number);
    double size = 13;
    double w = tw(c, DOC_FACE_REGULAR, size, num, (size_t)len);
    double mid = c->ph - layout_mm(c->ps.margin_top_mm) / 2;
    double base = mid - (c->m->ascent - c->m->descent) * size / 2;
    /* centred on the page, as Decree 30 places it, not over the text area
     * (which the wider left margin pushes to the right) */
    op_text(c, c->pw / 2 - w / 2, base, DOC_FACE_REGULAR, size, num,
            (size_t)len, w);
    p->number_shown = 1;
}

/* Starts the page p (a new one, or the current empty one reused). */
static void init_page(ctx *c, layout_page *p)
{
    set_geometry(c);
    p->width = c->pw;
    p->height = c->ph;
    p->landscape = c->landscape;
    p->section = c->section;
    p->number = ++c->page_in_section;
    p->number_shown = 0;
    p->nops = 0;
    c->njoinable = 0;
    c->y = c->top;
    if (p->number > 1)
        page_number(c, p);
    c->page_has_content = 0;
}

static void new_page(ctx *c)
{
    layout_result *r = c->r;
    if (c->done && r->npages > 0)
        c->done(c->done_ctx, r, r->npages - 1);   /* the last one is complete */
    if (r->npages == r->pages_cap) {
        r->pages_cap = r->pages_cap ? r->pages_cap * 2 : 8;
        r->pages = xreallocarray(r->pages, r->pages_cap, sizeof *r->pages);
    }
    layout_page *p = &r->pages[r->npages++];
    memset(p, 0, sizeof *p);
    init_page(c, p);
}

static double avail(const ctx *c)
{
    return c->y - c->bottom;
}

static double full_height(const ctx *c)
{
    return c->top - c->bottom;
}

/* Space before a block, dropped at the top of a page. */
static void space_before(ctx *c, double pt)
{
    if (c->page_has_content)
        c->y -= pt;
}

/* Bookmarks added before this block now point at (current page, y). */
static void resolve_bookmarks(ctx *c, double y)
{
    if (c->dry)
        return;
    layout_result *r = c->r;
    for (size_t k = 0; k < c->npending; k++) {
        const doc_block *b = &c->d->blocks[c->pending[k]];
        if (r->noutlines == r->outlines_cap) {
            r->outlines_cap = r->outlines_cap ? r->outlines_cap * 2 : 8;
            r->outlines = xreallocarray(r->outlines, r->outlines_cap,
                                        sizeof *r->outlines);
        }
        layout_outline *o = &r->outlines[r->noutlines++];
        o->level = b->u.bookmark.level;
        o->title = arena_strndup(&r->text, b->u.bookmark.title,
                             strlen(b->u.bookmark.title));
        o->page = r->npages - 1;
        o->y = y;
    }
    c->npending = 0;
}

/* ---- lines of text ----------------------------------------------------- */

static double pitch(const ctx *c, double size, double spacing)
{
    return size * (c->m->ascent + c->m->descent) * spacing;
}

/*
 * Draws line l of text (wrapped in wb) with its left edge at x in a box
 * of width box_w, baseline at base.
 */
static void emit_line(ctx *c, const char *text, const wrapbuf *wb,
                      const wline *l, int face, double size, double x,
                      double box_w, doc_align align, double base)
{
    if (c->dry || l->n == 0)
        return;
    const seg *sg = wb->segs + l->s0;
    if (align == DOC_ALIGN_JUSTIFY && !l->hard && l->n >= 2) {
        double gap = (box_w - l->words_w) / (double)(l->n - 1);
        double px = x;
        for (size_t k = 0; k < l->n; k++) {
            op_text(c, px, base, face, size, text + sg[k].off, sg[k].len,
                    sg[k].w);
            px += sg[k].w + gap;
        }
        return;
    }
    double px = x;
    if (align == DOC_ALIGN_CENTER && l->width < box_w)
        px = x + (box_w - l->width) / 2;
    else if (align == DOC_ALIGN_RIGHT && l->width < box_w)
        px = x + box_w - l->width;
    size_t len = l->n - 1;
    for (size_t k = 0; k < l->n; k++)
        len += sg[k].len;
    char *buf = op_text_buf(c, px, base, face, size, len, l->width);
    if (!buf)
        return;
    for (size_t k = 0; k < l->n; k++) {
        if (k)
            *buf++ = ' ';
        memcpy(buf, text + sg[k].off, sg[k].len);
        buf += sg[k].len;
    }
}

/*
 * Wraps text into width w and draws its lines from baseline base down with
 * the given pitch. Returns the number of lines; *last_base gets the last
 * baseline and *maxw (if not NULL) the widest line. With balance, text
 * that needs several lines is wrapped at the narrowest width that keeps
 * that many lines, so centred column text (the official header) breaks
 * into even lines instead of leaving one word alone.
 */
static size_t text_lines_b(ctx *c, const char *text, int face, double size,
                           double x, double w, doc_align align, double base,
                           double lpitch, double *last_base, double *maxw,
                           int balance)
{
    wrapbuf wb = { 0 };
    if (balance)
        wrap_balanced(c, &wb, text, face, size, w);
    else
        wrap(c, &wb, text, face, size, w, w);
    double mw = 0;
    for (size_t k = 0; k < wb.nline; k++) {
        emit_line(c, text, &wb, &wb.lines[k], face, size, x, w, align,
                  base - (double)k * lpitch);
        if (wb.lines[k].width > mw)
            mw = wb.lines[k].width;
    }
    size_t n = wb.nline;
    wb_release(&wb);
    if (last_base)
        *last_base = base - (double)(n - 1) * lpitch;
    if (maxw)
        *maxw = mw;
    return n;
}

static size_t text_lines(ctx *c, const char *text, int face, double size,
                         double x, double w, doc_align align, double base,
                         double lpitch, double *last_base, double *maxw)
{
    return text_lines_b(c, text, face, size, x, w, align, base, lpitch,
                        last_base, maxw, 0);
}

/* ---- paragraphs -------------------------------------------------------- */

typedef struct para_geom {
    double x, w;           /* line box left edge and width */
    double fi;             /* first-line indent */
    double size, pitch;
} para_geom;

static void para_geometry(const ctx *c, const doc_para *p, para_geom *g)
{
    const doc_para_style *st = &p->st;
    double spacing = st->line_spacing > 0 ? st->line_spacing : 1.0;
    g->size = st->size_pt > 0 ? st->size_pt : 13;
    g->pitch = pitch(c, g->size, spacing);
    g->x = c->left + layout_mm(st->left_indent_mm);
    g->w = c->right - layout_mm(st->right_indent_mm) - g->x;
    g->fi = layout_mm(st->first_indent_mm);
}

static size_t para_lines(const ctx *c, const doc_para *p, const para_geom *g,
                         wrapbuf *wb)
{
    if (p->st.balanced)
        wrap_even(c, wb, p->text, p->st.face, g->size, g->w - g->fi, g->w);
    else
        wrap(c, wb, p->text, p->st.face, g->size, g->w - g->fi, g->w);
    return wb->nline;
}

static double block_first_need(ctx *c, size_t i, int depth);

/*
 * A paragraph followed by the signature block keeps its last two lines (all
 * of them if it has three or fewer) on the signature's page, so that the
 * signature never stands alone on a page without any closing text.
 */
static void lay_para(ctx *c, size_t bi)
{
    const doc_para *p = &c->d->blocks[bi].u.para;
    para_geom g;
    para_geometry(c, p, &g);
    wrapbuf wb = { 0 };
    size_t n = para_lines(c, p, &g, &wb);
    size_t tail = 0;
    if (bi + 1 < c->d->nblocks &&
        c->d->blocks[bi + 1].kind == DOC_BLOCK_SIGNATURE)
        tail = n <= 3 ? n : 2;

    if ((p->st.keep_with_next || tail == n) && c->page_has_content) {
        double next = block_first_need(c, bi + 1, 0);
        double fresh = (double)n * g.pitch + p->st.space_after_pt + next;
        double need = p->st.space_before_pt + fresh;
        if (need > avail(c) + EPS && fresh <= full_height(c) + EPS)
            new_page(c);
    }
    space_before(c, p->st.space_before_pt);
    for (size_t k = 0; k < n; k++) {
        if (c->y - g.pitch < c->bottom - EPS && c->page_has_content) {
            new_page(c);
        } else if (tail && k > 0 && k == n - tail && c->page_has_content) {
            double need = (double)tail * g.pitch + p->st.space_after_pt +
                          block_first_need(c, bi + 1, 0);
            if (need > avail(c) + EPS && need <= full_height(c) + EPS)
                new_page(c);
        }
        if (k == 0)
            resolve_bookmarks(c, c->y);
        double x = g.x + (k == 0 ? g.fi : 0);
        double w = g.w - (k == 0 ? g.fi : 0);
        double base = c->y - c->m->ascent * g.size;
        emit_line(c, p->text, &wb, &wb.lines[k], p->st.face, g.size, x, w,
                  p->st.align, base);
        c->page_has_content = 1;
        c->text_bottom = base - c->m->descent * g.size;
        c->text_page = c->r->npages;
        c->y -= g.pitch;
    }
    c->y -= p->st.space_after_pt;
    wb_release(&wb);
}

/* ---- rules ------------------------------------------------------------- */

enum { RULE_TEXT_GAP = 4 };   /* points from text above a rule */

static void lay_rule(ctx *c, const doc_rule *ru)
{
    double W = c->right - c->left;
    double w = layout_mm(ru->width_mm);
    if (w <= 0 || w > W)
        w = W;
    double x = c->left;
    if (ru->align == DOC_ALIGN_CENTER)
        x += (W - w) / 2;
    else if (ru->align == DOC_ALIGN_RIGHT)
        x += W - w;
    double lw = ru->line_pt > 0 ? ru->line_pt : 0.5;
    /* under a paragraph line (the subject), clear of its descenders, so
     * that the rule does not read as an underline */
    double before = ru->space_before_pt;
    if (c->text_page == c->r->npages && c->page_has_content &&
        c->y - before > c->text_bottom - RULE_TEXT_GAP)
        before = c->y - (c->text_bottom - RULE_TEXT_GAP);
    space_before(c, before);
    if (c->y - lw < c->bottom - EPS && c->page_has_content)
        new_page(c);
    resolve_bookmarks(c, c->y);
    op_line(c, x, c->y - lw / 2, x + w, c->y - lw / 2, lw, 0, LAYOUT_DASH_SOLID);
    c->y -= lw + ru->space_after_pt;
}

/* ---- official header --------------------------------------------------- */

enum { HEADER_SPACE_AFTER = 12 };

static double natural_w(const ctx *c, const char *s, int face, double size)
{
    return s ? tws(c, face, size, s) : 0;
}

/*
 * The two columns follow the Decree 30 samples: the left one (parent and
 * issuing body, number) takes about 45% of the text width, the right one
 * (nation, motto, place and date) the rest, with a gutter between them so
 * that the two longest lines never run into each other. When the lines do
 * not fit so, the columns move towards the one with room to spare; if they
 * still do not fit, the parent and issuing body drop from 13 to 12 pt (both
 * within Decree 30's 12-13), and only then does text wrap, in even lines.
 */
#define HEADER_LEFT_SHARE 0.45
#define HEADER_GUTTER_MM 5.0

static double header_left_need(const ctx *c, const doc_header *h, double s)
{
    return fmax(natural_w(c, h->parent_body, DOC_FACE_REGULAR, s),
                fmax(natural_w(c, h->issuing_body, DOC_FACE_BOLD, s),
                     natural_w(c, h->number, DOC_FACE_REGULAR, 13)));
}

static double header_draw(ctx *c, const doc_header *h, double top)
{
    const double s13 = 13, s12 = 12;
    double asc = c->m->ascent, desc = c->m->descent;
    double W = c->right - c->left;
    double p13 = pitch(c, s13, 1.0), p12 = pitch(c, s12, 1.0);
    double need_r = fmax(natural_w(c, h->nation, DOC_FACE_BOLD, s12),
                         fmax(natural_w(c, h->motto, DOC_FACE_BOLD, s13),
                              natural_w(c, h->place_date, DOC_FACE_ITALIC, s13)));
    double gut = layout_mm(HEADER_GUTTER_MM);
    double room = W - gut;   /* for the two columns' text */
    double sb = s13;         /* size of the parent and issuing body */
    double need_l = header_left_need(c, h, sb);
    if (need_l + need_r > room + EPS) {
        sb = s12;
        need_l = header_left_need(c, h, sb);
    }
    double lw = HEADER_LEFT_SHARE * W - gut / 2, rw = room - lw;
    if (need_l > lw + EPS || need_r > rw + EPS) {
        if (need_l + need_r <= room + EPS)
            lw = need_l + (room - need_l - need_r) / 2;   /* one line each */
        else if (need_r <= rw + EPS)
            lw = room - need_r;                           /* the left wraps */
        else if (need_l <= lw + EPS)
            lw = need_l;                                  /* the right wraps */
        rw = room - lw;                                   /* else both wrap */
    }
    double ol = c->left, orr = c->left + lw + gut;   /* column boxes */
    double il = lw, ir = rw;

    double base0 = top - asc * s13;
    double bl = base0 + p13, br = base0 + p13;   /* "previous" baselines */
    double rule_l = top, rule_r = top, last;
    double mw;
    /* each element starts one 13 pt line below the previous one in both
     * columns, so that the columns' rows line up whatever the sizes */
    if (h->parent_body) {
        text_lines_b(c, h->parent_body, DOC_FACE_REGULAR, sb, ol, il,
                     DOC_ALIGN_CENTER, bl - p13, p13, &last, NULL, 1);
        bl = last;
        rule_l = bl - desc * sb;
    }
    if (h->issuing_body) {
        text_lines_b(c, h->issuing_body, DOC_FACE_BOLD, sb, ol, il,
                     DOC_ALIGN_CENTER, bl - p13, p13, &last, &mw, 1);
        bl = last;
        double ry = bl - desc * sb - 2.5;
        double rwid = mw / 3;
        op_line(c, ol + (il - rwid) / 2, ry, ol + (il + rwid) / 2, ry, 0.6, 0,
                LAYOUT_DASH_SOLID);
        rule_l = ry - 0.3;
    }
    if (h->nation) {
        text_lines_b(c, h->nation, DOC_FACE_BOLD, s12, orr, ir,
                     DOC_ALIGN_CENTER, br - p13, p12, &last, NULL, 1);
        br = last;
        rule_r = br - desc * s12;
    }
    if (h->motto) {
        text_lines_b(c, h->motto, DOC_FACE_BOLD, s13, orr, ir,
                     DOC_ALIGN_CENTER, br - p13, p13, &last, &mw, 1);
        br = last;
        double ry = br - desc * s13 - 2.5;
        op_line(c, orr + (ir - mw) / 2, ry, orr + (ir + mw) / 2, ry, 0.6, 0,
                LAYOUT_DASH_SOLID);
        rule_r = ry - 0.3;
    }
    double bottom = fmin(rule_l, rule_r);
    if (h->number || h->place_date) {
        double bn = bottom - 8 - asc * s13;
        double lb = bn, rb = bn;
        if (h->number)
            text_lines_b(c, h->number, DOC_FACE_REGULAR, s13, ol, il,
                         DOC_ALIGN_CENTER, bn, p13, &lb, NULL, 1);
        if (h->place_date)
            text_lines_b(c, h->place_date, DOC_FACE_ITALIC, s13, orr, ir,
                         DOC_ALIGN_CENTER, bn, p13, &rb, NULL, 1);
        bottom = fmin(lb, rb) - desc * s13;
    }
    return top - bottom;
}

/* Places a block kept on one page: draw(c, block, top) returns the height. */
typedef double (*draw_fn)(ctx *c, const void *blk, double top);

static void keep_together(ctx *c, draw_fn draw, const void *blk,
                          double before, double after)
{
    c->dry++;
    double h = draw(c, blk, c->y);
    c->dry--;
    if (c->page_has_content && c->y - before - h < c->bottom - EPS)
        new_page(c);
    space_before(c, before);
    resolve_bookmarks(c, c->y);
    draw(c, blk, c->y);
    c->page_has_content = 1;
    c->y -= h + after;
}

static double header_draw_v(ctx *c, const void *blk, double top)
{
    return header_draw(c, blk, top);
}

/* ---- signature block ---------------------------------------------------- */

enum { SIG_SPACE_BEFORE = 12 };

static double sig_draw(ctx *c, const void *blk, double top)
{
    const doc_signature *s = blk;
    double asc = c->m->ascent, desc = c->m->descent;
    double W = c->right - c->left;
    double lw = 0.45 * W, rw = W - lw;
    double xl = c->left, xr = c->left + lw;
    const double s14 = 14, s12 = 12, s11 = 11;
    double p14 = pitch(c, s14, 1.0), p12 = pitch(c, s12, 1.0),
           p11 = pitch(c, s11, 1.0);
    double base0 = top - asc * s14;
    double last;

    /* right: authority, space for signature and seal, signer */
    double rb = base0 + p14;
    for (size_t k = 0; k < s->n_authority; k++) {
        text_lines_b(c, s->authority[k], DOC_FACE_BOLD, s14, xr, rw,
                     DOC_ALIGN_CENTER, rb - p14, p14, &last, NULL, 1);
        rb = last;
    }
    double space = layout_mm(s->sign_space_mm > 0 ? s->sign_space_mm : 30);
    double right_bottom = rb - desc * s14;
    if (s->signer) {
        double sb = (s->n_authority ? rb : base0 + p14) - p14 - space;
        text_lines_b(c, s->signer, DOC_FACE_BOLD, s14, xr, rw, DOC_ALIGN_CENTER,
                     sb, p14, &last, NULL, 1);
        right_bottom = last - desc * s14;
    } else if (s->n_authority) {
        right_bottom -= space;
    }

    /* left: recipients, first baseline shared with the authority line */
    double lb = base0, left_bottom = top;
    int first = 1;
    if (s->recipients_title) {
        text_lines(c, s->recipients_title, DOC_FACE_BOLD_ITALIC, s12, xl,
                   lw - 6, DOC_ALIGN_LEFT, base0, p12, &lb, NULL);
        left_bottom = lb - desc * s12;
        first = 0;
    }
    double hang = tws(c, DOC_FACE_REGULAR, s11, "- ");
    wrapbuf wb = { 0 };
    for (size_t k = 0; k < s->n_recipients; k++) {
        const char *t = s->recipients[k];
        wb_reset(&wb);
        wrap(c, &wb, t, DOC_FACE_REGULAR, s11, lw - 6, lw - 6 - hang);
        for (size_t j = 0; j < wb.nline; j++) {
            lb = first ? base0 : lb - p11;
            first = 0;
            double x = xl + (j ? hang : 0);
            emit_line(c, t, &wb, &wb.lines[j], DOC_FACE_REGULAR, s11, x,
                      lw - 6 - (j ? hang : 0), DOC_ALIGN_LEFT, lb);
        }
        left_bottom = lb - desc * s11;
    }
    wb_release(&wb);
    return top - fmin(left_bottom, right_bottom);
}

/* ---- legends (shared by the charts) ------------------------------------ */

typedef enum leg_kind {
    LEG_BOX, LEG_MARKER, LEG_VLINE, LEG_TARGET, LEG_SERIES
} leg_kind;

typedef struct leg {
    leg_kind kind;
    double gray;
    size_t series;
    const char *label;
} leg;

typedef struct series_style {
    layout_dash dash;
    double gray, width;
    int marker;          /* 0 filled square, 1 hollow square, 2 cross, 3 diamond */
} series_style;

static const series_style SERIES_STYLES[4] = {
    { LAYOUT_DASH_SOLID, 0.0, 1.5, 0 },
    { LAYOUT_DASH_DASHED, 0.0, 1.5, 1 },
    { LAYOUT_DASH_DOTTED, 0.0, 1.5, 2 },
    { LAYOUT_DASH_SOLID, 0.55, 1.0, 3 },
};

/*
 * The style of series s: the four above, then the other pairings of dash,
 * marker and gray (black lines 1.5 pt, gray 1 pt), so that the series of a
 * plan with many cumulative targets stay apart up to 24; past that they
 * repeat.
 */
static series_style series_style_of(size_t s)
{
    if (s < 4)
        return SERIES_STYLES[s];
    static const layout_dash dashes[3] = { LAYOUT_DASH_SOLID, LAYOUT_DASH_DASHED,
                                           LAYOUT_DASH_DOTTED };
    size_t want = (s - 4) % 20, k = 0;
    for (int g = 0; g < 2; g++)
        for (int m = 0; m < 4; m++)
            for (int d = 0; d < 3; d++) {
                series_style st = { dashes[d], g ? 0.55 : 0.0, g ? 1.0 : 1.5, m };
                int used = 0;
                for (size_t i = 0; i < 4; i++)
                    used |= SERIES_STYLES[i].dash == st.dash &&
                            SERIES_STYLES[i].gray == st.gray && SERIES_STYLES[i].marker == m;
                if (!used && k++ == want)
                    return st;
            }
    return SERIES_STYLES[0]; /* not reached: 24 pairings, 4 above */
}

static void marker(ctx *c, int kind, double x, double y)
{
    const double r = 2.5;
    switch (kind) {
    case 0:
        op_rect(c, x - r, y - r, 2 * r, 2 * r, 0, 0, 0);
        break;
    case 1:
        op_rect(c, x - r, y - r, 2 * r, 2 * r, 1, 0.8, 0);
        break;
    case 2:
        op_line(c, x - r, y - r, x + r, y + r, 1, 0, LAYOUT_DASH_SOLID);
        op_line(c, x - r, y + r, x + r, y - r, 1, 0, LAYOUT_DASH_SOLID);
        break;
    default:
        op_line(c, x - r - 0.5, y, x, y + r + 0.5, 0.8, 0, LAYOUT_DASH_SOLID);
        op_line(c, x, y + r + 0.5, x + r + 0.5, y, 0.8, 0, LAYOUT_DASH_SOLID);
        op_line(c, x + r + 0.5, y, x, y - r - 0.5, 0.8, 0, LAYOUT_DASH_SOLID);
        op_line(c, x, y - r - 0.5, x - r - 0.5, y, 0.8, 0, LAYOUT_DASH_SOLID);
        break;
    }
}

static double leg_sym_w(leg_kind k)
{
    return (k == LEG_SERIES || k == LEG_TARGET) ? 24 : 9;
}

static void leg_symbol(ctx *c, const leg *l, double x, double yc)
{
    switch (l->kind) {
    case LEG_BOX:
        op_rect(c, x, yc - 4, 9, 8, l->gray < 0 ? 0.55 : l->gray, 0.5, 0);
        break;
    case LEG_MARKER:
        op_line(c, x + 4.5, yc - 5, x + 4.5, yc + 5, 2, 0, LAYOUT_DASH_SOLID);
        break;
    case LEG_VLINE:
        op_line(c, x + 4.5, yc - 5, x + 4.5, yc + 5, 1, 0, LAYOUT_DASH_SOLID);
        break;
    case LEG_TARGET:
        op_line(c, x, yc, x + 24, yc, 1, 0, LAYOUT_DASH_LONG);
        break;
    case LEG_SERIES: {
        series_style sty = series_style_of(l->series);
        const series_style *st = &sty;
        op_line(c, x, yc, x + 24, yc, st->width, st->gray, st->dash);
        marker(c, st->marker, x + 12, yc);
        break;
    }
    }
}

/* Flows the legend items in rows under top; returns the height used. */
static double legend_draw(ctx *c, const leg *items, size_t n, double x0,
                          double W, double size, double top)
{
    if (n == 0)
        return 0;
    double lp = pitch(c, size, 1.0);
    double asc = c->m->ascent, desc = c->m->descent;
    double x = x0, rowtop = top, rowh = lp + 3;
    for (size_t k = 0; k < n; k++) {
        double lw = tws(c, DOC_FACE_REGULAR, size, items[k].label);
        double sw = leg_sym_w(items[k].kind);
        double iw = sw + 3 + lw;
        if (x > x0 && x + iw > x0 + W + EPS) {
            rowtop -= rowh;
            rowh = lp + 3;
            x = x0;
        }
        double base = rowtop - 1.5 - asc * size;
        leg_symbol(c, &items[k], x, base + (asc - desc) * size / 2);
        double tx = x + sw + 3;
        double room = x0 + W - tx;
        if (lw > room) {
            /* a label wider than the chart: wrap it in what is left */
            size_t nl = text_lines(c, items[k].label, DOC_FACE_REGULAR, size,
                                   tx, room, DOC_ALIGN_LEFT, base, lp, NULL,
                                   NULL);
            rowh = fmax(rowh, (double)nl * lp + 3);
            x = x0 + W + 1;   /* the next item starts a new row */
            continue;
        }
        op_text(c, tx, base, DOC_FACE_REGULAR, size, items[k].label,
                strlen(items[k].label), lw);
        x += iw + 12;
    }
    return top - rowtop + rowh;
}

/* ---- bar chart ---------------------------------------------------------- */

typedef struct bar_geom {
    double x0, W, label_w, px0, px1, max, step;
    double size, p, bar_h, title_size, tick_size;
    double title_h, axis_h, legend_h;   /* pieces of a panel */
    double *row_h;
    leg *legend;
    size_t nlegend;
} bar_geom;

static const char *fmt_tick(doc_fmt_fn fmt, double v, char *out, size_t n)
{
    const char *t = NULL;
    if (fmt)
        t = fmt(v, out, n);
    else if (snprintf(out, n, "%.0f", v) >= 0)
        t = out;
    return t ? t : "";
}

static void bar_geometry(ctx *c, const doc_bar_chart *bc, bar_geom *g)
{
    double asc = c->m->ascent, desc = c->m->descent;
    memset(g, 0, sizeof *g);
    g->x0 = c->left;
    g->W = c->right - c->left;
    g->size = bc->size_pt > 0 ? bc->size_pt : 11;
    g->title_size = g->size + 1;
    g->tick_size = g->size - 1;
    g->p = pitch(c, g->size, 1.0);
    g->bar_h = 0.9 * g->size;
    g->label_w = 0.34 * g->W;

    double m = 100;
    double vw = 0;
    for (size_t k = 0; k < bc->nbars; k++) {
        const doc_bar *b = &bc->bars[k];
        if (b->has_value && b->value_pct > m)
            m = b->value_pct;
        if (b->has_expected && b->expected_pct > m)
            m = b->expected_pct;
        double w = tws(c, DOC_FACE_REGULAR, g->size, b->value_label);
        if (b->has_value && w > vw)
            vw = w;
    }
    if (bc->axis_max_pct > 0)
        m = bc->axis_max_pct;
    static const double steps[] = { 10, 25, 50, 100, 250, 500, 1000, 2500,
                                    5000, 10000, 25000, 50000, 100000 };
    size_t nsteps = sizeof steps / sizeof steps[0];
    double step = steps[nsteps - 1];
    for (size_t k = 0; k < nsteps; k++)
        if (ceil(m / steps[k] - EPS) <= 6) {
            step = steps[k];
            break;
        }
    g->step = step;
    g->max = bc->axis_max_pct > 0 ? m : ceil(m / step - EPS) * step;
    g->px0 = g->x0 + g->label_w + 6;
    g->px1 = g->x0 + g->W - vw - 4;
    double minw = 0.3 * g->W;
    if (g->px1 - g->px0 < minw)
        g->px1 = g->px0 + minw;

    g->row_h = xcalloc(bc->nbars ? bc->nbars : 1, sizeof *g->row_h);
    wrapbuf wb = { 0 };
    for (size_t k = 0; k < bc->nbars; k++) {
        wb_reset(&wb);
        wrap(c, &wb, bc->bars[k].label, DOC_FACE_REGULAR, g->size, g->label_w,
             g->label_w);
        double h = fmax((double)wb.nline * g->p, g->bar_h + 4);
        g->row_h[k] = h + 4;
    }
    if (bc->title && *bc->title) {
        wb_reset(&wb);
        wrap(c, &wb, bc->title, DOC_FACE_BOLD, g->title_size, g->W, g->W);
        g->title_h = (double)wb.nline * pitch(c, g->title_size, 1.0) + 6;
    }
    wb_release(&wb);
    g->axis_h = 3 + 1 + (asc + desc) * g->tick_size + 4;

    g->legend = xcalloc(bc->nlegend ? bc->nlegend : 1, sizeof *g->legend);
    for (size_t k = 0; k < bc->nlegend; k++) {
        const doc_legend_item *li = &bc->legend[k];
        g->legend[k].kind = li->kind == DOC_LEGEND_BOX ? LEG_BOX
                          : li->kind == DOC_LEGEND_MARKER ? LEG_MARKER
                          : LEG_VLINE;
        g->legend[k].gray = li->gray;
        g->legend[k].label = li->label;
    }
    g->nlegend = bc->nlegend;
    c->dry++;
    g->legend_h = legend_draw(c, g->legend, g->nlegend, g->x0, g->W,
                              g->tick_size, 0);
    c->dry--;
}

static void bar_geom_release(bar_geom *g)
{
    free(g->row_h);
    free(g->legend);
}

/* Height of the panel holding bars [a, b) of n. */
static double bar_panel_h(const bar_geom *g, size_t a, size_t b, size_t n)
{
    double h = (a == 0 ? g->title_h : 0) + g->axis_h +
               (b == n ? g->legend_h : 0);
    for (size_t k = a; k < b; k++)
        h += g->row_h[k];
    return h;
}

static double bar_x(const bar_geom *g, double v)
{
    if (v < 0)
        v = 0;
    if (v > g->max)
        v = g->max;
    return g->px0 + v / g->max * (g->px1 - g->px0);
}

/* Draws bars [a, b) as one panel at top (title on the first panel, axis on
 * every panel, legend on the last). */
static void bar_panel(ctx *c, const doc_bar_chart *bc, const bar_geom *g,
                      size_t a, size_t b, double top)
{
    double asc = c->m->ascent, desc = c->m->descent;
    double y = top;
    if (a == 0 && g->title_h > 0) {
        text_lines(c, bc->title, DOC_FACE_BOLD, g->title_size, g->x0, g->W,
                   DOC_ALIGN_CENTER, y - asc * g->title_size,
                   pitch(c, g->title_size, 1.0), NULL, NULL);
        y -= g->title_h;
    }
    double plot_top = y;
    double plot_bottom = y;
    for (size_t k = a; k < b; k++)
        plot_bottom -= g->row_h[k];
    /* grid, axis and the 100% line first, so bars and labels cover them */
    size_t nticks = (size_t)floor(g->max / g->step + EPS);
    for (size_t k = 1; k <= nticks; k++) {
        double x = bar_x(g, (double)k * g->step);
        op_line(c, x, plot_top, x, plot_bottom, 0.4, 0.6, LAYOUT_DASH_DOTTED);
    }
    op_line(c, g->px0, plot_top, g->px0, plot_bottom - 3, 0.6, 0,
            LAYOUT_DASH_SOLID);
    op_line(c, g->px0, plot_bottom, g->px1, plot_bottom, 0.6, 0,
            LAYOUT_DASH_SOLID);
    /* bars and expected-progress markers */
    wrapbuf wb = { 0 };
    for (size_t k = a; k < b; k++) {
        const doc_bar *br = &bc->bars[k];
        double yc = y - g->row_h[k] / 2;
        wb_reset(&wb);
        wrap(c, &wb, br->label, DOC_FACE_REGULAR, g->size, g->label_w,
             g->label_w);
        double lt = yc + (double)wb.nline * g->p / 2;
        for (size_t j = 0; j < wb.nline; j++)
            emit_line(c, br->label, &wb, &wb.lines[j], DOC_FACE_REGULAR, g->size,
                      g->x0, g->label_w, DOC_ALIGN_LEFT,
                      lt - (double)j * g->p - asc * g->size);
        double x0 = bar_x(g, 0);
        if (br->has_value) {
            double x1 = bar_x(g, br->value_pct);
            double gray = br->gray < 0 ? 0.55 : br->gray;
            if (x1 > x0)
                op_rect(c, x0, yc - g->bar_h / 2, x1 - x0, g->bar_h, gray, 0.5, 0);
        }
        if (br->has_expected) {
            double ex = bar_x(g, br->expected_pct);
            op_line(c, ex, yc - g->bar_h / 2 - 2.5, ex, yc + g->bar_h / 2 + 2.5, 2,
                    0, LAYOUT_DASH_SOLID);
        }
        y -= g->row_h[k];
    }
    wb_release(&wb);
    /* the 100% line over the bars, then the value labels over everything */
    if (100 <= g->max + EPS)
        op_line(c, bar_x(g, 100), plot_top, bar_x(g, 100), plot_bottom - 3, 1.2,
                0, LAYOUT_DASH_SOLID);
    y = plot_top;
    for (size_t k = a; k < b; k++) {
        const doc_bar *br = &bc->bars[k];
        double yc = y - g->row_h[k] / 2;
        y -= g->row_h[k];
        if (!br->value_label || !*br->value_label)
            continue;
        double lx = bar_x(g, 0) + 3;
        if (br->has_value)
            lx = bar_x(g, br->value_pct) + 3;
        if (br->has_value && br->has_expected)
            lx = fmax(lx, bar_x(g, br->expected_pct) + 3);
        int face = br->has_value ? DOC_FACE_REGULAR : DOC_FACE_ITALIC;
        double w = tws(c, face, g->size, br->value_label);
        /* a label across the 100% line would hide the line behind its
         * words: it starts after the line instead, where there is room */
        if (100 <= g->max + EPS) {
            double x100 = bar_x(g, 100);
            if (x100 >= lx - 1 && x100 < lx + w + 1 && x100 + 3 + w <= g->x0 + g->W)
                lx = x100 + 3;
        }
        if (lx + w > g->x0 + g->W)
            lx = fmax(g->x0 + g->W - w, g->px0);
        double tbase = yc - (asc - desc) * g->size / 2;
        /* a white ground keeps the label legible over grid lines */
        op_rect(c, lx - 1, tbase - desc * g->size - 0.5, w + 2,
                (asc + desc) * g->size + 1, 1, 0, 0);
        op_text(c, lx, tbase, face, g->size, br->value_label,
                strlen(br->value_label), w);
    }
    double ts = g->tick_size;
    double tick_base = plot_bottom - 3 - 1 - asc * ts;
    for (size_t k = 0; k <= nticks; k++) {
        char buf[64];
        double v = (double)k * g->step;
        const char *t = fmt_tick(bc->fmt, v, buf, sizeof buf);
        double w = tws(c, DOC_FACE_REGULAR, ts, t);
        double tx = bar_x(g, v);
        op_line(c, tx, plot_bottom, tx, plot_bottom - 3, 0.6, 0, LAYOUT_DASH_SOLID);
        double x = tx - w / 2;
        if (x + w > g->x0 + g->W)
            x = g->x0 + g->W - w;
        op_text(c, x, tick_base, DOC_FACE_REGULAR, ts, t, strlen(t), w);
    }
    y = plot_bottom - g->axis_h;
    if (b == bc->nbars)
        legend_draw(c, g->legend, g->nlegend, g->x0, g->W, ts, y);
}

static void lay_bar_chart(ctx *c, const doc_bar_chart *bc)
{
    bar_geom g;
    bar_geometry(c, bc, &g);
    const double before = 6, after = 6;
    size_t n = bc->nbars;
    double whole = bar_panel_h(&g, 0, n, n);
    /* kept together when it fits on a page, else split between bars */
    if (c->page_has_content && whole + before > avail(c) + EPS &&
        whole <= full_height(c) + EPS)
        new_page(c);
    space_before(c, before);
    size_t a = 0;
    do {
        size_t b = a;
        double h = bar_panel_h(&g, a, a, n);
        while (b < n) {
            double nh = h + g.row_h[b] + (b + 1 == n ? g.legend_h : 0);
            if (nh > avail(c) + EPS)
                break;
            h += g.row_h[b];
            b++;
        }
        if (b == a && n > 0) {
            if (c->page_has_content) {
                new_page(c);
                continue;
            }
            b = a + 1;   /* one bar taller than a page: drawn anyway */
        }
        resolve_bookmarks(c, c->y);
        bar_panel(c, bc, &g, a, b, c->y);
        c->page_has_content = 1;
        c->y -= bar_panel_h(&g, a, b, n);
        a = b;
        if (a < n)
            new_page(c);
    } while (a < n);
    c->y -= after;
    bar_geom_release(&g);
}

/* ---- line chart --------------------------------------------------------- */

/* Where line_draw puts the series: for keeping labels off them. */
typedef struct line_geom {
    const doc_line_chart *lc;
    double px0, slot, lo, hi, plot_bottom, ph;
} line_geom;

static double lg_y(const line_geom *g, double v)
{
    return g->plot_bottom + (v - g->lo) / (g->hi - g->lo) * g->ph;
}

/* Whether the segment (x1,y1)-(x2,y2) meets the box [bx0,bx1] x [by0,by1]
 * (Liang-Barsky clipping). */
static int seg_hits_box(double x1, double y1, double x2, double y2,
                        double bx0, double by0, double bx1, double by1)
{
    double t0 = 0, t1 = 1, dx = x2 - x1, dy = y2 - y1;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { x1 - bx0, bx1 - x1, y1 - by0, by1 - y1 };
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1)
                return 0;
            if (t > t0)
                t0 = t;
        } else {
            if (t < t0)
                return 0;
            if (t < t1)
                t1 = t;
        }
    }
    return 1;
}

/* Whether a series line or marker (3.5 pt around each point) meets the box. */
static int series_hit(const line_geom *g, double bx0, double by0, double bx1,
                      double by1)
{
    const doc_line_chart *lc = g->lc;
    const double r = 3.5;
    for (size_t s = 0; s < lc->nseries; s++) {
        const doc_series *se = &lc->series[s];
        for (size_t k = 0; k < lc->ncats; k++) {
            if (!se->present[k])
                continue;
            double x = g->px0 + ((double)k + 0.5) * g->slot;
            double y = lg_y(g, se->values[k]);
            if (x + r >= bx0 && x - r <= bx1 && y + r >= by0 && y - r <= by1)
                return 1;
            if (k + 1 < lc->ncats && se->present[k + 1] &&
                seg_hits_box(x, y, x + g->slot, lg_y(g, se->values[k + 1]),
                             bx0 - 1, by0 - 1, bx1 + 1, by1 + 1))
                return 1;
        }
    }
    return 0;
}

static double nice_step(double range)
{
    if (range <= 0)
        return 1;
    double raw = range / 5;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nf * mag;
}

static double line_draw(ctx *c, const void *blk, double top)
{
    const doc_line_chart *lc = blk;
    double asc = c->m->ascent, desc = c->m->descent;
    double x0 = c->left, W = c->right - c->left;
    double size = lc->size_pt > 0 ? lc->size_pt : 10;
    double y = top, last;
    if (lc->title && *lc->title) {
        double ts = size + 1;
        text_lines(c, lc->title, DOC_FACE_BOLD, ts, x0, W, DOC_ALIGN_CENTER,
                   y - asc * ts, pitch(c, ts, 1.0), &last, NULL);
        y = last - desc * ts - 6;
    }

    /* y range and ticks */
    double lo = 0, hi = 0;
    int any = 0;
    for (size_t s = 0; s < lc->nseries; s++)
        for (size_t k = 0; k < lc->ncats; k++)
            if (lc->series[s].present[k]) {
                double v = lc->series[s].values[k];
                if (!any || v < lo)
                    lo = v;
                if (!any || v > hi)
                    hi = v;
                any = 1;
            }
    if (lc->has_target) {
        if (!any || lc->target < lo)
            lo = lc->target;
        if (!any || lc->target > hi)
            hi = lc->target;
        any = 1;
    }
    if (lo > 0)
        lo = 0;
    if (hi <= lo)
        hi = lo + 1;
    double step;
    if (lc->has_range) {
        lo = lc->y_min;
        hi = lc->y_max;
        step = nice_step(hi - lo);
    } else {
        step = nice_step(hi - lo);
        lo = floor(lo / step + EPS) * step;
        hi = ceil(hi / step - EPS) * step;
    }
    size_t nticks = (size_t)floor((hi - lo) / step + 1e-9);
    double ylw = 0;
    for (size_t k = 0; k <= nticks; k++) {
        double v = lo + (double)k * step;
        char buf[64];
        double w = tws(c, DOC_FACE_REGULAR, size, fmt_tick(lc->fmt, v, buf, sizeof buf));
        if (w > ylw)
            ylw = w;
    }
    double px0 = x0 + ylw + 6, px1 = x0 + W - 4;
    double plot_top = y - size / 2 - 2;
    double ph = layout_mm(lc->plot_height_mm > 0 ? lc->plot_height_mm : 60);
    double plot_bottom = plot_top - ph;
#define YV(v) (plot_bottom + ((v) - lo) / (hi - lo) * ph)

    for (size_t k = 0; k <= nticks; k++) {
        double v = lo + (double)k * step;
        double ty = YV(v);
        if (k > 0)
            op_line(c, px0, ty, px1, ty, 0.3, 0.8, LAYOUT_DASH_SOLID);
        char buf[64];
        const char *t = fmt_tick(lc->fmt, v, buf, sizeof buf);
        double w = tws(c, DOC_FACE_REGULAR, size, t);
        op_text(c, px0 - 4 - w, ty - (asc - desc) * size / 2, DOC_FACE_REGULAR,
                size, t, strlen(t), w);
        op_line(c, px0 - 2, ty, px0, ty, 0.6, 0, LAYOUT_DASH_SOLID);
    }
    op_line(c, px0, plot_top, px0, plot_bottom, 0.6, 0, LAYOUT_DASH_SOLID);
    op_line(c, px0, plot_bottom, px1, plot_bottom, 0.6, 0, LAYOUT_DASH_SOLID);

    size_t n = lc->ncats;
    double slot = n ? (px1 - px0) / (double)n : px1 - px0;
    if (lc->has_target && lc->target >= lo && lc->target <= hi) {
        double ty = YV(lc->target);
        op_line(c, px0, ty, px1, ty, 1, 0, LAYOUT_DASH_LONG);
        if (lc->target_label && *lc->target_label) {
            /* on the line's free side: above it at the left, above at the
             * right, below at the left, below at the right, whichever
             * first keeps clear of every series line and marker; if none
             * does, the label is left to the legend */
            double w = tws(c, DOC_FACE_ITALIC, size, lc->target_label);
            double th = (asc + desc) * size;
            const double gap = 2;
            double xs[2] = { px0 + 4, px1 - 2 - w };
            double bys[2] = { ty + gap, ty - gap - th };   /* box bottoms */
            line_geom lg = { lc, px0, slot, lo, hi, plot_bottom, ph };
            for (int k = 0; k < 4; k++) {
                double bx = fmax(xs[k % 2], px0 + 2), by = bys[k / 2];
                if (by + th > plot_top + EPS || by < plot_bottom + 1 ||
                    bx + w > px1 + EPS)
                    continue;
                if (series_hit(&lg, bx - 2, by - 1, bx + w + 2, by + th + 1))
                    continue;
                op_text(c, bx, by + desc * size, DOC_FACE_ITALIC, size,
                        lc->target_label, strlen(lc->target_label), w);
                break;
            }
        }
    }
    for (size_t s = 0; s < lc->nseries; s++) {
        const doc_series *se = &lc->series[s];
        series_style sty = series_style_of(s);
        const series_style *st = &sty;
        for (size_t k = 0; k + 1 < n; k++)
            if (se->present[k] && se->present[k + 1])
                op_line(c, px0 + ((double)k + 0.5) * slot, YV(se->values[k]),
                        px0 + ((double)k + 1.5) * slot, YV(se->values[k + 1]),
                        st->width, st->gray, st->dash);
        for (size_t k = 0; k < n; k++)
            if (se->present[k])
                marker(c, st->marker, px0 + ((double)k + 0.5) * slot,
                       YV(se->values[k]));
    }
#undef YV
    /* category labels: smaller type (down to 7 pt) before wrapping; when
     * a word of a label is still wider than its slot (the twenty quarters
     * of a five-year plan), every few categories get a label, centred on
     * its tick, rather than words cut in two ("Q1/20" over "26") */
    double lab_top = plot_bottom - 3;
    double cs = size, catw = 0;
    for (size_t k = 0; k < n; k++)
        catw = fmax(catw, tws(c, DOC_FACE_REGULAR, size, lc->cats[k]));
    if (catw > slot - 6 && catw > 0)
        cs = fmax(7, size * (slot - 6) / catw);
    double wordw = 0;
    for (size_t k = 0; k < n; k++)
        wordw = fmax(wordw, widest_word(c, lc->cats[k], DOC_FACE_REGULAR, cs));
    size_t every = 1;
    while (every < n && wordw > (double)every * slot - 2 + EPS)
        every++;
    double boxw = (double)every * slot - 2;
    double cp = pitch(c, cs, 1.0);
    size_t maxl = 1;
    wrapbuf wb = { 0 };
    for (size_t k = 0; k < n; k++) {
        double tx = px0 + (double)k * slot + slot / 2;
        op_line(c, tx, plot_bottom, tx, plot_bottom - 2, 0.6, 0, LAYOUT_DASH_SOLID);
        if (k % every != 0)
            continue;
        wb_reset(&wb);
        wrap(c, &wb, lc->cats[k], DOC_FACE_REGULAR, cs, boxw, boxw);
        if (wb.nline > maxl)
            maxl = wb.nline;
        double cx = px0 + (double)k * slot + 1 - (double)(every - 1) * slot / 2;
        cx = fmin(fmax(cx, x0), x0 + W - boxw);
        for (size_t j = 0; j < wb.nline; j++)
            emit_line(c, lc->cats[k], &wb, &wb.lines[j], DOC_FACE_REGULAR, cs,
                      cx, boxw, DOC_ALIGN_CENTER,
                      lab_top - asc * cs - (double)j * cp);
    }
    wb_release(&wb);
    y = lab_top - (double)maxl * cp - 6;

    /* legend */
    size_t nl = lc->nseries + (lc->has_target ? 1 : 0);
    leg *items = xcalloc(nl ? nl : 1, sizeof *items);
    for (size_t s = 0; s < lc->nseries; s++) {
        items[s].kind = LEG_SERIES;
        items[s].series = s;
        items[s].label = lc->series[s].name;
    }
    if (lc->has_target) {
        items[lc->nseries].kind = LEG_TARGET;
        items[lc->nseries].label = lc->target_label ? lc->target_label : "";
    }
    y -= legend_draw(c, items, nl, x0, W, size, y);
    free(items);
    return top - y;
}

/* ---- tables ------------------------------------------------------------- */

typedef struct cellpos {
    size_t cell;           /* index in t->cells */
    double x, w;           /* cell box */
    int face;
    doc_align align;
    size_t l0, nl;         /* lines in the row's wrap buffer */
} cellpos;

typedef struct tgeom {
    const doc_table *t;
    double *colx;          /* ncols + 1 edges */
    double x0, width;
    double size, p, padh, padv;
} tgeom;

typedef struct rowwrap {
    wrapbuf wb;
    cellpos *cells;
    size_t ncells, ccells;
    double h;              /* natural height */
    size_t maxl;
} rowwrap;

static void table_geometry(ctx *c, const doc_table *t, tgeom *g)
{
    double W = c->right - c->left;
    double fixed = 0, weights = 0;
    for (size_t k = 0; k < t->ncols; k++) {
        if (t->cols[k].width_mm > 0)
            fixed += layout_mm(t->cols[k].width_mm);
        else
            weights += t->cols[k].weight > 0 ? t->cols[k].weight : 1;
    }
    double scale = 1, rest = W - fixed;
    if (weights > 0 && rest < 0.2 * W) {
        /* fixed columns leave too little: scale them to 80% */
        scale = fixed > 0 ? 0.8 * W / fixed : 1;
        rest = W - fixed * scale;
    } else if (weights == 0 && fixed > W) {
        scale = W / fixed;
        rest = 0;
    }
    g->t = t;
    g->colx = xcalloc(t->ncols + 1, sizeof *g->colx);
    double total = weights > 0 ? W : fixed * scale;
    g->x0 = c->left + (W - total) / 2;
    g->width = total;
    double x = g->x0;
    for (size_t k = 0; k < t->ncols; k++) {
        g->colx[k] = x;
        if (t->cols[k].width_mm > 0)
            x += layout_mm(t->cols[k].width_mm) * scale;
        else
            x += rest * (t->cols[k].weight > 0 ? t->cols[k].weight : 1) / weights;
    }
    g->colx[t->ncols] = g->x0 + total;
    g->size = t->size_pt > 0 ? t->size_pt : 12;
    g->p = pitch(c, g->size, 1.0);
    g->padh = layout_mm(t->pad_h_mm);
    g->padv = layout_mm(t->pad_v_mm);
}

static void row_wrap(ctx *c, const tgeom *g, size_t ri, rowwrap *rw)
{
    const doc_table *t = g->t;
    const doc_row *r = &t->rows[ri];
    wb_reset(&rw->wb);
    rw->ncells = 0;
    rw->maxl = 1;
    int row_face = r->kind == DOC_ROW_BODY ? DOC_FACE_REGULAR : DOC_FACE_BOLD;
    size_t col = 0;
    for (size_t k = 0; k < r->n; k++) {
        const doc_cell *ce = &t->cells[r->first + k];
        if (rw->ncells == rw->ccells) {
            rw->ccells = rw->ccells ? rw->ccells * 2 : 8;
            rw->cells = xreallocarray(rw->cells, rw->ccells, sizeof *rw->cells);
        }
        cellpos *cp = &rw->cells[rw->ncells++];
        size_t end = col + ce->colspan;
        if (end > t->ncols)
            end = t->ncols;
        cp->cell = r->first + k;
        cp->x = g->colx[col];
        cp->w = g->colx[end] - g->colx[col];
        cp->face = ce->face >= 0 && ce->face < DOC_FACE_COUNT ? ce->face : row_face;
        doc_align al;
        if (ce->align >= 0)
            al = (doc_align)ce->align;
        else if (r->kind == DOC_ROW_HEADER)
            al = DOC_ALIGN_CENTER;
        else if (t->cols[col].numeric)
            al = DOC_ALIGN_RIGHT;
        else
            al = t->cols[col].align;
        if (al == DOC_ALIGN_JUSTIFY)
            al = DOC_ALIGN_LEFT;
        cp->align = al;
        double inner = cp->w - 2 * g->padh;
        if (inner < 1)
            inner = 1;
        cp->l0 = al == DOC_ALIGN_CENTER
                     ? wrap_balanced(c, &rw->wb, ce->text, cp->face, g->size, inner)
                     : wrap(c, &rw->wb, ce->text, cp->face, g->size, inner, inner);
        cp->nl = rw->wb.nline - cp->l0;
        if (cp->nl > rw->maxl)
            rw->maxl = cp->nl;
        col = end;
    }
    rw->h = (double)rw->maxl * g->p + 2 * g->padv;
}

/*
 * Draws lines [from, from + count) of every cell of the wrapped row as one
 * band of height h at top; fills, then grid, then text. Whole rows centre
 * their text vertically; pieces of a split row align it to the top.
 */
static void row_draw(ctx *c, const tgeom *g, size_t ri, const rowwrap *rw,
                     double top, double h, size_t from, size_t count,
                     int draw_top)
{
    const doc_table *t = g->t;
    const doc_row *r = &t->rows[ri];
    double asc = c->m->ascent;
    if (r->kind == DOC_ROW_HEADER && t->header_gray >= 0 && t->header_gray < 1)
        op_rect(c, g->x0, top - h, g->width, h, t->header_gray, 0, 0);
    double bw = t->border_pt;
    if (bw > 0) {
        if (draw_top)
            op_line(c, g->x0, top, g->x0 + g->width, top, bw, 0, LAYOUT_DASH_SOLID);
        op_line(c, g->x0, top - h, g->x0 + g->width, top - h, bw, 0,
                LAYOUT_DASH_SOLID);
        op_line(c, g->x0, top, g->x0, top - h, bw, 0, LAYOUT_DASH_SOLID);
        size_t col = 0;
        for (size_t k = 0; k < r->n; k++) {
            col += t->cells[r->first + k].colspan;
            if (col > t->ncols)
                col = t->ncols;
            op_line(c, g->colx[col], top, g->colx[col], top - h, bw, 0,
                    LAYOUT_DASH_SOLID);
        }
        for (size_t k = col + 1; k <= t->ncols; k++)
            op_line(c, g->colx[k], top, g->colx[k], top - h, bw, 0,
                    LAYOUT_DASH_SOLID);
    }
    int whole = from == 0 && count >= rw->maxl;
    for (size_t k = 0; k < rw->ncells; k++) {
        const cellpos *cp = &rw->cells[k];
        const char *text = t->cells[cp->cell].text;
        if (from >= cp->nl)
            continue;
        size_t n = cp->nl - from;
        if (n > count)
            n = count;
        double content = (double)n * g->p;
        double ttop = top - g->padv;
        if (whole)
            ttop -= (h - 2 * g->padv - content) / 2;
        for (size_t j = 0; j < n; j++)
            emit_line(c, text, &rw->wb, &rw->wb.lines[cp->l0 + from + j],
                      cp->face, g->size, cp->x + g->padh, cp->w - 2 * g->padh,
                      cp->align, ttop - (double)j * g->p - asc * g->size);
    }
}

static void draw_headers(ctx *c, const tgeom *g, size_t nhead, rowwrap *hw)
{
    for (size_t ri = 0; ri < nhead; ri++) {
        row_wrap(c, g, ri, hw);
        row_draw(c, g, ri, hw, c->y, hw->h, 0, hw->maxl, ri == 0);
        c->y -= hw->h;
    }
    c->page_has_content = 1;
}

/* A body row of one cell spanning every column heads a group of rows (a
 * measure, a task group): it is kept with the row after it. */
static int is_group_row(const doc_table *t, size_t ri)
{
    const doc_row *r = &t->rows[ri];
    return r->kind != DOC_ROW_HEADER && r->n == 1 &&
           t->cells[r->first].colspan >= t->ncols && t->ncols > 1 &&
           ri + 1 < t->nrows;
}

/* Height of row ri plus, for a group heading, the row after it. */
static double row_need(ctx *c, const tgeom *g, size_t ri, rowwrap *scratch)
{
    row_wrap(c, g, ri, scratch);
    double h = scratch->h;
    if (is_group_row(g->t, ri)) {
        row_wrap(c, g, ri + 1, scratch);
        h += scratch->h;
    }
    return h;
}

static void lay_table(ctx *c, const doc_table *t)
{
    tgeom g;
    table_geometry(c, t, &g);
    rowwrap rw = { 0 }, hw = { 0 }, nw = { 0 };
    size_t nhead = 0;
    while (nhead < t->nrows && t->rows[nhead].kind == DOC_ROW_HEADER)
        nhead++;
    double head_h = 0;
    for (size_t ri = 0; ri < nhead; ri++) {
        row_wrap(c, &g, ri, &hw);
        head_h += hw.h;
    }
    /* header rows repeat only when they leave room for rows */
    int repeat = nhead > 0 && head_h <= full_height(c) / 2;

    double first = head_h;
    if (nhead < t->nrows)
        first += row_need(c, &g, nhead, &nw);
    if (c->page_has_content &&
        t->space_before_pt + first > avail(c) + EPS && first <= full_height(c))
        new_page(c);
    space_before(c, t->space_before_pt);
    resolve_bookmarks(c, c->y);
    if (nhead)
        draw_headers(c, &g, nhead, &hw);
    int top_line = nhead == 0;
    for (size_t ri = nhead; ri < t->nrows; ri++) {
        row_wrap(c, &g, ri, &rw);
        double room_fresh = full_height(c) - (repeat ? head_h : 0);
        if (is_group_row(t, ri) && rw.h <= avail(c) + EPS &&
            c->page_has_content) {
            /* not the last row of a page: it goes along with its group */
            double need = row_need(c, &g, ri, &nw);
            if (need > avail(c) + EPS && need <= room_fresh + EPS) {
                new_page(c);
                if (repeat)
                    draw_headers(c, &g, nhead, &hw);
                top_line = !repeat;
            }
        }
        if (rw.h <= avail(c) + EPS) {
            row_draw(c, &g, ri, &rw, c->y, rw.h, 0, rw.maxl, top_line);
            c->y -= rw.h;
            top_line = 0;
            c->page_has_content = 1;
            continue;
        }
        if (rw.h <= room_fresh + EPS) {
            new_page(c);
            if (repeat)
                draw_headers(c, &g, nhead, &hw);
            row_draw(c, &g, ri, &rw, c->y, rw.h, 0, rw.maxl, !repeat);
            c->y -= rw.h;
            top_line = 0;
            c->page_has_content = 1;
            continue;
        }
        /* Taller than a whole page: split between lines of text. */
        size_t from = 0;
        while (from < rw.maxl) {
            double room = avail(c) - 2 * g.padv;
            size_t k = room > 0 ? (size_t)floor(room / g.p + EPS) : 0;
            if (k == 0) {
                new_page(c);
                if (repeat)
                    draw_headers(c, &g, nhead, &hw);
                top_line = !repeat;
                room = avail(c) - 2 * g.padv;
                k = room > 0 ? (size_t)floor(room / g.p + EPS) : 0;
                if (k == 0)
                    k = 1;
            }
            if (k > rw.maxl - from)
                k = rw.maxl - from;
            double h = (double)k * g.p + 2 * g.padv;
            row_draw(c, &g, ri, &rw, c->y, h, from, k, top_line);
            c->y -= h;
            c->page_has_content = 1;
            top_line = 0;
            from += k;
            if (from < rw.maxl) {
                new_page(c);
                if (repeat)
                    draw_headers(c, &g, nhead, &hw);
                top_line = !repeat;
            }
        }
    }
    c->y -= t->space_after_pt;
    wb_release(&rw.wb);
    wb_release(&hw.wb);
    wb_release(&nw.wb);
    free(rw.cells);
    free(hw.cells);
    free(nw.cells);
    free(g.colx);
}

/* Height of the header rows plus the first body row. */
static double table_first_need(ctx *c, const doc_table *t)
{
    tgeom g;
    table_geometry(c, t, &g);
    rowwrap rw = { 0 };
    double h = 0;
    size_t ri = 0;
    for (; ri < t->nrows && t->rows[ri].kind == DOC_ROW_HEADER; ri++) {
        row_wrap(c, &g, ri, &rw);
        h += rw.h;
    }
    if (ri < t->nrows)
        h += row_need(c, &g, ri, &rw);
    wb_release(&rw.wb);
    free(rw.cells);
    free(g.colx);
    return h;
}

/* ---- keep-with-next ---------------------------------------------------- */

/*
 * The height that block i needs at the start of a page region: its first
 * unbreakable piece (two lines of a paragraph, header rows plus one row of
 * a table, the whole of a kept-together block), chaining through
 * keep-with-next paragraphs, rules and bookmarks.
 */
static double block_first_need(ctx *c, size_t i, int depth)
{
    if (i >= c->d->nblocks || depth > 8)
        return 0;
    const doc_block *b = &c->d->blocks[i];
    double h = 0;
    c->dry++;
    switch (b->kind) {
    case DOC_BLOCK_PARA: {
        para_geom g;
        wrapbuf wb = { 0 };
        para_geometry(c, &b->u.para, &g);
        size_t n = para_lines(c, &b->u.para, &g, &wb);
        wb_release(&wb);
        h = b->u.para.st.space_before_pt;
        if (b->u.para.st.keep_with_next)
            h += (double)n * g.pitch + b->u.para.st.space_after_pt +
                 block_first_need(c, i + 1, depth + 1);
        else
            h += (double)(n < 2 ? n : 2) * g.pitch;
        break;
    }
    case DOC_BLOCK_RULE:
        h = fmax(b->u.rule.space_before_pt, RULE_TEXT_GAP) + b->u.rule.line_pt +
            b->u.rule.space_after_pt + block_first_need(c, i + 1, depth + 1);
        break;
    case DOC_BLOCK_BOOKMARK:
        h = block_first_need(c, i + 1, depth + 1);
        break;
    case DOC_BLOCK_HEADER:
        h = header_draw(c, &b->u.header, c->top);
        break;
    case DOC_BLOCK_SIGNATURE:
        h = SIG_SPACE_BEFORE + sig_draw(c, &b->u.sig, c->top);
        break;
    case DOC_BLOCK_LINE_CHART:
        h = 6 + line_draw(c, b->u.line, c->top);
        break;
    case DOC_BLOCK_BAR_CHART: {
        bar_geom g;
        bar_geometry(c, b->u.bar, &g);
        size_t nb = b->u.bar->nbars;
        h = 6 + bar_panel_h(&g, 0, nb, nb);
        if (h > full_height(c))
            h = 6 + bar_panel_h(&g, 0, 1, nb);
        bar_geom_release(&g);
        break;
    }
    case DOC_BLOCK_TABLE:
        h = b->u.table->space_before_pt + table_first_need(c, b->u.table);
        break;
    case DOC_BLOCK_PAGE_BREAK:
    case DOC_BLOCK_SECTION:
        h = 0;
        break;
    }
    c->dry--;
    return h;
}

/* ---- sections ---------------------------------------------------------- */

static int section_landscape(ctx *c, size_t bi, doc_orient o)
{
    if (o == DOC_ORIENT_LANDSCAPE)
        return 1;
    if (o == DOC_ORIENT_PORTRAIT)
        return 0;
    double text_w = layout_mm(c->ps.width_mm - c->ps.margin_left_mm -
                              c->ps.margin_right_mm);
    for (size_t i = bi + 1; i < c->d->nblocks; i++) {
        const doc_block *b = &c->d->blocks[i];
        if (b->kind == DOC_BLOCK_SECTION)
            break;
        if (b->kind == DOC_BLOCK_TABLE)
            return layout_mm(doc_table_requested_width_mm(b->u.table)) >
                   text_w + EPS;
    }
    return 0;
}

static void lay_section(ctx *c, size_t bi, doc_orient o)
{
    c->landscape = section_landscape(c, bi, o);
    c->section++;
    c->page_in_section = 0;
    if (!c->page_has_content && c->r->npages > 0)
        init_page(c, &c->r->pages[c->r->npages - 1]);
    else
        new_page(c);
}

/* ---- driver ------------------------------------------------------------ */

int layout_run(const doc *d, const layout_page_setup *ps,
               const layout_metrics *m, layout_result **out)
{
    return layout_run_each(d, ps, m, NULL, NULL, out);
}

int layout_run_each(const doc *d, const layout_page_setup *ps,
                    const layout_metrics *m, layout_page_done done,
                    void *done_ctx, layout_result **out)
{
    if (out)
        *out = NULL;
    if (!d || !ps || !m || !m->width || !out)
        return LAYOUT_ERR_ARG;
    /* at least 20 mm of text in both directions, in both orientations */
    double tw_mm = ps->width_mm - ps->margin_left_mm - ps->margin_right_mm;
    double th_mm = ps->height_mm - ps->margin_top_mm - ps->margin_bottom_mm;
    double lw_mm = ps->height_mm - ps->margin_left_mm - ps->margin_right_mm;
    double lh_mm = ps->width_mm - ps->margin_top_mm - ps->margin_bottom_mm;
    if (tw_mm < 20 || th_mm < 20 || lw_mm < 20 || lh_mm < 20 ||
        ps->margin_top_mm < 0 || ps->margin_bottom_mm < 0 ||
        ps->margin_left_mm < 0 || ps->margin_right_mm < 0)
        return LAYOUT_ERR_PAGE;

    ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.d = d;
    c.ps = *ps;
    c.done = done;
    c.done_ctx = done_ctx;
    c.r = xcalloc(1, sizeof *c.r);
    arena_init(&c.r->text, 256 * 1024);
    new_page(&c);

    for (size_t i = 0; i < d->nblocks; i++) {
        const doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_BLOCK_PARA:
            lay_para(&c, i);
            break;
        case DOC_BLOCK_RULE:
            lay_rule(&c, &b->u.rule);
            break;
        case DOC_BLOCK_HEADER:
            keep_together(&c, header_draw_v, &b->u.header, 0, HEADER_SPACE_AFTER);
            break;
        case DOC_BLOCK_SIGNATURE:
            keep_together(&c, sig_draw, &b->u.sig, SIG_SPACE_BEFORE, 0);
            break;
        case DOC_BLOCK_LINE_CHART:
            keep_together(&c, line_draw, b->u.line, 6, 6);
            break;
        case DOC_BLOCK_BAR_CHART:
            lay_bar_chart(&c, b->u.bar);
            break;
        case DOC_BLOCK_TABLE:
            lay_table(&c, b->u.table);
            break;
        case DOC_BLOCK_PAGE_BREAK:
            if (c.page_has_content)
                new_page(&c);
            break;
        case DOC_BLOCK_BOOKMARK:
            if (c.npending == c.cpending) {
                c.cpending = c.cpending ? c.cpending * 2 : 4;
                c.pending = xreallocarray(c.pending, c.cpending, sizeof *c.pending);
            }
            c.pending[c.npending++] = i;
            break;
        case DOC_BLOCK_SECTION:
            lay_section(&c, i, b->u.section);
            break;
        }
    }
    resolve_bookmarks(&c, c.y);
    free(c.pending);
    if (done)
        done(done_ctx, c.r, c.r->npages - 1);
    *out = c.r;
    return LAYOUT_OK;
}

void layout_free(layout_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->npages; i++)
        free(r->pages[i].ops);
    free(r->pages);
    free(r->outlines);
    arena_release(&r->text);
    free(r);
}

/* ---- dump ----------------------------------------------------------------- */

static double r2(double v)
{
    v = round(v * 100) / 100;
    return v == 0 ? 0 : v;   /* no "-0.00" */
}

static void dump_str(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            fputc('\\', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

void layout_dump(const layout_result *r, FILE *f)
{
    static const char *const dash[] = { "solid", "dashed", "dotted", "long" };
    for (size_t i = 0; i < r->npages; i++) {
        const layout_page *p = &r->pages[i];
        fprintf(f, "page %zu %.2f x %.2f %s section %zu number %d%s\n", i + 1,
                r2(p->width), r2(p->height),
                p->landscape ? "landscape" : "portrait", p->section, p->number,
                p->number_shown ? " shown" : "");
        for (size_t k = 0; k < p->nops; k++) {
            const layout_op *op = &p->ops[k];
            switch (op->kind) {
            case LAYOUT_OP_TEXT:
                fprintf(f, "  text %.2f %.2f f%d %.2f w %.2f ", r2(op->x),
                        r2(op->y), op->face, r2(op->size), r2(op->w));
                dump_str(f, op->text, op->len);
                fputc('\n', f);
                break;
            case LAYOUT_OP_LINE:
                fprintf(f, "  line %.2f %.2f %.2f %.2f lw %.2f gray %.2f %s\n",
                        r2(op->x), r2(op->y), r2(op->x2), r2(op->y2),
                        r2(op->line_width), r2(op->stroke_gray), dash[op->dash]);
                break;
            case LAYOUT_OP_RECT:
                fprintf(f, "  rect %.2f %.2f %.2f %.2f fill %.2f lw %.2f\n",
                        r2(op->x), r2(op->y), r2(op->w), r2(op->h),
                        r2(op->fill_gray), r2(op->line_width));
                break;
            }
        }
    }
    for (size_t i = 0; i < r->noutlines; i++) {
        const layout_outline *o = &r->outlines[i];
        fprintf(f, "outline %d page %zu y %.2f ", o->level, o->page + 1,
                r2(o->y));
        dump_str(f, o->title, strlen(o->title));
        fputc('\n', f);
    }
}

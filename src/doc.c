/*
 * doc: builders for the document model (see doc.h).
 *
 * Every string and small array the caller passes is copied into an arena
 * owned by the document, so that the public structs can hold plain
 * const pointers and doc_free() releases everything in one sweep. Tables
 * and charts are separate heap objects (their address must stay valid while
 * the block array grows); the document frees them too.
 */
#include "doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

static const char *pool_str(doc *d, const char *s)
{
    return s ? arena_strndup(&d->pool, s, strlen(s)) : NULL;
}

/* One text of doc_map_texts. */
static void map_text(doc *d, const char **t, char *(*fn)(void *, const char *), void *ctx)
{
    if (!*t)
        return;
    char *s = fn(ctx, *t);
    if (s) {
        *t = pool_str(d, s);
        free(s);
    }
}

void doc_map_texts(doc *d, char *(*fn)(void *ctx, const char *text), void *ctx)
{
    for (size_t i = 0; i < d->nblocks; i++) {
        doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_BLOCK_PARA:
            map_text(d, &b->u.para.text, fn, ctx);
            break;
        case DOC_BLOCK_HEADER: {
            doc_header *h = &b->u.header;
            const char **f[] = {&h->parent_body, &h->issuing_body, &h->number,
                                &h->nation,      &h->motto,        &h->place_date};
            for (size_t k = 0; k < sizeof f / sizeof *f; k++)
                map_text(d, f[k], fn, ctx);
            break;
        }
        case DOC_BLOCK_TABLE:
            for (size_t k = 0; k < b->u.table->ncells; k++)
                map_text(d, &b->u.table->cells[k].text, fn, ctx);
            break;
        case DOC_BLOCK_BAR_CHART: {
            doc_bar_chart *c = b->u.bar;
            map_text(d, &c->title, fn, ctx);
            for (size_t k = 0; k < c->nbars; k++) {
                map_text(d, &c->bars[k].label, fn, ctx);
                map_text(d, &c->bars[k].value_label, fn, ctx);
            }
            for (size_t k = 0; k < c->nlegend; k++)
                map_text(d, &c->legend[k].label, fn, ctx);
            break;
        }
        case DOC_BLOCK_LINE_CHART: {
            doc_line_chart *c = b->u.line;
            map_text(d, &c->title, fn, ctx);
            for (size_t k = 0; k < c->ncats; k++)
                map_text(d, &c->cats[k], fn, ctx);
            for (size_t k = 0; k < c->nseries; k++)
                map_text(d, &c->series[k].name, fn, ctx);
            map_text(d, &c->target_label, fn, ctx);
            break;
        }
        case DOC_BLOCK_SIGNATURE: {
            doc_signature *s = &b->u.sig;
            const char **v;
            map_text(d, &s->signer, fn, ctx);
            map_text(d, &s->recipients_title, fn, ctx);
            v = (const char **)(uintptr_t)s->authority;
            for (size_t k = 0; k < s->n_authority; k++)
                map_text(d, &v[k], fn, ctx);
            v = (const char **)(uintptr_t)s->recipients;
            for (size_t k = 0; k < s->n_recipients; k++)
                map_text(d, &v[k], fn, ctx);
            break;
        }
        default:
            break;
        }
    }
}

static doc_block *add_block(doc *d, doc_block_kind kind)
{
    if (d->nblocks == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->blocks = xreallocarray(d->blocks, d->cap, sizeof *d->blocks);
    }
    doc_block *b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

doc_para_style doc_style(doc_face face, double size_pt, doc_align align)
{
    doc_para_style st;
    memset(&st, 0, sizeof st);
    st.face = face;
    st.size_pt = size_pt;
    st.align = align;
    st.line_spacing = 1.0;
    return st;
}

doc_para_style doc_style_body(void)
{
    doc_para_style st = doc_style(DOC_FACE_REGULAR, 14, DOC_ALIGN_JUSTIFY);
    st.first_indent_mm = 10;
    st.space_after_pt = 6;
    st.line_spacing = 1.15;
    return st;
}

doc *doc_new(void)
{
    doc *d = xcalloc(1, sizeof *d);
    return d;
}

void doc_free(doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nblocks; i++) {
        doc_block *b = &d->blocks[i];
        if (b->kind == DOC_BLOCK_TABLE) {
            free(b->u.table->cols);
            free(b->u.table->rows);
            free(b->u.table->cells);
            free(b->u.table);
        } else if (b->kind == DOC_BLOCK_BAR_CHART) {
            free(b->u.bar->bars);
            free(b->u.bar->legend);
            free(b->u.bar);
        } else if (b->kind == DOC_BLOCK_LINE_CHART) {
            free(b->u.line->series);
            free(b->u.line);
        }
    }
    free(d->blocks);
    arena_release(&d->pool);
    free(d);
}

/* The arguments are copied before add_block, which may move the blocks
 * they point into (a style taken from an earlier paragraph). */
void doc_add_para(doc *d, const char *text, const doc_para_style *st)
{
    doc_para_style style = *st;
    doc_block *b = add_block(d, DOC_BLOCK_PARA);
    b->u.para.text = pool_str(d, text ? text : "");
    b->u.para.st = style;
}

void doc_add_rule(doc *d, double width_mm, doc_align align, double line_pt,
                  double space_before_pt, double space_after_pt)
{
    doc_block *b = add_block(d, DOC_BLOCK_RULE);
    b->u.rule.width_mm = width_mm;
    b->u.rule.align = align;
    b->u.rule.line_pt = line_pt;
    b->u.rule.space_before_pt = space_before_pt;
    b->u.rule.space_after_pt = space_after_pt;
}

void doc_add_header(doc *d, const doc_header *arg)
{
    const doc_header copy = *arg, *h = &copy;
    doc_block *b = add_block(d, DOC_BLOCK_HEADER);
    b->u.header.parent_body = pool_str(d, h->parent_body);
    b->u.header.issuing_body = pool_str(d, h->issuing_body);
    b->u.header.number = pool_str(d, h->number);
    b->u.header.nation = pool_str(d, h->nation);
    b->u.header.motto = pool_str(d, h->motto);
    b->u.header.place_date = pool_str(d, h->place_date);
}

static const char *const *pool_strv(doc *d, const char *const *v, size_t n)
{
    if (!n)
        return NULL;
    const char **out = arena_alloc(&d->pool, n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = pool_str(d, v[i] ? v[i] : "");
    return out;
}

void doc_add_signature(doc *d, const doc_signature *arg)
{
    const doc_signature copy = *arg, *s = &copy;
    doc_block *b = add_block(d, DOC_BLOCK_SIGNATURE);
    doc_signature *o = &b->u.sig;
    o->authority = pool_strv(d, s->authority, s->n_authority);
    o->n_authority = s->n_authority;
    o->signer = pool_str(d, s->signer);
    o->sign_space_mm = s->sign_space_mm;
    o->recipients_title = pool_str(d, s->recipients_title);
    o->recipients = pool_strv(d, s->recipients, s->n_recipients);
    o->n_recipients = s->n_recipients;
}

void doc_add_page_break(doc *d)
{
    add_block(d, DOC_BLOCK_PAGE_BREAK);
}

void doc_add_bookmark(doc *d, int level, const char *title)
{
    doc_block *b = add_block(d, DOC_BLOCK_BOOKMARK);
    b->u.bookmark.level = level < 1 ? 1 : level;
    b->u.bookmark.title = pool_str(d, title ? title : "");
}

void doc_add_section(doc *d, doc_orient o)
{
    doc_block *b = add_block(d, DOC_BLOCK_SECTION);
    b->u.section = o;
}

/* ---- tables ------------------------------------------------------------ */

doc_table *doc_add_table(doc *d, size_t ncols)
{
    if (ncols == 0)
        return NULL;
    doc_table *t = xcalloc(1, sizeof *t);
    t->ncols = ncols;
    t->cols = xcalloc(ncols, sizeof *t->cols);
    for (size_t i = 0; i < ncols; i++) {
        t->cols[i].weight = 1;
        t->cols[i].align = DOC_ALIGN_LEFT;
    }
    t->size_pt = 12;
    t->pad_h_mm = 1.5;
    t->pad_v_mm = 1.0;
    t->border_pt = 0.5;
    t->header_gray = 0.88;
    t->space_before_pt = 6;
    t->space_after_pt = 6;
    t->owner = d;
    doc_block *b = add_block(d, DOC_BLOCK_TABLE);
    b->u.table = t;
    return t;
}

int doc_table_set_col(doc_table *t, size_t col, double width_mm, double weight,
                      doc_align align, int numeric)
{
    if (col >= t->ncols)
        return -1;
    t->cols[col].width_mm = width_mm > 0 ? width_mm : 0;
    t->cols[col].weight = weight > 0 ? weight : 1;
    t->cols[col].align = align;
    t->cols[col].numeric = numeric;
    return 0;
}

void doc_table_add_row(doc_table *t, doc_row_kind kind)
{
    if (t->nrows == t->rows_cap) {
        t->rows_cap = t->rows_cap ? t->rows_cap * 2 : 16;
        t->rows = xreallocarray(t->rows, t->rows_cap, sizeof *t->rows);
    }
    doc_row *r = &t->rows[t->nrows++];
    r->kind = kind;
    r->first = t->ncells;
    r->n = 0;
    r->span = 0;
}

int doc_table_add_cell_ex(doc_table *t, const char *text, int face, int align,
                          size_t colspan)
{
    if (t->nrows == 0)
        return -1;
    doc_row *r = &t->rows[t->nrows - 1];
    if (colspan == 0)
        colspan = 1;
    if (colspan > t->ncols || r->span > t->ncols - colspan)
        return -1;
    if (t->ncells == t->cells_cap) {
        t->cells_cap = t->cells_cap ? t->cells_cap * 2 : 64;
        t->cells = xreallocarray(t->cells, t->cells_cap, sizeof *t->cells);
    }
    doc_cell *c = &t->cells[t->ncells++];
    c->text = pool_str(t->owner, text ? text : "");
    c->face = face;
    c->align = align;
    c->colspan = colspan;
    r->n++;
    r->span += colspan;
    return 0;
}

int doc_table_add_cell(doc_table *t, const char *text)
{
    return doc_table_add_cell_ex(t, text, DOC_FACE_DEFAULT, DOC_ALIGN_DEFAULT, 1);
}

double doc_table_requested_width_mm(const doc_table *t)
{
    double w = 0;
    for (size_t i = 0; i < t->ncols; i++)
        w += t->cols[i].width_mm;
    return w;
}

/* ---- charts ------------------------------------------------------------ */

doc_bar_chart *doc_add_bar_chart(doc *d, const char *title, doc_fmt_fn fmt)
{
    doc_bar_chart *c = xcalloc(1, sizeof *c);
    c->title = pool_str(d, title);
    c->fmt = fmt;
    c->size_pt = 11;
    c->owner = d;
    doc_block *b = add_block(d, DOC_BLOCK_BAR_CHART);
    b->u.bar = c;
    return c;
}

void doc_bar_chart_add(doc_bar_chart *c, const doc_bar *bar)
{
    if (c->nbars == c->bars_cap) {
        c->bars_cap = c->bars_cap ? c->bars_cap * 2 : 8;
        c->bars = xreallocarray(c->bars, c->bars_cap, sizeof *c->bars);
    }
    doc_bar *b = &c->bars[c->nbars++];
    *b = *bar;
    b->label = pool_str(c->owner, bar->label ? bar->label : "");
    b->value_label = pool_str(c->owner, bar->value_label ? bar->value_label : "");
}

void doc_bar_chart_legend(doc_bar_chart *c, doc_legend_kind kind, double gray,
                          const char *label)
{
    if (c->nlegend == c->legend_cap) {
        c->legend_cap = c->legend_cap ? c->legend_cap * 2 : 4;
        c->legend = xreallocarray(c->legend, c->legend_cap, sizeof *c->legend);
    }
    doc_legend_item *l = &c->legend[c->nlegend++];
    l->kind = kind;
    l->gray = gray;
    l->label = pool_str(c->owner, label ? label : "");
}

doc_line_chart *doc_add_line_chart(doc *d, const char *title,
                                   const char *const *cats, size_t ncats,
                                   doc_fmt_fn fmt)
{
    doc_line_chart *c = xcalloc(1, sizeof *c);
    c->title = pool_str(d, title);
    c->fmt = fmt;
    c->ncats = ncats;
    if (ncats) {
        const char **v = arena_alloc(&d->pool, ncats * sizeof *v);
        for (size_t i = 0; i < ncats; i++)
            v[i] = pool_str(d, cats[i] ? cats[i] : "");
        c->cats = v;
    }
    c->plot_height_mm = 60;
    c->size_pt = 10;
    c->owner = d;
    doc_block *b = add_block(d, DOC_BLOCK_LINE_CHART);
    b->u.line = c;
    return c;
}

void doc_line_chart_add_series(doc_line_chart *c, const char *name,
                               const double *values,
                               const unsigned char *present)
{
    if (c->nseries == c->series_cap) {
        c->series_cap = c->series_cap ? c->series_cap * 2 : 4;
        c->series = xreallocarray(c->series, c->series_cap, sizeof *c->series);
    }
    doc_series *s = &c->series[c->nseries++];
    size_t n = c->ncats ? c->ncats : 1;
    s->name = pool_str(c->owner, name ? name : "");
    s->values = arena_alloc(&c->owner->pool, n * sizeof *s->values);
    s->present = arena_alloc(&c->owner->pool, n);
    for (size_t i = 0; i < c->ncats; i++) {
        s->values[i] = values[i];
        s->present[i] = present ? (present[i] != 0) : 1;
    }
}

void doc_line_chart_set_target(doc_line_chart *c, double value,
                               const char *label)
{
    c->has_target = 1;
    c->target = value;
    c->target_label = pool_str(c->owner, label ? label : "");
}

void doc_line_chart_set_range(doc_line_chart *c, double y_min, double y_max)
{
    if (y_max > y_min) {
        c->has_range = 1;
        c->y_min = y_min;
        c->y_max = y_max;
    }
}

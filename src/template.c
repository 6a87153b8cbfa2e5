/*
 * template: reading report templates and expanding placeholders (see
 * template.h).
 */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "submission.h"

#define TPL_VAR_NAME_(e, name) name,
static const char *const var_names[TPL_VAR__COUNT] = {TPL_VARS(TPL_VAR_NAME_)};
#undef TPL_VAR_NAME_

const char *tpl_var_name(enum tpl_var v)
{
    return var_names[v];
}

static int find_var(const char *name, size_t len)
{
    for (int i = 0; i < TPL_VAR__COUNT; i++)
        if (strlen(var_names[i]) == len && strncmp(var_names[i], name, len) == 0)
            return i;
    return -1;
}

/* Checks the placeholders of a text; diagnostics at `line`, or at the line
 * of the placeholder when the text is an element's (n). */
static void check_text_in(const char *s, const xml_node *n, unsigned long elem_line,
                          diag_list *d)
{
    for (const char *p = s; (p = strchr(p, '{')) != NULL;) {
        /* a placeholder is one word in braces: a '{' whose word ends in
         * anything but '}' (a space, another '{', the end) is unclosed */
        const char *end = p + 1 + strcspn(p + 1, "{} \t\n");
        unsigned long line = n ? xml_text_line(n, (size_t)(p - s)) : elem_line;
        if (*end != '}') {
            diag_add(d, line, DIAG_TPL_BRACE);
            p = end;
            continue;
        }
        if (find_var(p + 1, (size_t)(end - p - 1)) < 0) {
            char *name = xstrndup(p + 1, (size_t)(end - p - 1));
            diag_add(d, line, DIAG_TPL_PLACEHOLDER, name);
            free(name);
        }
        p = end + 1;
    }
}

static void check_text(const char *s, unsigned long line, diag_list *d)
{
    check_text_in(s, NULL, line, d);
}

void tpl_expand(const char *text, const char *(*value)(void *ctx, enum tpl_var v), void *ctx,
                buf *out)
{
    const char *p = text;
    for (;;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            buf_puts(out, p);
            return;
        }
        buf_put(out, p, (size_t)(open - p));
        int v = find_var(open + 1, (size_t)(close - open - 1));
        if (v >= 0)
            buf_puts(out, value(ctx, (enum tpl_var)v));
        else
            buf_put(out, open, (size_t)(close - open + 1));
        p = close + 1;
    }
}

static char *text_of(const xml_node *n, diag_list *d)
{
    if (!n)
        return xstrdup("");
    check_text_in(n->text, n, n->line, d);
    return xstrdup(n->text);
}

static char *child(const xml_node *n, const char *name, diag_list *d)
{
    return text_of(n ? xml_child(n, name) : NULL, d);
}

static const struct {
    const char *name;
    enum tpl_block_kind kind;
} block_names[] = {
    {"p", TPL_P},
    {"heading", TPL_HEADING},
    {"indicator-table", TPL_INDICATOR_TABLE},
    {"progress-chart", TPL_PROGRESS_CHART},
    {"trend-chart", TPL_TREND_CHART},
    {"task-table", TPL_TASK_TABLE},
    {"coverage-table", TPL_COVERAGE_TABLE},
    {"remarks", TPL_REMARKS},
    {"goals", TPL_GOALS},
    {"unit-figures", TPL_UNIT_FIGURES},
    {"items", TPL_ITEMS},
};

static void read_section(const xml_node *n, tpl_section *s, diag_list *d)
{
    memset(s, 0, sizeof *s);
    s->line = n->line;
    const char *title = xml_attr_get(n, "title");
    if (title) {
        check_text(title, n->line, d);
        s->title = xstrdup(title);
    }
    const char *o = xml_attr_get(n, "orientation");
    s->orientation = o && strcmp(o, "portrait") == 0    ? TPL_PORTRAIT
                     : o && strcmp(o, "landscape") == 0 ? TPL_LANDSCAPE
                                                        : TPL_AUTO;
    size_t cap = 0;
    for (const xml_node *c = n->first; c; c = c->next) {
        if (strcmp(c->name, "attached") == 0) {
            free(s->attached);
            s->attached = text_of(c, d);
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof block_names / sizeof *block_names; k++)
            if (strcmp(c->name, block_names[k].name) == 0)
                break;
        if (k == sizeof block_names / sizeof *block_names)
            continue; /* the schema has reported it */
        if (s->nblocks == cap) {
            cap = cap ? 2 * cap : 8;
            s->blocks = xreallocarray(s->blocks, cap, sizeof *s->blocks);
        }
        tpl_block *b = &s->blocks[s->nblocks++];
        memset(b, 0, sizeof *b);
        b->kind = block_names[k].kind;
        b->line = c->line;
        const char *attr = NULL;
        if (b->kind == TPL_P || b->kind == TPL_HEADING)
            b->text = text_of(c, d);
        else if (b->kind == TPL_PROGRESS_CHART || b->kind == TPL_TREND_CHART)
            attr = xml_attr_get(c, "title");
        else if (b->kind == TPL_GOALS)
            attr = xml_attr_get(c, "none");
        else if (b->kind == TPL_REMARKS) {
            attr = xml_attr_get(c, "none");
            const char *kind = xml_attr_get(c, "kind");
            b->remark_kind = kind && strcmp(kind, "proposal") == 0 ? REMARK_PROPOSAL
                                                                   : REMARK_DIFFICULTY;
        }
        if (attr) {
            check_text(attr, c->line, d);
            b->text = xstrdup(attr);
        }
        const char *widths = xml_attr_get(c, "widths");
        if (widths)
            b->widths = xstrdup(widths);
    }
}

static char **read_list(const xml_node *n, const char *name, size_t *count, diag_list *d)
{
    size_t k = 0;
    for (const xml_node *c = n ? xml_child(n, name) : NULL; c; c = xml_next_same(c))
        k++;
    char **v = xcalloc(k ? k : 1, sizeof *v);
    k = 0;
    for (const xml_node *c = n ? xml_child(n, name) : NULL; c; c = xml_next_same(c))
        v[k++] = text_of(c, d);
    *count = k;
    return v;
}

static double attr_mm(const xml_node *n, const char *name, double dflt)
{
    const char *v = n ? xml_attr_get(n, name) : NULL;
    if (!v)
        return dflt;
    char *end;
    double x = strtod(v, &end);
    return *end || x < 5 || x > 60 ? dflt : x;
}

tpl *tpl_from_xml(const xml_node *root, const char *path, diag_list *d)
{
    size_t errors = d->errors;
    tpl *t = xcalloc(1, sizeof *t);
    t->path = xstrdup(path);
    const xml_node *page = xml_child(root, "page");
    t->top = attr_mm(page, "top", 20);
    t->bottom = attr_mm(page, "bottom", 20);
    t->left = attr_mm(page, "left", 30);
    t->right = attr_mm(page, "right", 15);
    const char *font = page ? xml_attr_get(page, "font") : NULL;
    t->font = xstrdup(font ? font : "Times New Roman");
    const xml_node *h = xml_child(root, "header");
    t->parent = child(h, "parent", d);
    t->issuer = child(h, "issuer", d);
    t->number = child(h, "number", d);
    t->nation = child(h, "nation", d);
    t->motto = child(h, "motto", d);
    t->place_date = child(h, "place-date", d);
    t->title = child(root, "title", d);
    t->subject = child(root, "subject", d);
    t->sample_notice = child(root, "sample-notice", d);
    size_t ns = 0, na = 0;
    for (const xml_node *c = root->first; c; c = c->next) {
        ns += strcmp(c->name, "section") == 0;
        na += strcmp(c->name, "appendix") == 0;
    }
    t->sections = xcalloc(ns ? ns : 1, sizeof *t->sections);
    t->appendices = xcalloc(na ? na : 1, sizeof *t->appendices);
    for (const xml_node *c = root->first; c; c = c->next) {
        if (strcmp(c->name, "section") == 0)
            read_section(c, &t->sections[t->nsections++], d);
        else if (strcmp(c->name, "appendix") == 0)
            read_section(c, &t->appendices[t->nappendices++], d);
    }
    const xml_node *sig = xml_child(root, "signature");
    t->authority = read_list(sig, "authority", &t->nauthority, d);
    t->signer = child(sig, "signer", d);
    t->recipients = read_list(xml_child(root, "recipients"), "recipient", &t->nrecipients, d);
    if (d->errors > errors) {
        tpl_free(t);
        return NULL;
    }
    return t;
}

tpl *tpl_load(const char *path, const xml_schema *schema, const xml_limits *lim, diag_list *d,
              int *io_error)
{
    enum xml_status st;
    xml_doc *doc = xml_read_file(path, "template", schema, lim, d, &st);
    *io_error = st == XML_IO_ERROR;
    if (!doc)
        return NULL;
    tpl *t = tpl_from_xml(xml_root(doc), path, d);
    xml_doc_free(doc);
    if (t && st != XML_OK) {
        tpl_free(t);
        return NULL;
    }
    return t;
}

static void section_release(tpl_section *s)
{
    for (size_t i = 0; i < s->nblocks; i++) {
        free(s->blocks[i].text);
        free(s->blocks[i].widths);
    }
    free(s->blocks);
    free(s->title);
    free(s->attached);
}

void tpl_free(tpl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nsections; i++)
        section_release(&t->sections[i]);
    for (size_t i = 0; i < t->nappendices; i++)
        section_release(&t->appendices[i]);
    for (size_t i = 0; i < t->nauthority; i++)
        free(t->authority[i]);
    for (size_t i = 0; i < t->nrecipients; i++)
        free(t->recipients[i]);
    free(t->sections);
    free(t->appendices);
    free(t->authority);
    free(t->recipients);
    free(t->path);
    free(t->font);
    free(t->parent);
    free(t->issuer);
    free(t->number);
    free(t->nation);
    free(t->motto);
    free(t->place_date);
    free(t->title);
    free(t->subject);
    free(t->sample_notice);
    free(t->signer);
    free(t);
}

/*
 * diag: the message table's storage and the one printer (see diag.h).
 *
 * Formatting substitutes the %s of the table's format by the given strings;
 * since all formats take only strings, no printf is driven by table data.
 * Arguments are cut here, in one place, by the rule of diag.h: characters
 * are counted as UTF-8 sequences, and a cut never splits one.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "text.h"

struct diag_def {
    const char *name;
    enum diag_severity severity;
    int nargs;
    const char *format;
};

#define DIAG_DEF_(e, id, sev, nargs, fmt) {id, sev, nargs, fmt},
static const struct diag_def defs[DIAG__COUNT] = {DIAG_MESSAGES(DIAG_DEF_)};
#undef DIAG_DEF_

const char *diag_id_name(enum diag_id id) { return defs[id].name; }
enum diag_severity diag_id_severity(enum diag_id id) { return defs[id].severity; }
int diag_id_nargs(enum diag_id id) { return defs[id].nargs; }
const char *diag_id_format(enum diag_id id) { return defs[id].format; }

void diag_list_init(diag_list *l, const char *file)
{
    memset(l, 0, sizeof *l);
    l->file = file ? xstrdup(file) : NULL;
    l->worst = DIAG_NOTE;
}

void diag_list_release(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
    free(l->file);
    free(l->drops);
    memset(l, 0, sizeof *l);
}

/* The offset of character k of s[0..n) (a byte that does not continue a
 * UTF-8 sequence begins one), or n when s has no more than k characters. */
static size_t char_offset(const char *s, size_t n, size_t k)
{
    for (size_t i = 0, chars = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == k)
            return i;
    return n;
}

void diag_put_value(buf *b, const char *s, size_t n)
{
    size_t cut = n > DIAG_VALUE_MAX ? char_offset(s, n, DIAG_VALUE_MAX) : n;
    text_escape(b, s, cut);
    if (cut < n)
        buf_puts(b, "\xE2\x80\xA6"); /* … */
}

/* Any other argument: its start and its end when it is too long. */
static void put_text(buf *b, const char *s)
{
    size_t n = strlen(s), half = DIAG_TEXT_MAX / 2;
    size_t head = n > DIAG_TEXT_MAX ? char_offset(s, n, half) : n;
    if (head == n) {
        text_escape(b, s, n);
        return;
    }
    size_t chars = 0;   /* head is within s, so s has more than half characters */
    for (size_t i = head; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (chars <= half) {  /* DIAG_TEXT_MAX characters or fewer in all */
        text_escape(b, s, n);
        return;
    }
    size_t tail = head + char_offset(s + head, n - head, chars - half);
    text_escape(b, s, head);
    buf_puts(b, "\xE2\x80\xA6"); /* … */
    text_escape(b, s + tail, n - tail);
}

/* Whether the %s at p is written quoted, as a value from the input. */
static int quoted(const char *format, const char *p)
{
    static const char open[] = "'<{\"", close[] = "'>}\"";
    if (p == format || p[2] == '\0')
        return 0;
    const char *o = strchr(open, p[-1]);
    return o && p[2] == close[o - open];
}

void diag_add(diag_list *l, unsigned long line, enum diag_id id, ...)
{
    const struct diag_def *d = &defs[id];
    buf b;
    buf_init(&b, 0);
    va_list ap;
    va_start(ap, id);
    int used = 0;
    for (const char *p = d->format; *p; p++) {
        if (p[0] == '%' && p[1] == 's' && used < d->nargs) {
            const char *arg = va_arg(ap, const char *);
            if (!arg)
                buf_puts(&b, "(null)");
            else if (quoted(d->format, p))
                diag_put_value(&b, arg, strlen(arg));
            else
                put_text(&b, arg);
            used++;
            p++;
        } else {
            buf_putc(&b, *p);
        }
    }
    va_end(ap);
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
    }
    l->v[l->n] = (diag_entry){id, line, l->n, buf_detach(&b)};
    l->n++;
    if (d->severity > l->worst)
        l->worst = d->severity;
    if (d->severity == DIAG_ERROR)
        l->errors++;
    else if (d->severity == DIAG_WARNING)
        l->warnings++;
}

struct diag_drop_req {
    unsigned long line;
    enum diag_id id;
    const char *needle;
};

void diag_drop(diag_list *l, unsigned long line, enum diag_id id, const char *needle)
{
    l->drops = xgrow(l->drops, l->ndrops, sizeof *l->drops);
    l->drops[l->ndrops++] = (struct diag_drop_req){line, id, needle};
}

static int by_drop_line(const void *a, const void *b)
{
    const struct diag_drop_req *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

void diag_apply_drops(diag_list *l)
{
    if (l->ndrops == 0)
        return;
    qsort(l->drops, l->ndrops, sizeof *l->drops, by_drop_line);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        diag_entry *e = &l->v[i];
        int dropped = 0;
        /* the first mark at this line, then its neighbours */
        size_t lo = 0, hi = l->ndrops;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (l->drops[mid].line < e->line)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t d = lo; d < l->ndrops && l->drops[d].line == e->line && !dropped; d++)
            dropped = l->drops[d].id == e->id && strstr(e->text, l->drops[d].needle);
        if (dropped) {
            free(e->text);
            continue;
        }
        l->v[k++] = *e;
    }
    l->n = k;
    free(l->drops);
    l->drops = NULL;
    l->ndrops = 0;
    l->errors = l->warnings = 0;
    l->worst = DIAG_NOTE;
    for (size_t i = 0; i < l->n; i++) {
        enum diag_severity sev = defs[l->v[i].id].severity;
        if (sev == DIAG_ERROR)
            l->errors++;
        else if (sev == DIAG_WARNING)
            l->warnings++;
        if (sev > l->worst)
            l->worst = sev;
    }
}

static int by_line(const void *a, const void *b)
{
    const diag_entry *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_entry(FILE *out, const char *file, const diag_entry *e)
{
    static const char *sev[] = {"note", "warning", "error"};
    const struct diag_def *d = &defs[e->id];
    if (e->line)
        fprintf(out, "%s:%lu: %s: %s [%s]\n", file, e->line, sev[d->severity], e->text, d->name);
    else
        fprintf(out, "%s: %s: %s [%s]\n", file, sev[d->severity], e->text, d->name);
}

void diag_print(diag_list *l, FILE *out, int quiet)
{
    diag_apply_drops(l);
    if (l->n == 0)
        return;
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, by_line);
    buf name;   /* the file's name as printed: one line, whatever it holds */
    buf_init(&name, 0);
    if (l->file)
        text_escape(&name, l->file, strlen(l->file));
    const char *file = l->file ? name.data : "baocao";
    size_t printed = 0;
    for (size_t i = 0; i < l->n; i++) {
        const diag_entry *e = &l->v[i];
        if (quiet && defs[e->id].severity < DIAG_ERROR)
            continue;
        if (printed == DIAG_MAX_PRINTED) {
            diag_list cut;
            diag_list_init(&cut, NULL);
            char more[32];
            snprintf(more, sizeof more, "%zu", l->n - i);
            diag_add(&cut, 0, DIAG_DIAGS_CUT, more);
            print_entry(out, file, &cut.v[0]);
            diag_list_release(&cut);
            break;
        }
        print_entry(out, file, e);
        printed++;
    }
    buf_release(&name);
}

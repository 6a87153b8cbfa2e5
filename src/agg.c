/*
 * agg: revisions, facts and the computation of every target for a period
 * (see agg.h for the rules).
 *
 * Facts are kept in two sorted arrays: figures by (measure, unit, end,
 * start) and items by (measure, identifier, end, file). A question about a
 * measure, unit and period is a binary search and a short scan, so a report
 * costs O(units × measures × log facts), not a pass over all files.
 *
 * Memory holds what the report is made of, not the files: the facts, an
 * entry for each unit and period sent (struct span) and the files that
 * count (struct win). Each file's row (its fate, its diagnostics, what
 * settling revisions compares) is in `files`, which keeps the rows of a
 * large run in a temporary file (rows.h); settling reads them back in
 * passes of a batch of spans at a time (settle_spans).
 *
 * Comparisons with targets are exact where the value is a quotient of exact
 * sums (sums, counts, ratios, multiples): both sides are compared as
 * 128-bit cross products. Only compound growth, which needs a root, is
 * compared in long double.
 */
#include "agg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mem.h"
#include "rows.h"
#include "text.h"

struct fact {             /* 40 bytes: one for each figure of each file */
    num_t value;
    int measure, unit;
    period per;
    int file;
    unsigned line;
};

struct ifact {
    int measure;
    char *id, *name;      /* owned by the collector */
    date_t date;
    int unit, file;
    unsigned long line;
    period per;
};

struct agg {
    const plan *p;
    row_table *files;        /* a row a file (struct frow, then its duties), in the
                           order added: in memory for a few thousand files,
                           then in a temporary file (rows.h) */
    size_t nfiles;
    size_t rec_size;    /* of a row: struct frow and duty_words words */
    unsigned char *rec; /* a row read or written */
    size_t fates[FATE_SKIPPED + 1]; /* the files by fate */
    name_table *paths;  /* each file's path as printed (valid UTF-8), and
                           the name on disk where that differs: on disk
                           beyond a few thousand (names.h) */
    buf *path;          /* a path that agg_file_path read */
    arena win_paths;    /* the paths of the files that count */
    size_t duty_words;
    struct fact *facts; /* taken from the files as they come */
    size_t nfacts, facts_cap;
    struct ifact *items;
    size_t nitems, items_cap;
    struct spans {        /* a unit and span's highest revision so far, the
                             one file of it whose facts are held (see
                             hold), and once settled the file that counts */
        struct span {
            int unit, first, last;
            int revision;
            int holder;     /* a file, or -1 */
            int nfiles;     /* accepted files */
            int winner;     /* once settled: the file that counts, or -1 */
            submission *sub; /* the holder's texts, when kept (keeps_texts) */
        } *v;               /* n of them, in the order made */
        size_t n;
        int *slot;          /* a hash table of places in v, -1 when free */
        size_t cap;         /* 0 or a power of two, at most half full */
    } spans;
    struct win {          /* once settled: the files that count, by number,
                             with what the figures ask of them */
        int file;
        int span;         /* its place in spans.v */
        int unit;
        period per;
        date_t sent;
        unsigned char late, sample;
        const char *path;
    } *wins;
    size_t nwins;
    size_t settle_batch;  /* files settled at a time: SETTLE_BATCH */
    struct settling *settling; /* while spans are settled: where changes
                             to rows wait to be made in one pass */
    int keep_texts_set;
    period keep_texts;
    struct text_best {    /* per unit, while files are added: the file whose
                             texts would speak for it so far (keeps_texts) */
        int file;
        period per;
    } *text_best;
    int settle_only;
};

/* What the collector keeps of a file beside its public row, until the
 * end: its row in `files` is this, followed by its duties (duty_words
 * words of bits, bit m for measure m and bit nmeasures + t for task t, of
 * the unit's own duties that the file gives: a value or items, a report). */
struct frow {
    agg_file f;           /* f.path is not kept: path_at is */
    uint64_t hash;        /* the content hash */
    int span;             /* of an accepted file: its unit and period's
                             place in spans.v; else -1 */
    size_t path_at;       /* its path in `paths` */
    size_t disk_at;       /* its name on disk in `paths` (path_at when the
                             same) */
};

static const char *const fate_names[] = {"accepted", "superseded", "duplicate", "conflict",
                                         "rejected", "unreadable", "skipped"};
static const char *const rule_names[] = {"none", "submitted", "sum", "latest"};
static const char *const status_names[] = {"no-data", "not-achieved", "behind", "on-track",
                                           "achieved", "exceeded"};
static const char *const status_vn[] = {"Chưa có số liệu", "Chưa đạt", "Chậm tiến độ",
                                        "Đúng tiến độ", "Đạt", "Vượt"};
static const char *const coverage_names[] = {"on-time", "late", "missing", "derived"};
static const char *const coverage_vn[] = {"Đúng hạn", "Muộn", "Chưa báo cáo",
                                          "Tổng hợp từ báo cáo quý"};

const char *agg_fate_name(enum agg_fate f) { return fate_names[f]; }
const char *agg_rule_name(enum agg_rule r) { return rule_names[r]; }
const char *agg_status_name(enum agg_status s) { return status_names[s]; }
const char *agg_status_vn(enum agg_status s) { return status_vn[s]; }
const char *agg_coverage_name(enum coverage_status c) { return coverage_names[c]; }
const char *agg_coverage_vn(enum coverage_status c) { return coverage_vn[c]; }

int agg_indicator_decimals(const plan_indicator *x)
{
    return x->compute == IND_COUNT ? 0 : 2;
}

/* The collector keeps at most this many rows in memory (about 100 bytes
 * each), the newest; the rest are in a temporary file. */
#define AGG_ROWS_IN_MEMORY 4096

/* Spans are settled in batches of about this many files; a run is cut
 * into at most SETTLE_TABLES of them, and its changes to rows into as many
 * ranges of files, each a table of its own. The tables share SETTLE_BATCH
 * rows of memory, so a run of fewer files writes none of them to disk. */
#define SETTLE_BATCH 8192
#define SETTLE_TABLES 128

agg *agg_new(const plan *p)
{
    agg *a = xcalloc(1, sizeof *a);
    a->p = p;
    a->duty_words = (p->nmeasures + p->ntasks + 63) / 64;
    if (a->duty_words == 0)
        a->duty_words = 1;
    a->rec_size = sizeof(struct frow) + a->duty_words * sizeof(uint64_t);
    a->rec = xmalloc(a->rec_size);
    a->files = rows_new(a->rec_size, AGG_ROWS_IN_MEMORY);
    a->settle_batch = SETTLE_BATCH;
    a->paths = xmalloc(sizeof *a->paths);
    names_init(a->paths, AGG_ROWS_IN_MEMORY);
    a->path = xmalloc(sizeof *a->path);
    buf_init(a->path, 0);
    arena_init(&a->win_paths, 0);
    return a;
}

void agg_free(agg *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->spans.n; i++)
        submission_free(a->spans.v[i].sub);
    names_release(a->paths);
    free(a->paths);
    buf_release(a->path);
    free(a->path);
    arena_release(&a->win_paths);
    for (size_t i = 0; i < a->nitems; i++) {
        free(a->items[i].id);
        free(a->items[i].name);
    }
    rows_free(a->files);
    free(a->rec);
    free(a->text_best);
    free(a->facts);
    free(a->items);
    free(a->spans.v);
    free(a->spans.slot);
    free(a->wins);
    free(a);
}

/* ---- the rows ---- */

/* File i's row, into a->rec. */
static const struct frow *frow_get(const agg *a, int i)
{
    rows_get(a->files, (size_t)i, a->rec);
    return (const struct frow *)(const void *)a->rec;
}

/* File i's row, with its path, which is valid until the next path read. */
static agg_file file_at(const agg *a, int i)
{
    const struct frow *r = frow_get(a, i);
    agg_file f = r->f;
    f.path = names_get(a->paths, r->path_at, NULL, NULL);
    return f;
}

/* A change to a file's row. */
struct edit {
    int file;
    enum { EDIT_FATE, EDIT_NOTE } what;
    int x, y;             /* the fate and the file it names; or a
                             diagnostic's id (see file_id) */
};

/* While spans are settled, the changes to rows wait in tables, one for
 * each range of files, in the order made (see settle_spans). */
struct settling {
    size_t range;         /* files a table covers */
    size_t n;
    row_table **edits;
};

static void file_id(agg_file *x, enum diag_id id);

static void edit_apply(agg *a, agg_file *f, const struct edit *e)
{
    switch (e->what) {
    case EDIT_FATE:
        a->fates[f->fate]--;
        a->fates[e->x]++;
        f->fate = (enum agg_fate)e->x;
        f->other = e->y;
        break;
    case EDIT_NOTE:
        if (diag_id_severity((enum diag_id)e->x) == DIAG_ERROR)
            f->errors++;
        else
            f->warnings++;
        file_id(f, (enum diag_id)e->x);
        break;
    }
}

/* Changes a file's row: at once, or while spans are settled, with the
 * others in one pass over the rows at the end (edits_apply). */
static void edit(agg *a, struct edit e)
{
    if (a->settling) {
        rows_add(a->settling->edits[(size_t)e.file / a->settling->range], &e);
        return;
    }
    struct frow *x = (struct frow *)(void *)a->rec;
    rows_get(a->files, (size_t)e.file, a->rec);
    edit_apply(a, &x->f, &e);
    rows_put(a->files, (size_t)e.file, a->rec);
}

static void set_fate(agg *a, int i, enum agg_fate fate, int other)
{
    edit(a, (struct edit){i, EDIT_FATE, (int)fate, other});
}

size_t agg_nfiles(const agg *a)
{
    return a->nfiles;
}

agg_file agg_file_at(const agg *a, size_t i)
{
    return file_at(a, (int)i);
}

static const struct win *win_of(const agg *a, int i);

const char *agg_file_path(const agg *a, size_t i)
{
    const struct win *w = win_of(a, (int)i);
    if (w)
        return w->path;
    buf_clear(a->path);
    buf_puts(a->path, file_at(a, (int)i).path);
    return a->path->data;
}

struct each_file {
    const agg *a;
    void (*fn)(void *ctx, size_t i, const agg_file *f);
    void *ctx;
    buf path;             /* the row's, which fn may outlast by reading others */
};

static void each_file_row(void *ctx, size_t i, void *row)
{
    struct each_file *e = ctx;
    const struct frow *r = row;
    agg_file f = r->f;
    buf_clear(&e->path);
    buf_puts(&e->path, names_get(e->a->paths, r->path_at, NULL, NULL));
    f.path = e->path.data;
    e->fn(e->ctx, i, &f);
}

void agg_each_file(const agg *a, void (*fn)(void *ctx, size_t i, const agg_file *f), void *ctx)
{
    struct each_file e = {a, fn, ctx, {0}};
    buf_init(&e.path, 0);
    rows_scan(a->files, 0, each_file_row, &e);
    buf_release(&e.path);
}

void agg_count_fates(const agg *a, size_t *accepted, size_t *superseded, size_t *rejected,
                     size_t *skipped)
{
    *accepted = a->fates[FATE_ACCEPTED];
    *superseded = a->fates[FATE_SUPERSEDED] + a->fates[FATE_DUPLICATE];
    *skipped = a->fates[FATE_SKIPPED];
    *rejected = a->nfiles - *accepted - *superseded - *skipped;
}

static int by_win_file(const void *x, const void *y)
{
    int a = *(const int *)x, b = ((const struct win *)y)->file;
    return (a > b) - (a < b);
}

/* File i's entry in wins, if it counts; NULL otherwise. */
static const struct win *win_of(const agg *a, int i)
{
    return bsearch(&i, a->wins, a->nwins, sizeof *a->wins, by_win_file);
}

size_t agg_ncounted(const agg *a)
{
    return a->nwins;
}

int agg_counted_index(const agg *a, int file)
{
    const struct win *w = win_of(a, file);
    return w ? (int)(w - a->wins) : -1;
}

void agg_rows_in_memory(agg *a, size_t n)
{
    rows_free(a->files);
    a->files = rows_new(a->rec_size, n);
    names_release(a->paths);
    names_init(a->paths, n);
    a->settle_batch = n ? n : 1;
}

void agg_keep_texts_for(agg *a, const period *per)
{
    a->keep_texts_set = 1;
    a->keep_texts = per ? *per : (period){PERIOD_RANGE, -1, -1};
}

void agg_settle_only(agg *a)
{
    a->settle_only = 1;
}

/* Whether a file for period f speaks for its unit in a report on cp
 * rather than one for g: a file for exactly cp first, then the one ending
 * later, then the longer. */
static int speaks_before(const period *f, const period *g, const period *cp)
{
    int fe = period_same_span(f, cp), ge = period_same_span(g, cp);
    if (fe != ge)
        return fe;
    if (f->last != g->last)
        return f->last > g->last;
    return f->first < g->first;
}

/* ---- the spans: a unit and period's revisions ---- */

static size_t span_slot(const struct spans *t, int unit, const period *per)
{
    uint64_t h = ((uint64_t)(unsigned)unit << 32 | (uint32_t)per->first) * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)(unsigned)per->last * 0xC2B2AE3D27D4EB4Fu;
    size_t i = (size_t)(h ^ h >> 31) & (t->cap - 1);
    for (int k; (k = t->slot[i]) >= 0; i = (i + 1) & (t->cap - 1))
        if (t->v[k].unit == unit && t->v[k].first == per->first && t->v[k].last == per->last)
            break;
    return i;
}

/* The entry of unit and per's span, made now if there is none (which
 * moves the others). */
static struct span *span_of(struct spans *t, int unit, const period *per)
{
    if (2 * (t->n + 1) > t->cap) {
        free(t->slot);
        t->cap = t->cap ? 2 * t->cap : 64;
        t->slot = xreallocarray(NULL, t->cap, sizeof *t->slot);
        for (size_t i = 0; i < t->cap; i++)
            t->slot[i] = -1;
        for (size_t k = 0; k < t->n; k++) {
            period q = {PERIOD_RANGE, t->v[k].first, t->v[k].last};
            t->slot[span_slot(t, t->v[k].unit, &q)] = (int)k;
        }
    }
    size_t i = span_slot(t, unit, per);
    if (t->slot[i] < 0) {
        t->v = xgrow(t->v, t->n, sizeof *t->v);
        t->v[t->n] = (struct span){unit, per->first, per->last, 0, -1, 0, -1, NULL};
        t->slot[i] = (int)t->n++;
    }
    return &t->v[t->slot[i]];
}

/* The entry of unit and per's span, or NULL. */
static struct span *span_find(const struct spans *t, int unit, const period *per)
{
    if (!t->cap)
        return NULL;
    int k = t->slot[span_slot(t, unit, per)];
    return k >= 0 ? &t->v[k] : NULL;
}

/* The entry of the span of an accepted file's unit and period, which has one. */
static struct span *span_known(const struct spans *t, int unit, const period *per)
{
    return &t->v[t->slot[span_slot(t, unit, per)]];
}

/* The file whose reports (tasks, remarks) speak for each unit in a report
 * of coverage period cp, or -1: among the unit's winners within cp, the
 * first by speaks_before; a file for a shorter period only for a unit
 * still expected to report at cp's end (not one that ended). kept: among
 * the files whose texts were kept only. */
static int *speakers(const agg *a, const period *cp, int kept)
{
    const plan *p = a->p;
    int *sp = xmalloc((p->nunits ? p->nunits : 1) * sizeof *sp);
    int *at = xmalloc((p->nunits ? p->nunits : 1) * sizeof *at); /* in wins */
    signed char *expected = xmalloc(p->nunits ? p->nunits : 1); /* -1 until asked */
    for (size_t u = 0; u < p->nunits; u++) {
        sp[u] = -1;
        expected[u] = -1;
    }
    for (size_t i = 0; i < a->nwins; i++) {
        const struct win *f = &a->wins[i];
        if (f->unit < 0 || !period_within(&f->per, cp))
            continue;
        if (kept && !a->spans.v[f->span].sub)
            continue;
        if (!period_same_span(&f->per, cp)) {
            if (expected[f->unit] < 0)
                expected[f->unit] = (signed char)plan_unit_expected(p, f->unit, cp);
            if (!expected[f->unit])
                continue;
        }
        if (sp[f->unit] < 0 || speaks_before(&f->per, &a->wins[at[f->unit]].per, cp)) {
            sp[f->unit] = a->wins[i].file;
            at[f->unit] = (int)i;
        }
    }
    free(expected);
    free(at);
    return sp;
}

/* Whether the texts (task reports, remarks) of file i, just added with
 * submission s, are kept: only for a file within the kept period that may
 * speak for its unit (see speakers). A file for a span that one already
 * read beats is not kept, and the one it beats is freed when it comes, so
 * memory holds about one file's texts a unit; of a span's revisions,
 * only the file that holds its facts keeps them (see hold). The file that
 * beat another may not count in the end (its span's revisions all
 * conflict): agg_resolve then reads the texts of the one that speaks
 * again (see texts_of_speakers). */
static int keeps_texts(agg *a, int i, const submission *s)
{
    if (!a->keep_texts_set)
        return 1;
    if (!period_within(&s->per, &a->keep_texts))
        return 0;
    if (!a->text_best) {
        a->text_best = xmalloc((a->p->nunits ? a->p->nunits : 1) * sizeof *a->text_best);
        for (size_t u = 0; u < a->p->nunits; u++)
            a->text_best[u].file = -1;
    }
    struct text_best *best = &a->text_best[s->unit];
    if (best->file >= 0 && !period_same_span(&best->per, &s->per)) {
        if (!speaks_before(&s->per, &best->per, &a->keep_texts))
            return 0;
        struct span *sp = span_known(&a->spans, s->unit, &best->per);
        submission_free(sp->sub);
        sp->sub = NULL;
    }
    if (best->file < 0 || !period_same_span(&best->per, &s->per))
        *best = (struct text_best){i, s->per};
    return 1;
}

/* ---- holding one file's facts a unit and span ---- */

/* The holder of sp lets go of its facts and items (keep_facts drops them
 * when the arrays fill) and texts. */
static void let_go(agg *a, struct span *sp)
{
    if (sp->holder < 0)
        return;
    submission_free(sp->sub);
    sp->sub = NULL;
    if (a->text_best && a->text_best[sp->unit].file == sp->holder)
        a->text_best[sp->unit].file = -1;
    sp->holder = -1;
}

/* Whether file i, accepted and just added with content hash `hash`, is to
 * hold its facts for its unit and span: it is the first, or of a higher
 * revision than any so far, or an identical copy of the holder sent before
 * it (settle_group counts that one). The holder it replaces lets go; a
 * file of the highest revision whose content differs from the holder's is
 * a conflict, and neither holds. So memory holds one file's facts a unit
 * and span, whatever the number of revisions (and those let go until the
 * arrays fill: at most as many again); when the highest revision turns
 * out to conflict, agg_resolve reads the one that wins again. */
static int hold(agg *a, struct span *sp, int i, const agg_file *x, uint64_t hash, int fresh)
{
    int takes = fresh || x->revision > sp->revision;
    if (!takes && x->revision == sp->revision && sp->holder >= 0) {
        const struct frow *h = frow_get(a, sp->holder);
        if (hash != h->hash)
            let_go(a, sp);
        else
            takes = x->sent < h->f.sent ||
                    (x->sent == h->f.sent &&
                     strcmp(x->path, names_get(a->paths, h->path_at, NULL, NULL)) < 0);
    }
    if (takes) {
        let_go(a, sp);
        sp->revision = x->revision;
        sp->holder = i;
    }
    return takes;
}

/* Whether a fact of file `file`, unit and period is kept: its file holds
 * its span's facts (see hold), or, once settled, counts. */
static int kept_fact(const agg *a, int file, int unit, const period *per, int settled)
{
    const struct span *sp = span_find(&a->spans, unit, per);
    return sp && file == (settled ? sp->winner : sp->holder);
}

/* Keeps the facts, and the items, that kept_fact keeps. */
static void keep_facts(agg *a, int settled)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nfacts; i++) {
        const struct fact *f = &a->facts[i];
        if (kept_fact(a, f->file, f->unit, &f->per, settled))
            a->facts[n++] = *f;
    }
    a->nfacts = n;
}

static void keep_items(agg *a, int settled)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nitems; i++) {
        struct ifact *f = &a->items[i];
        if (kept_fact(a, f->file, f->unit, &f->per, settled)) {
            a->items[n++] = *f;
        } else {
            free(f->id);
            free(f->name);
        }
    }
    a->nitems = n;
}

/* Takes the figures and items of an accepted file into the collector's
 * facts, and frees the rest of the submission unless its task reports and
 * remarks are wanted (see agg_keep_texts_for): memory then holds the facts,
 * not the files. Returns what is left to keep, or NULL. */
static submission *take_facts(agg *a, int file, submission *s)
{
    if (a->settle_only) {
        submission_free(s);
        return NULL;
    }
    /* full: first drop what files let go of (see hold), then grow if still over half
     * full, so that each compaction is paid for by as many additions */
    if (a->nfacts + s->nvalues > a->facts_cap) {
        keep_facts(a, 0);
        if (2 * (a->nfacts + s->nvalues) > a->facts_cap) {
            a->facts_cap = 2 * (a->nfacts + s->nvalues) + 64;
            a->facts = xreallocarray(a->facts, a->facts_cap, sizeof *a->facts);
        }
    }
    for (size_t k = 0; k < s->nvalues; k++)
        a->facts[a->nfacts++] = (struct fact){s->values[k].value, s->values[k].measure, s->unit,
                                              s->per, file, (unsigned)s->values[k].line};
    if (a->nitems + s->nitems > a->items_cap) {
        keep_items(a, 0);
        if (2 * (a->nitems + s->nitems) > a->items_cap) {
            a->items_cap = 2 * (a->nitems + s->nitems) + 64;
            a->items = xreallocarray(a->items, a->items_cap, sizeof *a->items);
        }
    }
    for (size_t k = 0; k < s->nitems; k++) {
        sub_item *it = &s->items[k];
        a->items[a->nitems++] = (struct ifact){it->measure, it->id,   it->name, it->date,
                                               s->unit,     file,     it->line, s->per};
        it->id = it->name = NULL; /* now the collector's */
    }
    if (!keeps_texts(a, file, s)) {
        submission_free(s);
        return NULL;
    }
    submission_drop_figures(s);   /* now facts; the texts are kept */
    return s;
}

/* Notes that file x had a diagnostic `id`, for the run log. */
static void file_id(agg_file *x, enum diag_id id)
{
    for (unsigned k = 0; k < x->nids; k++)
        if (x->ids[k] == id)
            return;
    if (x->nids < AGG_FILE_IDS)
        x->ids[x->nids++] = (unsigned char)id;
}

static void set_bit(uint64_t *w, size_t bit)
{
    w[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static int has_bit(const uint64_t *w, size_t bit)
{
    return (w[bit / 64] >> (bit % 64)) & 1;
}

/* What an accepted file gives of its unit's duties on the last day of its
 * period (see agg.duties), for settle_group to name what a revision drops. */
static void file_duties(const agg *a, const agg_file *x, const submission *s, uint64_t *w)
{
    const plan *p = a->p;
    memset(w, 0, a->duty_words * sizeof *w);
    if (!s || x->unit < 0)
        return;
    date_t from, to;
    period_window(&x->per, p->cutoff_day, &from, &to);
    date_t day = to < p->units[x->unit].to ? to : p->units[x->unit].to;
    for (size_t k = 0; k < s->nvalues; k++)
        if (plan_unit_reports(p, x->unit, s->values[k].measure, day))
            set_bit(w, (size_t)s->values[k].measure);
    for (size_t k = 0; k < s->nitems; k++)
        if (plan_unit_reports(p, x->unit, s->items[k].measure, day))
            set_bit(w, (size_t)s->items[k].measure);
    for (size_t k = 0; k < s->ntasks; k++)
        if (s->tasks[k].task >= 0 &&
            plan_task_role(p, x->unit, s->tasks[k].task, day) != ROLE_NONE)
            set_bit(w, p->nmeasures + (size_t)s->tasks[k].task);
}

void agg_add(agg *a, batch_file *f)
{
    struct frow *r = (struct frow *)(void *)a->rec;
    memset(a->rec, 0, a->rec_size);
    agg_file *x = &r->f;
    /* outputs are UTF-8 whatever the file names; reading again takes the name on disk */
    char *printable = text_printable(f->path) ? NULL : text_escaped(f->path);
    r->path_at = names_add(a->paths, printable ? printable : f->path, 0);
    r->disk_at = printable ? names_add(a->paths, f->path, 0) : r->path_at;
    x->unit = -1;
    x->other = -1;
    r->span = -1;
    diag_apply_drops(&f->diags);
    x->errors = f->diags.errors;
    x->warnings = f->diags.warnings;
    for (size_t k = 0; k < f->diags.n; k++)
        file_id(x, f->diags.v[k].id);
    if (f->skipped)
        x->fate = FATE_SKIPPED;
    else if (f->io_error)
        x->fate = FATE_UNREADABLE;
    else if (!f->sub)
        x->fate = FATE_REJECTED;
    else {
        x->fate = FATE_ACCEPTED;
        x->unit = f->sub->unit;
        x->per = f->sub->per;
        x->revision = f->sub->revision;
        x->sent = f->sub->sent;
        x->sample = f->sub->sample;
        x->line = f->sub->line;
        r->hash = f->sub->content_hash;
    }
    file_duties(a, x, f->sub, (uint64_t *)(void *)(a->rec + sizeof *r));
    int i = (int)a->nfiles;
    struct span *sp = NULL;
    int fresh = 0;
    if (f->sub) {
        sp = span_of(&a->spans, x->unit, &x->per);
        fresh = sp->nfiles++ == 0;
        r->span = (int)(sp - a->spans.v);
    }
    agg_file copy = *x;  /* hold reads other rows into a->rec */
    copy.path = printable ? printable : f->path;
    uint64_t hash = r->hash;
    rows_add(a->files, a->rec);
    a->fates[copy.fate]++;
    a->nfiles++;
    if (sp && !a->settle_only && hold(a, sp, i, &copy, hash, fresh))
        sp->sub = take_facts(a, i, f->sub);
    else
        submission_free(f->sub);
    f->sub = NULL;
    free(printable);
}

/* ---- revisions ---- */

/* A file of a span being settled: what settle_group compares. */
struct member {
    int file;
    int revision;
    date_t sent;
    uint64_t hash;
    size_t path_at;
    const char *path;     /* read when needed (member_path) */
    const uint64_t *duties;
};

static int by_revision(const void *x, const void *y)
{
    const struct member *a = x, *b = y;
    if (a->revision != b->revision)
        return a->revision < b->revision ? 1 : -1; /* highest first */
    return (a->file > b->file) - (a->file < b->file);
}

static int by_path(const void *x, const void *y)
{
    return strcmp(((const struct member *)x)->path, ((const struct member *)y)->path);
}

/* m's path, read from `paths` the first time it is asked for. */
static const char *member_path(agg *a, arena *keep, struct member *m)
{
    if (!m->path) {
        const char *p = names_get(a->paths, m->path_at, NULL, NULL);
        m->path = arena_strndup(keep, p, strlen(p));
    }
    return m->path;
}

/* Sorts a span's files highest revision first, those of one revision by
 * path: only those need their paths read. */
static void sort_span(agg *a, arena *keep, struct member *g, size_t n)
{
    qsort(g, n, sizeof *g, by_revision);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && g[j].revision == g[i].revision; j++)
            ;
        if (j - i > 1) {
            for (size_t k = i; k < j; k++)
                member_path(a, keep, &g[k]);
            qsort(g + i, j - i, sizeof *g, by_path);
        }
    }
}

/* The diagnostics about whole files that agg_resolve finds, held until
 * they are handed out in file order: only the files concerned take room. */
struct note {
    int file;
    size_t seq;
    enum diag_id id;
    const char *x, *y;  /* in `text` */
};

struct notes {
    struct note *v;
    size_t n;
    arena text;
};

static const char *note_text(struct notes *ns, const char *s)
{
    return s ? arena_strndup(&ns->text, s, strlen(s)) : NULL;
}

static void note_push(struct notes *ns, int file, enum diag_id id, const char *x, const char *y)
{
    ns->v = xgrow(ns->v, ns->n, sizeof *ns->v);
    ns->v[ns->n] = (struct note){file, ns->n, id, note_text(ns, x), note_text(ns, y)};
    ns->n++;
}

/* Notes diagnostic `id` about a file, and counts it in the file's row. */
static void note_file(agg *a, struct notes *ns, int file, enum diag_id id, const char *x,
                      const char *y)
{
    note_push(ns, file, id, x, y);
    edit(a, (struct edit){file, EDIT_NOTE, (int)id, 0});
}

static int by_file_seq(const void *x, const void *y)
{
    const struct note *a = x, *b = y;
    if (a->file != b->file)
        return a->file - b->file;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Hands out the notes, one list a file, in file order, and frees them. */
static void notes_emit(const agg *a, struct notes *ns,
                       void (*emit)(void *ctx, diag_list *d), void *ctx)
{
    if (ns->n > 1)
        qsort(ns->v, ns->n, sizeof *ns->v, by_file_seq);
    for (size_t i = 0; i < ns->n;) {
        agg_file f = file_at(a, ns->v[i].file);
        diag_list d;
        diag_list_init(&d, f.path);
        size_t j = i;
        for (; j < ns->n && ns->v[j].file == ns->v[i].file; j++)
            diag_add(&d, f.line, ns->v[j].id, ns->v[j].x, ns->v[j].y);
        emit(ctx, &d);
        diag_list_release(&d);
        i = j;
    }
    free(ns->v);
    arena_release(&ns->text);
}

/* Settles the files g[0..n) of one unit and period, highest revision
 * first; returns the one that counts, or -1. */
static int settle_group(agg *a, arena *keep, struct member *g, size_t n, struct notes *pending)
{
    size_t i = 0, w = 0;
    int winner = -1;
    while (i < n && winner < 0) {
        size_t j = i;
        while (j < n && g[j].revision == g[i].revision)
            j++;
        /* g[i..j) share the highest remaining revision */
        size_t differ = i + 1; /* the first whose content differs from g[i]'s */
        while (differ < j && g[differ].hash == g[i].hash)
            differ++;
        char rev[16];
        snprintf(rev, sizeof rev, "%d", g[i].revision);
        if (differ < j) {
            for (size_t k = i; k < j; k++) {
                /* name the first file of the group whose content differs */
                const struct member *other = g[k].hash == g[i].hash ? &g[differ] : &g[i];
                set_fate(a, g[k].file, FATE_CONFLICT, other->file);
                note_file(a, pending, g[k].file, DIAG_SUB_CONFLICT, rev, other->path);
            }
        } else {
            /* identical copies: the one sent first counts (so a copy sent
             * again later does not make the unit late), the first by name
             * among those sent the same day */
            w = i;
            for (size_t k = i + 1; k < j; k++)
                if (g[k].sent < g[w].sent)
                    w = k;
            winner = g[w].file;
            for (size_t k = i; k < j; k++) {
                if (k == w)
                    continue;
                set_fate(a, g[k].file, FATE_DUPLICATE, winner);
                note_file(a, pending, g[k].file, DIAG_SUB_DUPLICATE, g[w].path, NULL);
            }
        }
        i = j;
    }
    /* a correction sent with only the figure that changed drops the others */
    if (winner >= 0 && i < n) {
        const plan *p = a->p;
        const uint64_t *had = g[i].duties, *has = g[w].duties;
        buf codes;
        buf_init(&codes, 0);
        for (size_t b = 0; b < p->nmeasures + p->ntasks; b++) {
            if (!has_bit(had, b) || has_bit(has, b))
                continue;
            if (b < p->nmeasures)
                buf_printf(&codes, "%s%s", codes.len ? ", " : "", p->measures[b].code);
            else
                buf_printf(&codes, "%stask %s", codes.len ? ", " : "",
                           p->tasks[b - p->nmeasures].code);
        }
        if (codes.len)
            note_file(a, pending, winner, DIAG_SUB_REVISION_DROPS, codes.data,
                      member_path(a, keep, &g[i]));
        buf_release(&codes);
    }
    for (; i < n; i++)
        set_fate(a, g[i].file, FATE_SUPERSEDED, winner);
    return winner;
}

/* An accepted file as settle_spans files it away, then its duties. */
struct mrec {
    int file;
    int span;
    int revision;
    date_t sent;
    uint64_t hash;
    size_t path_at;
};

struct sort_out {
    const agg *a;
    const int *batch_of;  /* per span */
    row_table **batch;    /* per batch: its files, in file order */
    unsigned char *rec;
};

static void sort_out_row(void *ctx, size_t i, void *row)
{
    struct sort_out *o = ctx;
    const struct frow *r = row;
    if (r->span < 0)
        return;
    struct mrec m = {(int)i, r->span, r->f.revision, r->f.sent, r->hash, r->path_at};
    memcpy(o->rec, &m, sizeof m);
    memcpy(o->rec + sizeof m, (const unsigned char *)row + sizeof *r,
           o->a->duty_words * sizeof(uint64_t));
    rows_add(o->batch[o->batch_of[r->span]], o->rec);
}

struct edit_at {
    struct edit e;
    size_t seq;           /* the order made */
};

static int by_edit_file(const void *x, const void *y)
{
    const struct edit_at *a = x, *b = y;
    if (a->e.file != b->e.file)
        return (a->e.file > b->e.file) - (a->e.file < b->e.file);
    return (a->seq > b->seq) - (a->seq < b->seq);
}

struct edits_pass {
    agg *a;
    const struct edit_at *v;
    size_t n, e;          /* the edits, by file; the next to make */
};

static void edits_write(void *ctx, size_t i, void *row)
{
    struct edits_pass *w = ctx;
    struct frow *r = row;
    for (; w->e < w->n && w->v[w->e].e.file == (int)i; w->e++)
        edit_apply(w->a, &r->f, &w->v[w->e].e);
}

/* Makes the changes that waited in st, a range of files at a time: each
 * table's edits sorted by file (in the order made for a file), then one
 * pass over its range of rows. */
static void edits_apply(agg *a, struct settling *st)
{
    for (size_t t = 0; t < st->n; t++) {
        size_t n = rows_count(st->edits[t]);
        struct edit_at *v = xreallocarray(NULL, n ? n : 1, sizeof *v);
        rows_cursor c;
        rows_cursor_init(&c, st->edits[t]);
        for (size_t k = 0; k < n; k++) {
            memcpy(&v[k].e, rows_cursor_get(&c, k), sizeof v[k].e);
            v[k].seq = k;
        }
        rows_cursor_release(&c);
        rows_free(st->edits[t]);
        qsort(v, n, sizeof *v, by_edit_file);
        struct edits_pass w = {a, v, n, 0};
        if (n)
            rows_scan_range(a->files, t * st->range, (t + 1) * st->range, 1, edits_write, &w);
        free(v);
    }
    free(st->edits);
}

/* Settles every span, with memory for a batch of files, not the run's:
 * - one pass over the rows files each accepted file away in its batch's
 *   table (batches are runs of spans of about SETTLE_BATCH files);
 * - each batch is read back, its files put span by span, each span sorted
 *   and settled; the changes to rows wait in tables by range of files;
 * - a last pass over the rows, a range at a time, makes them.
 * Every file is read and written a fixed number of times. */
static void settle_spans(agg *a, struct notes *pending)
{
    const struct spans *t = &a->spans;
    size_t total = 0;
    for (size_t s = 0; s < t->n; s++)
        total += (size_t)t->v[s].nfiles;
    size_t batch = a->settle_batch;
    size_t size = total / batch < SETTLE_TABLES ? batch : total / SETTLE_TABLES + 1;
    int *batch_of = xmalloc((t->n ? t->n : 1) * sizeof *batch_of);
    size_t nbatch = 0;
    for (size_t s = 0, in = 0; s < t->n; s++) {
        if (in > 0 && in + (size_t)t->v[s].nfiles > size) {
            nbatch++;
            in = 0;
        }
        batch_of[s] = (int)nbatch;
        in += (size_t)t->v[s].nfiles;
    }
    if (t->n)
        nbatch++;
    size_t msize = sizeof(struct mrec) + a->duty_words * sizeof(uint64_t);
    struct sort_out o = {a, batch_of, xcalloc(nbatch ? nbatch : 1, sizeof *o.batch),
                         xcalloc(1, msize)};
    for (size_t b = 0; b < nbatch; b++)
        o.batch[b] = rows_new(msize, (batch + nbatch - 1) / nbatch);
    rows_scan(a->files, 0, sort_out_row, &o);

    struct settling st;
    st.range = a->nfiles / batch < SETTLE_TABLES ? batch : a->nfiles / SETTLE_TABLES + 1;
    st.n = (a->nfiles + st.range - 1) / st.range;
    st.edits = xcalloc(st.n ? st.n : 1, sizeof *st.edits);
    for (size_t k = 0; k < st.n; k++)   /* about 2 edits a file: fate, diagnostic */
        st.edits[k] = rows_new(sizeof(struct edit), (2 * batch + st.n - 1) / st.n);
    a->settling = &st;

    struct member *g = NULL;
    uint64_t *duties = NULL;
    size_t *fill = NULL;
    arena paths;
    arena_init(&paths, 0);
    for (size_t b = 0, s0 = 0, s1; b < nbatch; b++, s0 = s1) {
        for (s1 = s0; s1 < t->n && batch_of[s1] == (int)b; s1++)
            ;
        size_t n = rows_count(o.batch[b]);
        g = xreallocarray(g, n ? n : 1, sizeof *g);
        duties = xreallocarray(duties, n ? n : 1, a->duty_words * sizeof *duties);
        fill = xreallocarray(fill, s1 - s0, sizeof *fill);
        for (size_t s = s0, at = 0; s < s1; s++) {
            fill[s - s0] = at;
            at += (size_t)t->v[s].nfiles;
        }
        rows_cursor c;
        rows_cursor_init(&c, o.batch[b]);
        for (size_t k = 0; k < n; k++) {
            const unsigned char *row = rows_cursor_get(&c, k);
            struct mrec m;
            memcpy(&m, row, sizeof m);
            size_t at = fill[(size_t)m.span - s0]++;
            uint64_t *d = duties + at * a->duty_words;
            memcpy(d, row + sizeof m, a->duty_words * sizeof *d);
            g[at] = (struct member){m.file, m.revision, m.sent, m.hash, m.path_at, NULL, d};
        }
        rows_cursor_release(&c);
        rows_free(o.batch[b]);
        for (size_t s = s0, at = 0; s < s1; s++) {
            size_t ns = (size_t)t->v[s].nfiles;
            sort_span(a, &paths, g + at, ns);
            t->v[s].winner = settle_group(a, &paths, g + at, ns, pending);
            at += ns;
        }
        arena_release(&paths);
    }
    a->settling = NULL;
    edits_apply(a, &st);
    free(g);
    free(duties);
    free(fill);
    free(o.batch);
    free(o.rec);
    free(batch_of);
}

static int by_fact(const void *x, const void *y)
{
    const struct fact *a = x, *b = y;
    if (a->measure != b->measure)
        return a->measure - b->measure;
    if (a->unit != b->unit)
        return a->unit - b->unit;
    if (a->per.last != b->per.last)
        return a->per.last - b->per.last;
    if (a->per.first != b->per.first)
        return a->per.first - b->per.first; /* longer first */
    return a->file - b->file;
}

static int by_ifact(const void *x, const void *y)
{
    const struct ifact *a = x, *b = y;
    if (a->measure != b->measure)
        return a->measure - b->measure;
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    if (a->per.last != b->per.last)
        return a->per.last - b->per.last;
    if (a->file != b->file)
        return a->file - b->file;
    return (a->line > b->line) - (a->line < b->line);
}

static void win_read(void *ctx, size_t i, void *row)
{
    agg *a = ctx;
    const struct frow *r = row;
    if (r->span < 0 || a->spans.v[r->span].winner != (int)i)
        return;
    const char *path = names_get(a->paths, r->path_at, NULL, NULL);
    a->wins[a->nwins++] =
        (struct win){(int)i,    r->span,   r->f.unit,   r->f.per,
                     r->f.sent, r->f.late, r->f.sample, arena_strndup(&a->win_paths, path, strlen(path))};
}

/* The files that count (each span's winner), by number, from their rows. */
static void list_wins(agg *a)
{
    size_t n = 0;
    for (size_t s = 0; s < a->spans.n; s++)
        n += a->spans.v[s].winner >= 0;
    a->wins = xreallocarray(NULL, n ? n : 1, sizeof *a->wins);
    a->nwins = 0;
    rows_scan(a->files, 0, win_read, a);
}

/* Drops from wins the files that no longer count (file-changed). */
static void drop_lost_wins(agg *a)
{
    size_t n = 0;
    for (size_t k = 0; k < a->nwins; k++)
        if (a->spans.v[a->wins[k].span].winner == a->wins[k].file)
            a->wins[n++] = a->wins[k];
    a->nwins = n;
}

/* Winner i read again, or NULL: a file whose unit, period, revision, sent
 * date, sample flag or content now read otherwise than they did changed
 * during the run, and is set aside. */
static submission *read_same(agg *a, struct span *sp, agg_reader reread, void *rctx,
                             struct notes *pending)
{
    int i = sp->winner;
    const struct frow *r = frow_get(a, i);
    agg_file f = r->f;
    uint64_t hash = r->hash;
    submission *s = reread(rctx, (size_t)i, names_get(a->paths, r->disk_at, NULL, NULL));
    if (s && s->unit == f.unit && period_same_span(&s->per, &f.per) &&
        s->revision == f.revision && s->content_hash == hash && s->sent == f.sent &&
        s->sample == f.sample)
        return s;
    submission_free(s);
    sp->winner = -1;
    set_fate(a, i, FATE_REJECTED, f.other);
    note_file(a, pending, i, DIAG_SUB_CHANGED, NULL, NULL);
    return NULL;
}

/* Reads again each winner that does not hold its facts (see hold): the
 * higher revisions of its span conflict, so its span holds none. */
static void read_winners_again(agg *a, agg_reader reread, void *rctx, struct notes *pending)
{
    for (size_t k = 0; k < a->nwins; k++) {
        const struct win *f = &a->wins[k];
        struct span *sp = &a->spans.v[f->span];
        if (sp->holder == sp->winner)
            continue;
        submission *s = read_same(a, sp, reread, rctx, pending);
        if (s) {
            sp->holder = sp->winner;
            sp->sub = take_facts(a, sp->winner, s);
        }
    }
}

/* Reads again the texts of the file that speaks for each unit (see
 * speakers) when keeps_texts did not keep them, as it chose among the
 * files read so far; then frees those of the files that do not speak, so
 * that one file's texts a unit are kept. */
static void texts_of_speakers(agg *a, agg_reader reread, void *rctx, struct notes *pending)
{
    int *sp;
    for (;;) {
        sp = speakers(a, &a->keep_texts, 0);
        int changed = 0;
        for (size_t k = 0; k < a->nwins; k++) {
            const struct win *f = &a->wins[k];
            if (f->unit < 0 || sp[f->unit] != a->wins[k].file)
                continue;
            struct span *s = &a->spans.v[f->span];
            if (s->sub)
                continue;
            submission *sub = read_same(a, s, reread, rctx, pending);
            if (sub) {
                submission_drop_figures(sub);   /* the facts are the collector's */
                s->sub = sub;
            } else {
                changed = 1;    /* set aside: another file may speak */
            }
        }
        if (!changed)
            break;
        free(sp);
        drop_lost_wins(a);
    }
    for (size_t s = 0; s < a->spans.n; s++) {
        struct span *x = &a->spans.v[s];
        if (x->sub && (x->winner < 0 || sp[x->unit] != x->winner)) {
            submission_free(x->sub);
            x->sub = NULL;
        }
    }
    free(sp);
}

struct deadlines {
    agg *a;
    struct notes *pending;
    size_t k;             /* the next of wins */
};

/* Sets the deadline of each file that counts, and whether it was late. */
static void deadline_row(void *ctx, size_t i, void *row)
{
    struct deadlines *d = ctx;
    agg *a = d->a;
    agg_file *f = &((struct frow *)row)->f;
    int span = ((struct frow *)row)->span;
    if (span < 0 || a->spans.v[span].winner != (int)i)
        return;
    int has_deadline;
    f->due = plan_deadline(a->p, &f->per, &has_deadline);
    f->late = has_deadline && f->sent > f->due;
    for (; d->k < a->nwins && a->wins[d->k].file <= (int)i; d->k++)
        if (a->wins[d->k].file == (int)i)
            a->wins[d->k].late = f->late;
    if (f->late) {
        char sent[16], due[16], msg[64];
        snprintf(msg, sizeof msg, "%s (%s)", date_dmy(f->due, due, sizeof due),
                 period_code(&f->per, sent, sizeof sent));
        note_push(d->pending, (int)i, DIAG_SUB_LATE, date_dmy(f->sent, sent, sizeof sent), msg);
        edit_apply(a, f, &(struct edit){(int)i, EDIT_NOTE, DIAG_SUB_LATE, 0});
    }
}

void agg_resolve(agg *a, agg_reader reread, void *rctx,
                 void (*emit)(void *ctx, diag_list *d), void *ctx)
{
    struct notes pending = {NULL, 0, {NULL, 0}};
    settle_spans(a, &pending);
    if (!a->settle_only) {
        list_wins(a);
        keep_facts(a, 0);
        keep_items(a, 0);
        read_winners_again(a, reread, rctx, &pending);
        drop_lost_wins(a);
        if (a->keep_texts_set)
            texts_of_speakers(a, reread, rctx, &pending);
    }
    free(a->text_best);
    a->text_best = NULL;
    /* texts are kept for the files that count only */
    for (size_t s = 0; s < a->spans.n; s++) {
        struct span *x = &a->spans.v[s];
        if (x->sub && x->holder != x->winner) {
            submission_free(x->sub);
            x->sub = NULL;
        }
    }

    struct deadlines d = {a, &pending, 0};
    rows_scan(a->files, 1, deadline_row, &d);
    /* the facts of the winners only */
    keep_facts(a, 1);
    keep_items(a, 1);
    size_t nf = a->nfacts, ni = a->nitems;
    if (nf) {
        a->facts = xreallocarray(a->facts, nf, sizeof *a->facts);
        a->facts_cap = nf;
    }
    if (ni) {
        a->items = xreallocarray(a->items, ni, sizeof *a->items);
        a->items_cap = ni;
    }
    if (a->nfacts > 1)
        qsort(a->facts, a->nfacts, sizeof *a->facts, by_fact);
    if (a->nitems > 1)
        qsort(a->items, a->nitems, sizeof *a->items, by_ifact);
    notes_emit(a, &pending, emit, ctx);
}

/* ---- figures ---- */

static void add_ref(agg_figure *f, int file, unsigned long line)
{
    f->refs = xgrow(f->refs, f->nrefs, sizeof *f->refs);
    f->refs[f->nrefs++] = (agg_ref){file, line};
}

static void figure_free(agg_figure *f)
{
    free(f->refs);
    memset(f, 0, sizeof *f);
}

/* The range [lo, hi) of facts for (measure, unit). */
static void fact_range(const agg *a, int m, int u, size_t *lo, size_t *hi)
{
    size_t l = 0, h = a->nfacts;
    while (l < h) {
        size_t mid = (l + h) / 2;
        const struct fact *f = &a->facts[mid];
        if (f->measure < m || (f->measure == m && f->unit < u))
            l = mid + 1;
        else
            h = mid;
    }
    *lo = l;
    while (l < a->nfacts && a->facts[l].measure == m && a->facts[l].unit == u)
        l++;
    *hi = l;
}

static const struct fact *exact_fact(const agg *a, size_t lo, size_t hi, const period *per)
{
    for (size_t i = lo; i < hi; i++)
        if (period_same_span(&a->facts[i].per, per))
            return &a->facts[i];
    return NULL;
}

/* Whether unit u was expected to report for quarter q: it existed on the
 * last day of the quarter's window (the rule of coverage). */
static int expected_in_quarter(const agg *a, int u, int q)
{
    period per = period_quarter(q / 4, q % 4 + 1);
    date_t from, to;
    period_window(&per, a->p->cutoff_day, &from, &to);
    return plan_unit_exists_on(a->p, u, to);
}

/*
 * The tiles of an amount of unit u over quarters [first, last]: the figure
 * submitted for exactly that span, else the submitted periods that tile it,
 * taking at each quarter the longest period that starts there and ends
 * within the span (a year, nine months, a half-year, a quarter). Writes at
 * most last - first + 1 facts to tiles and returns their number; *missing
 * is set when a quarter no period covers was one the unit was expected to
 * report for.
 */
static size_t amount_tiles(const agg *a, size_t lo, size_t hi, int u, int first, int last,
                           const struct fact **tiles, int *missing)
{
    size_t n = 0;
    *missing = 0;
    for (int q = first; q <= last;) {
        const struct fact *best = NULL;
        for (size_t i = lo; i < hi; i++) {
            const struct fact *f = &a->facts[i];
            if (f->per.first == q && f->per.last <= last && (!best || f->per.last > best->per.last))
                best = f;
        }
        if (!best) {
            *missing |= expected_in_quarter(a, u, q);
            q++;
            continue;
        }
        tiles[n++] = best;
        q = best->per.last + 1;
    }
    return n;
}

/* An amount of unit u over quarters [first, last]: the sum of its tiles. */
static void amount_figure(const agg *a, size_t lo, size_t hi, int u, int first, int last,
                          agg_figure *out)
{
    const struct fact **tiles = xmalloc((size_t)(last - first + 1) * sizeof *tiles);
    int missing, overflow = 0;
    size_t n = amount_tiles(a, lo, hi, u, first, last, tiles, &missing);
    num_t sum = 0;
    for (size_t k = 0; k < n; k++) {
        if (num_add(sum, tiles[k]->value, &sum) < 0)
            overflow = 1;
        add_ref(out, tiles[k]->file, tiles[k]->line);
    }
    int exact = n == 1 && period_same_span(&tiles[0]->per, &(period){PERIOD_RANGE, first, last});
    free(tiles);
    out->overflow = overflow;
    out->known = n > 0 && !overflow;
    out->value = overflow ? 0 : sum;
    out->rule = !out->known ? RULE_NONE : exact ? RULE_SUBMITTED : RULE_SUM;
    out->partial = out->known && missing;
}

/* A stock at the end of `per`: the figure for exactly that period, else the
 * latest figure up to its end (of the longest period among those ending
 * then, as an annual figure is the final one). */
static const struct fact *latest_fact(const agg *a, size_t lo, size_t hi, const period *per)
{
    const struct fact *exact = exact_fact(a, lo, hi, per);
    if (exact)
        return exact;
    size_t end = lo;
    while (end < hi && a->facts[end].per.last <= per->last)
        end++;
    if (end == lo)
        return NULL;
    /* facts are sorted by end, longer first within an end */
    int last = a->facts[end - 1].per.last;
    size_t i = end - 1;
    while (i > lo && a->facts[i - 1].per.last == last)
        i--;
    return &a->facts[i];
}

static void unit_figure(const agg *a, int m, int u, const period *per, agg_figure *out)
{
    memset(out, 0, sizeof *out);
    size_t lo, hi;
    fact_range(a, m, u, &lo, &hi);
    if (lo == hi)
        return;
    if (a->p->measures[m].kind == MEASURE_AMOUNT) {
        amount_figure(a, lo, hi, u, per->first, per->last, out);
        return;
    }
    const struct fact *f = latest_fact(a, lo, hi, per);
    if (!f)
        return;
    out->known = 1;
    out->value = f->value;
    out->rule = period_same_span(&f->per, per) ? RULE_SUBMITTED
                                                                       : RULE_LATEST;
    /* an older figure stands in for quarters the unit should have reported */
    for (int q = f->per.last + 1; q <= per->last && !out->partial; q++)
        out->partial = expected_in_quarter(a, u, q);
    add_ref(out, f->file, f->line);
}

/* The last day of the window of the period a figure comes from. */
static date_t figure_day(const agg *a, const agg_figure *f)
{
    date_t from, to;
    period_window(&win_of(a, f->refs[0].file)->per, a->p->cutoff_day, &from, &to);
    return to;
}

/*
 * What unit u holds of a stock at day `to`: its own figure, plus what each
 * unit it succeeded (and that had ended by then) holds, unless u's own
 * figure is dated after that unit ended and so already includes it.
 */
static void rollup_unit(const agg *a, agg_measure *m, const int *fig_of, int u, date_t to,
                        agg_figure *t, int depth)
{
    const plan *p = a->p;
    date_t own_day = INT32_MIN;
    if (fig_of[u] >= 0) {
        agg_unit_figure *f = &m->units[fig_of[u]];
        f->counted = 1;
        t->known = 1;
        t->partial |= f->fig.partial;
        if (num_add(t->value, f->fig.value, &t->value) < 0)
            t->overflow = 1;
        add_ref(t, f->fig.refs[0].file, f->fig.refs[0].line);
        own_day = figure_day(a, &f->fig);
    }
    if (depth > (int)p->nunits)
        return;
    for (int k = p->pred_first[u]; k >= 0; k = p->pred_next[k])
        if (p->units[k].to < to && own_day <= p->units[k].to)
            rollup_unit(a, m, fig_of, k, to, t, depth + 1);
}

/* The province total of a stock at day `to`: the holdings of every unit
 * existing then. Figures of units that do not report the measure are not
 * counted. */
static void stock_rollup(const agg *a, agg_measure *m, date_t to, agg_figure *t)
{
    const plan *p = a->p;
    int *fig_of = xmalloc((p->nunits ? p->nunits : 1) * sizeof *fig_of);
    for (size_t u = 0; u < p->nunits; u++)
        fig_of[u] = -1;
    for (size_t k = 0; k < m->nunits; k++)
        if (m->units[k].counted) /* assigned; now counted only if used */
            fig_of[m->units[k].unit] = (int)k;
    for (size_t k = 0; k < m->nunits; k++)
        m->units[k].counted = 0;
    for (size_t u = 0; u < p->nunits; u++)
        if (plan_holder(p, (int)u, to) == (int)u)
            rollup_unit(a, m, fig_of, (int)u, to, t, 0);
    if (t->overflow) {
        t->known = 0;
        t->value = 0;
    }
    free(fig_of);
}

/* Whether unit u reports measure m for the period ending on day `to`
 * (judged on its own last day when it ended before). */
static int assigned(const agg *a, int u, int m, date_t to)
{
    date_t day = to < a->p->units[u].to ? to : a->p->units[u].to;
    return plan_unit_reports(a->p, u, m, day);
}

/* The tiles of successor s over `per` for periods that began before s
 * existed: those speak for its whole area (see amount_total). */
static size_t area_tiles(const agg *a, int m, int s, const period *per,
                         const struct fact **tiles)
{
    size_t lo, hi, n = 0;
    int missing;
    fact_range(a, m, s, &lo, &hi);
    size_t all = amount_tiles(a, lo, hi, s, per->first, per->last, tiles, &missing);
    for (size_t j = 0; j < all; j++) {
        date_t from, to;
        period_window(&tiles[j]->per, a->p->cutoff_day, &from, &to);
        if (from < a->p->units[s].from)
            tiles[n++] = tiles[j];
    }
    return n;
}

/* Whether the tiles w cover every quarter of f's period. */
static int covers(const struct fact *const *w, size_t nw, const struct fact *f)
{
    for (int q = f->per.first; q <= f->per.last; q++) {
        size_t j = 0;
        while (j < nw && !(w[j]->per.first <= q && q <= w[j]->per.last))
            j++;
        if (j == nw)
            return 0;
    }
    return 1;
}

/*
 * The province total of an amount over `per`: the counted units' tiles,
 * except a tile of a unit that ended whose every quarter a counted
 * successor (or its own successor...) covers with tiles for periods that
 * began before that successor existed. Such a figure speaks for its whole
 * area over the period (the history of the units it succeeded belongs to
 * it), so it already includes what they reported for it. A successor that
 * existed before (a merger into a standing department) speaks only for
 * itself. Such a unit is marked in_successor; its own figure is listed whole.
 */
static void amount_total(const agg *a, int m, const period *per, agg_measure *out)
{
    const plan *p = a->p;
    agg_figure *t = &out->total;
    size_t cap = (size_t)(per->last - per->first + 1);
    const struct fact **own = xmalloc(cap * sizeof *own), **theirs = xmalloc(cap * sizeof *theirs);
    for (size_t k = 0; k < out->nunits; k++) {
        agg_unit_figure *uf = &out->units[k];
        t->overflow |= uf->fig.overflow;
        if (!uf->counted)
            continue;
        t->known = 1;
        t->partial |= uf->fig.partial;
        size_t lo, hi;
        int missing;
        fact_range(a, m, uf->unit, &lo, &hi);
        size_t n = amount_tiles(a, lo, hi, uf->unit, per->first, per->last, own, &missing);
        for (int s = p->units[uf->unit].successor, depth = 0; s >= 0 && depth < (int)p->nunits;
             s = p->units[s].successor, depth++) {
            const agg_unit_figure *sf = agg_measure_unit(out, s);
            if (!sf || !sf->counted)
                continue;
            size_t nw = area_tiles(a, m, s, per, theirs), kept = 0;
            for (size_t i = 0; i < n; i++)
                if (covers(theirs, nw, own[i]))
                    uf->in_successor = 1;
                else
                    own[kept++] = own[i];
            n = kept;
        }
        for (size_t i = 0; i < n; i++) {
            if (num_add(t->value, own[i]->value, &t->value) < 0)
                t->overflow = 1;
            add_ref(t, own[i]->file, own[i]->line);
        }
    }
    free(own);
    free(theirs);
}

/* A measure's figures by unit and its province total over `per`. */
static void measure_figures(const agg *a, int m, const period *per, agg_measure *out)
{
    const plan *p = a->p;
    memset(out, 0, sizeof *out);
    out->measure = m;
    out->units = xcalloc(p->nunits ? p->nunits : 1, sizeof *out->units);
    date_t from, to;
    period_window(per, p->cutoff_day, &from, &to);
    for (size_t u = 0; u < p->nunits; u++) {
        agg_figure f;
        unit_figure(a, m, (int)u, per, &f);
        if (f.known || f.overflow) {
            int as = assigned(a, (int)u, m, to);
            out->units[out->nunits++] = (agg_unit_figure){.unit = (int)u, .assigned = as,
                                                              .counted = f.known && as, .fig = f};
        }
        else
            figure_free(&f);
    }
    if (out->nunits)   /* most units do not report most measures */
        out->units = xreallocarray(out->units, out->nunits, sizeof *out->units);
    agg_figure *t = &out->total;
    if (p->measures[m].kind == MEASURE_AMOUNT) {
        amount_total(a, m, per, out);
        if (t->overflow) {
            t->known = 0;
            t->value = 0;
        }
        t->rule = t->known ? RULE_SUM : RULE_NONE;
        return;
    }
    /* stocks: what every unit existing at the period's end holds */
    stock_rollup(a, out, to, t);
    t->rule = t->known ? RULE_LATEST : RULE_NONE;
}

const agg_unit_figure *agg_measure_unit(const agg_measure *m, int unit)
{
    size_t lo = 0, hi = m->nunits;   /* the units are in plan order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->units[mid].unit < unit)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nunits && m->units[lo].unit == unit ? &m->units[lo] : NULL;
}

static void measure_release(agg_measure *m)
{
    for (size_t k = 0; k < m->nunits; k++)
        figure_free(&m->units[k].fig);
    free(m->units);
    figure_free(&m->total);
}

/* ---- items ---- */

/* The end of the reports of the item that starts at index i. */
static size_t item_end(const agg *a, size_t i)
{
    size_t j = i + 1;
    while (j < a->nitems && a->items[j].measure == a->items[i].measure &&
           strcmp(a->items[j].id, a->items[i].id) == 0)
        j++;
    return j;
}

/* Whether the item whose reports are items[i..j) is new within [first,
 * last]: one of its earliest reports (by the end of their periods; they are
 * sorted so) lies within it. An item reported again later is not new again. */
static int item_new_in(const agg *a, size_t i, size_t j, int first, int last)
{
    for (size_t k = i; k < j && a->items[k].per.last == a->items[i].per.last; k++)
        if (a->items[k].per.first >= first && a->items[k].per.last <= last)
            return 1;
    return 0;
}

/* Distinct items of measure m new within [first, last]. */
static long count_items(const agg *a, int m, int first, int last)
{
    long n = 0;
    for (size_t i = 0; i < a->nitems;) {
        size_t j = item_end(a, i);
        if (a->items[i].measure == m)
            n += item_new_in(a, i, j, first, last);
        i = j;
    }
    return n;
}

/* Whether some unit sent a report for a period within [first, last] while
 * it reported one of the measures: otherwise a count of 0 means no data. */
static int counted(const agg *a, const int *list, size_t n, int first, int last)
{
    for (size_t i = 0; i < a->nwins; i++) {
        const struct win *f = &a->wins[i];
        if (f->per.first < first || f->per.last > last)
            continue;
        date_t from, to;
        period_window(&f->per, a->p->cutoff_day, &from, &to);
        for (size_t k = 0; k < n; k++)
            if (plan_unit_reports(a->p, f->unit, list[k], to))
                return 1;
    }
    return 0;
}

/* ---- indicators ---- */

static const char *const note_texts[] = {
    "",
    "no figures were reported",
    "no unit that reports it sent a report",
    "the denominator is zero",
    "the baseline is not provided",
    "the baseline is zero",
    "no whole year after the baseline year has ended",
    "the year's figure is zero",
    "a sum passed the largest figure baocao holds",
    "no figures were reported for the denominator",
};

const char *agg_note_text(enum agg_note n)
{
    return note_texts[n];
}

char *agg_format(agg_real v, int decimals, enum num_style style, char *out, size_t n)
{
    if (!v.known) {
        out[0] = '\0';
        return out;
    }
    if (v.exact)
        return num_format_ratio(v.num, v.den, decimals, style, out, n);
    return num_format_real(v.v, decimals, style, out, n);
}

/* A value: the exact fraction num/den (den > 0), or only v. */
struct quot {
    agg_real r;
    enum agg_note note;
    int partial;
};

static struct quot q_frac(num_wide num, num_wide den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    return (struct quot){{1, 1, num, den, (long double)num / (long double)den}, NOTE_NONE, 0};
}

static struct quot q_unknown(enum agg_note note)
{
    return (struct quot){{0, 0, 0, 1, 0}, note, 0};
}

/* The sum of the totals of measures list[] over per. */
static struct quot sum_measures(const agg *a, const int *list, size_t n, const period *per)
{
    int known = 0, partial = 0, overflow = 0;
    num_t sum = 0;
    for (size_t k = 0; k < n; k++) {
        agg_measure m;
        measure_figures(a, list[k], per, &m);
        overflow |= m.total.overflow;
        if (m.total.known) {
            known = 1;
            partial |= m.total.partial;
            if (num_add(sum, m.total.value, &sum) < 0)
                overflow = 1;
        }
        measure_release(&m);
    }
    if (overflow)
        return q_unknown(NOTE_OVERFLOW);
    if (!known)
        return q_unknown(NOTE_NO_FIGURES);
    struct quot q = q_frac(sum, NUM_SCALE);
    q.partial = partial;
    return q;
}

static int growth_year(const period *per)
{
    /* the last whole year that has ended by the period's end */
    return per->last % 4 == 3 ? per->last / 4 : per->last / 4 - 1;
}

static struct quot ind_value(const agg *a, const plan_indicator *x, const period *per)
{
    switch (x->compute) {
    case IND_SUM:
        return sum_measures(a, x->num, x->nnum, per);
    case IND_RATIO: {
        struct quot n = sum_measures(a, x->num, x->nnum, per);
        struct quot d = sum_measures(a, x->den, x->nden, per);
        if (!n.r.known)
            return n;
        if (!d.r.known)
            return d.note == NOTE_NO_FIGURES ? q_unknown(NOTE_NO_DENOMINATOR) : d;
        if (d.r.num == 0)
            return q_unknown(NOTE_DEN_ZERO);
        /* 100 * n / d, both scaled alike */
        struct quot q = q_frac(100 * n.r.num, d.r.num);
        q.partial = n.partial || d.partial;
        return q;
    }
    case IND_MULTIPLE: {
        struct quot n = sum_measures(a, x->num, x->nnum, per);
        if (!n.r.known)
            return n;
        if (!x->baseline_known)
            return q_unknown(NOTE_NO_BASELINE);
        if (x->baseline_value <= 0)
            return q_unknown(NOTE_BASELINE_ZERO);
        struct quot q = q_frac(n.r.num, x->baseline_value);
        q.partial = n.partial;
        return q;
    }
    case IND_GROWTH: {
        if (!x->baseline_known)
            return q_unknown(NOTE_NO_BASELINE);
        if (x->baseline_value <= 0)
            return q_unknown(NOTE_BASELINE_ZERO);
        int y = growth_year(per);
        if (y <= x->baseline_year)
            return q_unknown(NOTE_NO_WHOLE_YEAR);
        period year = period_year(y);
        struct quot n = sum_measures(a, x->num, x->nnum, &year);
        if (!n.r.known)
            return n;
        if (n.r.num <= 0)
            return q_unknown(NOTE_YEAR_ZERO);
        long double ratio = (long double)n.r.num / (long double)x->baseline_value;
        long double g = (powl(ratio, 1.0L / (long double)(y - x->baseline_year)) - 1) * 100;
        return (struct quot){{1, 0, 0, 1, g}, NOTE_NONE, n.partial};
    }
    case IND_COUNT: {
        if (!counted(a, x->num, x->nnum, per->first, per->last))
            return q_unknown(NOTE_NO_REPORT);
        long n = 0;
        for (size_t k = 0; k < x->nnum; k++)
            n += count_items(a, x->num[k], per->first, per->last);
        return q_frac(n, 1);
    }
    }
    return q_unknown(NOTE_NO_FIGURES);
}

/* -1, 0, 1: the value against the target. */
static int compare_target(const agg_real *v, num_t target)
{
    if (v->exact) {
        num_wide lhs = v->num * NUM_SCALE, rhs = (num_wide)target * v->den;
        return (lhs > rhs) - (lhs < rhs);
    }
    long double t = num_to_real(target);
    long double eps = 1e-12L * (fabsl(t) > 1 ? fabsl(t) : 1);
    return v->v > t + eps ? 1 : v->v < t - eps ? -1 : 0;
}

static int meets(int c, enum ind_cmp cmp)
{
    switch (cmp) {
    case CMP_GE: return c >= 0;
    case CMP_GT: return c > 0;
    case CMP_LE: return c <= 0;
    case CMP_LT: return c < 0;
    case CMP_EQ: return c == 0;
    }
    return 0;
}

/* v * mul / div as a value, exact when v is (growth is not). */
static agg_real scaled(const agg_real *v, num_wide mul, num_wide div)
{
    if (!v->known || div == 0)
        return (agg_real){0, 0, 0, 1, 0};
    if (v->exact)
        return q_frac(v->num * mul, v->den * div).r;
    return (agg_real){1, 0, 0, 1, v->v * (long double)mul / (long double)div};
}

static int accumulates(const plan *p, const plan_indicator *x)
{
    if (x->compute == IND_COUNT)
        return 1;
    if (x->compute != IND_SUM)
        return 0;
    for (size_t k = 0; k < x->nnum; k++)
        if (p->measures[x->num[k]].kind != MEASURE_AMOUNT)
            return 0;
    return 1;
}

period agg_coverage_period(const period *r)
{
    return r->kind == PERIOD_RANGE ? period_year(r->last / 4) : *r;
}

/* last_data: the last quarter any counted file reaches; the trend stops
 * there rather than run flat into quarters nobody has reported yet. */
static void compute_indicator(const agg *a, const plan_indicator *x, const period *r,
                              int last_data, agg_indicator *out)
{
    const plan *p = a->p;
    static const agg_real none = {0, 0, 0, 1, 0};
    memset(out, 0, sizeof *out);
    out->indicator = (int)(x - p->indicators);
    out->accumulates = accumulates(p, x);
    period cum = {PERIOD_RANGE, p->from_year * 4, r->last};
    period ago = {r->kind, r->first - 4, r->last - 4};

    struct quot v = ind_value(a, x, r);
    struct quot c = ind_value(a, x, &cum);
    out->value = v.r;
    out->cumulative = c.r;
    /* a year earlier than the whole plan means nothing */
    out->year_ago = none;
    if (r->kind != PERIOD_RANGE && ago.first >= p->from_year * 4 - 4)
        out->year_ago = ind_value(a, x, &ago).r;
    out->note = v.note;
    out->baseline = none;
    if (x->has_baseline && x->baseline_known)
        out->baseline = q_frac(x->baseline_value, NUM_SCALE).r;

    struct quot judged;
    if (out->accumulates) {
        judged = c;
    } else if (r->first / 4 == r->last / 4) {
        judged = v;
    } else {
        period last_year = period_year(r->last / 4);
        judged = ind_value(a, x, &last_year);
        out->judged_year = r->last / 4;
    }
    if (x->compute == IND_GROWTH)
        out->judged_year = growth_year(r);
    out->judged = judged.r;
    out->partial = (judged.r.known && judged.partial) || (v.r.known && v.partial) ||
                   (c.r.known && c.partial);
    out->percent = out->expected = out->projection = none;
    if (!judged.r.known) {
        out->status = STATUS_NO_DATA;
        if (out->note == NOTE_NONE)
            out->note = judged.note;
        goto trend;
    }
    /* percent of target: 100 v / t, or 100 t / v for "at most" targets */
    if (x->target != 0) {
        agg_real t = q_frac(x->target, NUM_SCALE).r;
        agg_real inv = judged.r.exact ? q_frac(judged.r.den, judged.r.num).r
                                      : (agg_real){1, 0, 0, 1, 1 / judged.r.v};
        /* a cap (at most t > 0) is met the more the value stays under it;
         * a fall (at most t < 0, growth only) as far as the value goes down */
        if ((x->cmp == CMP_LE || x->cmp == CMP_LT) && x->target > 0)
            out->percent = judged.r.v > 0 ? scaled(&inv, 100 * t.num, t.den) : none;
        else
            out->percent = scaled(&judged.r, 100 * t.den, t.num);
        /* a value that went the other way (a fall where growth was wanted)
         * has no share of the target: "-372,3%" would only mislead */
        if (out->percent.known && out->percent.v < 0)
            out->percent = none;
    }
    /* accumulating targets: the share of the time to the target year that
     * has passed, and a linear projection to it */
    int total = x->target_year * 4 + 3 - p->from_year * 4 + 1;
    int elapsed = r->last - p->from_year * 4 + 1;
    if (out->accumulates && total > 0 && elapsed > 0) {
        out->expected = q_frac(100 * (elapsed < total ? elapsed : total), total).r;
        if (elapsed < total)   /* at the target year's end there is nothing to estimate */
            out->projection = scaled(&judged.r, total, elapsed);
    }
    int cmpres = compare_target(&judged.r, x->target);
    if (meets(cmpres, x->cmp))
        out->status = cmpres != 0 && (x->cmp == CMP_GE || x->cmp == CMP_LE) ? STATUS_EXCEEDED
                                                                             : STATUS_ACHIEVED;
    else if (r->last >= x->target_year * 4 + 3)
        out->status = STATUS_NOT_ACHIEVED;   /* no time is left to catch up */
    else if (out->accumulates && out->percent.known && out->expected.known &&
             out->percent.v >= out->expected.v)
        out->status = STATUS_ON_TRACK;
    else
        out->status = STATUS_BEHIND;
trend:
    if (out->accumulates) {
        out->ntrend = (size_t)(r->last - p->from_year * 4 + 1);
        out->trend = xcalloc(out->ntrend ? out->ntrend : 1, sizeof *out->trend);
        for (size_t k = 0; k < out->ntrend && p->from_year * 4 + (int)k <= last_data; k++) {
            period upto = {PERIOD_RANGE, p->from_year * 4, p->from_year * 4 + (int)k};
            out->trend[k] = ind_value(a, x, &upto).r;
        }
    }
}

/* ---- coverage, items, tasks, remarks ---- */

static void compute_coverage(const agg *a, agg_report *rep)
{
    const plan *p = a->p;
    const period *cp = &rep->coverage_period;
    rep->coverage = xcalloc(p->nunits ? p->nunits : 1, sizeof *rep->coverage);
    /* the winning files of each unit, as lists (one pass, not units x files)
     * of their places in wins */
    int *first = xmalloc((p->nunits ? p->nunits : 1) * sizeof *first);
    int *next = xmalloc((a->nwins ? a->nwins : 1) * sizeof *next);
    for (size_t u = 0; u < p->nunits; u++)
        first[u] = -1;
    for (size_t i = a->nwins; i-- > 0;) {
        if (a->wins[i].unit >= 0) {
            next[i] = first[a->wins[i].unit];
            first[a->wins[i].unit] = (int)i;
        }
    }
    for (size_t u = 0; u < p->nunits; u++) {
        if (!plan_unit_expected(p, (int)u, cp))
            continue;
        agg_coverage c = {(int)u, COV_MISSING, -1, 0};
        /* the quarters it was expected to report: all of them for a unit
         * that existed throughout, those from its start for a successor
         * (its predecessor reported the earlier ones) */
        int quarters = 0, expected = 0;
        for (int q = cp->first; q <= cp->last; q++) {
            period pq = {PERIOD_QUARTER, q, q};
            expected += plan_unit_expected(p, (int)u, &pq);
        }
        for (int i = first[u]; i >= 0; i = next[i]) {
            const struct win *f = &a->wins[i];
            if (period_same_span(&f->per, cp)) {
                c.status = f->late ? COV_LATE : COV_ON_TIME;
                c.file = a->wins[i].file;
                c.sent = f->sent;
            } else if (f->per.kind == PERIOD_QUARTER && f->per.first >= cp->first &&
                       f->per.last <= cp->last && plan_unit_expected(p, (int)u, &f->per)) {
                quarters++;
            }
        }
        if (c.status == COV_MISSING && cp->kind != PERIOD_QUARTER && expected > 0 &&
            quarters == expected)
            c.status = COV_DERIVED;
        rep->coverage[rep->ncoverage++] = c;
    }
    free(first);
    free(next);
}

static void compute_items(const agg *a, agg_report *rep)
{
    const plan *p = a->p;
    int first = p->from_year * 4, last = rep->per.last;
    size_t cap = 0;
    for (size_t i = 0; i < a->nitems;) {
        size_t j = item_end(a, i);
        agg_item it = {a->items[i].measure, a->items[i].id, a->items[i].name, a->items[i].date,
                       item_new_in(a, i, j, rep->per.first, rep->per.last), NULL, 0};
        for (size_t k = i; k < j; k++) {
            const struct ifact *f = &a->items[k];
            if (f->per.first < first || f->per.last > last)
                continue;
            it.reports = xgrow(it.reports, it.nreports, sizeof *it.reports);
            it.reports[it.nreports++] = (agg_item_report){f->unit, f->file, f->line};
        }
        if (it.nreports) {
            if (rep->nitems == cap) {
                cap = cap ? 2 * cap : 16;
                rep->items = xreallocarray(rep->items, cap, sizeof *rep->items);
            }
            rep->items[rep->nitems++] = it;
        }
        i = j;
    }
}

static void compute_tasks_remarks(const agg *a, agg_report *rep)
{
    const plan *p = a->p;
    rep->ntasks = p->ntasks;
    rep->tasks = xcalloc(p->ntasks ? p->ntasks : 1, sizeof *rep->tasks);
    for (size_t k = 0; k < p->ntasks; k++)
        rep->tasks[k].task = (int)k;
    size_t cap = 0;
    int *speaker = speakers(a, &rep->coverage_period, 1);
    for (size_t w = 0; w < a->nwins; w++) {
        const struct win *f = &a->wins[w];
        int i = a->wins[w].file;
        if (f->unit < 0 || speaker[f->unit] != i)
            continue;
        const submission *s = a->spans.v[f->span].sub;
        for (size_t k = 0; k < s->ntasks; k++) {
            const sub_task *t = &s->tasks[k];
            agg_task *at = &rep->tasks[t->task];
            enum task_role role = plan_task_role(p, s->unit, t->task, rep->to);
            at->reports = xgrow(at->reports, at->nreports, sizeof *at->reports);
            at->reports[at->nreports++] =
                (agg_task_report){s->unit, role, t->status, t->text, {(int)i, t->line}};
            if (role == ROLE_LEAD) {
                at->has_lead_report = 1;
                at->status = t->status;
            }
        }
        for (size_t k = 0; k < s->nremarks; k++) {
            if (rep->nremarks == cap) {
                cap = cap ? 2 * cap : 16;
                rep->remarks = xreallocarray(rep->remarks, cap, sizeof *rep->remarks);
            }
            rep->remarks[rep->nremarks++] = (agg_remark){
                s->unit, s->remarks[k].kind, s->remarks[k].text, {(int)i, s->remarks[k].line}};
        }
    }
    free(speaker);
}

agg_report *agg_compute(const agg *a, const period *r)
{
    const plan *p = a->p;
    agg_report *rep = xcalloc(1, sizeof *rep);
    rep->per = *r;
    rep->coverage_period = agg_coverage_period(r);
    period_window(&rep->coverage_period, p->cutoff_day, &rep->from, &rep->to);
    int has_deadline;
    rep->due = plan_deadline(p, &rep->coverage_period, &has_deadline);
    if (!has_deadline) {   /* its figures come from the quarters: the last one's */
        period q = {PERIOD_QUARTER, rep->coverage_period.last, rep->coverage_period.last};
        rep->due = plan_deadline(p, &q, NULL);
    }

    agg_count_fates(a, &rep->files_accepted, &rep->files_superseded, &rep->files_rejected,
                    &rep->files_skipped);
    for (size_t i = 0; i < a->nwins; i++)
        if (a->wins[i].sample)
            rep->sample = 1;
    rep->files_total = a->nfiles;
    for (size_t k = 0; k < p->nindicators; k++)
        if (p->indicators[k].baseline_is_sample)
            rep->sample = 1;

    rep->nmeasures = rep->ncumulative = p->nmeasures;
    rep->measures = xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof *rep->measures);
    rep->cumulative = xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof *rep->cumulative);
    period cum = {PERIOD_RANGE, p->from_year * 4, r->last};
    for (size_t m = 0; m < p->nmeasures; m++) {
        measure_figures(a, (int)m, r, &rep->measures[m]);
        measure_figures(a, (int)m, &cum, &rep->cumulative[m]);
    }
    int last_data = -1;
    for (size_t i = 0; i < a->nwins; i++)
        if (a->wins[i].per.last > last_data)
            last_data = a->wins[i].per.last;
    rep->nindicators = p->nindicators;
    rep->indicators = xcalloc(p->nindicators ? p->nindicators : 1, sizeof *rep->indicators);
    for (size_t k = 0; k < p->nindicators; k++)
        compute_indicator(a, &p->indicators[k], r, last_data, &rep->indicators[k]);
    compute_coverage(a, rep);
    compute_items(a, rep);
    compute_tasks_remarks(a, rep);
    return rep;
}

void agg_report_free(agg_report *r)
{
    if (!r)
        return;
    for (size_t m = 0; m < r->nmeasures; m++)
        measure_release(&r->measures[m]);
    for (size_t m = 0; m < r->ncumulative; m++)
        measure_release(&r->cumulative[m]);
    for (size_t k = 0; k < r->nindicators; k++)
        free(r->indicators[k].trend);
    for (size_t k = 0; k < r->nitems; k++)
        free(r->items[k].reports);
    for (size_t k = 0; k < r->ntasks; k++)
        free(r->tasks[k].reports);
    free(r->measures);
    free(r->cumulative);
    free(r->indicators);
    free(r->coverage);
    free(r->items);
    free(r->tasks);
    free(r->remarks);
    free(r);
}

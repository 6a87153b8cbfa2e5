/*
 * ttf: TrueType subsetting (see ttf.h).
 *
 * The steps: find the face's table directory (inside a .ttc collection if
 * need be), check the tables it needs, close the set of glyphs over the
 * components of composite glyphs, give the kept glyphs new ids in their old
 * order, and write a new font of nine tables at most, with long loca
 * offsets, one full metric per glyph and a head checksum adjustment made
 * the way the OpenType specification says. Every read goes through rd16 /
 * rd32 on a bounds-checked span.
 */
#include "ttf.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

typedef struct span {
    const unsigned char *p;
    size_t len;
} span;

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void wr16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* The tables written, in the sorted tag order the directory needs. */
enum { T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_PREP,
       T_COUNT };
static const char TAGS[T_COUNT][5] = {
    "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"
};
static const int REQUIRED[T_COUNT] = { 0, 0, 1, 1, 1, 1, 1, 1, 0 };

/* Finds the tables of the face whose directory starts at dir. */
static int read_directory(const unsigned char *file, size_t len, size_t dir,
                          span tab[T_COUNT])
{
    memset(tab, 0, sizeof(span) * T_COUNT);
    if (dir > len || len - dir < 12)
        return -1;
    uint32_t version = rd32(file + dir);
    if (version != 0x00010000u && version != 0x74727565u /* 'true' */)
        return -1;
    uint16_t ntables = rd16(file + dir + 4);
    if ((len - dir - 12) / 16 < ntables)
        return -1;
    for (uint16_t i = 0; i < ntables; i++) {
        const unsigned char *rec = file + dir + 12 + 16 * (size_t)i;
        uint32_t off = rd32(rec + 8), n = rd32(rec + 12);
        for (int t = 0; t < T_COUNT; t++)
            if (memcmp(rec, TAGS[t], 4) == 0) {
                if (off > len || n > len - off)
                    return -1;
                tab[t].p = file + off;
                tab[t].len = n;
            }
    }
    for (int t = 0; t < T_COUNT; t++)
        if (REQUIRED[t] && !tab[t].p)
            return -1;
    return 0;
}

typedef struct font {
    span tab[T_COUNT];
    uint32_t nglyphs;     /* maxp numGlyphs */
    uint32_t nmetrics;    /* hhea numberOfHMetrics */
    int long_loca;        /* head indexToLocFormat */
} font;

static int open_face(const unsigned char *file, size_t len, int index, font *f)
{
    size_t dir = 0;
    if (len >= 12 && memcmp(file, "ttcf", 4) == 0) {
        uint32_t nfonts = rd32(file + 8);
        if (index < 0 || (uint32_t)index >= nfonts ||
            (len - 12) / 4 <= (size_t)index)
            return -1;
        dir = rd32(file + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        return -1;
    }
    if (read_directory(file, len, dir, f->tab) != 0)
        return -1;
    const span *head = &f->tab[T_HEAD], *maxp = &f->tab[T_MAXP],
               *hhea = &f->tab[T_HHEA];
    if (head->len < 54 || maxp->len < 6 || hhea->len < 36)
        return -1;
    f->nglyphs = rd16(maxp->p + 4);
    f->nmetrics = rd16(hhea->p + 34);
    f->long_loca = rd16(head->p + 50) != 0;
    if (f->nglyphs == 0 || f->nmetrics == 0 || f->nmetrics > f->nglyphs)
        return -1;
    if (f->tab[T_LOCA].len / (f->long_loca ? 4 : 2) < (size_t)f->nglyphs + 1)
        return -1;
    if (f->tab[T_HMTX].len <
        4 * (size_t)f->nmetrics + 2 * (size_t)(f->nglyphs - f->nmetrics))
        return -1;
    return 0;
}

/* The bytes of glyph g inside glyf; -1 when loca points outside it. */
static int glyph_data(const font *f, uint32_t g, span *out)
{
    const unsigned char *loca = f->tab[T_LOCA].p;
    uint32_t a, b;
    if (f->long_loca) {
        a = rd32(loca + 4 * (size_t)g);
        b = rd32(loca + 4 * (size_t)g + 4);
    } else {
        a = 2u * rd16(loca + 2 * (size_t)g);
        b = 2u * rd16(loca + 2 * (size_t)g + 2);
    }
    if (a > b || b > f->tab[T_GLYF].len)
        return -1;
    out->p = f->tab[T_GLYF].p + a;
    out->len = b - a;
    return 0;
}

/* Composite glyph flags (OpenType 'glyf'). */
enum {
    ARG_WORDS = 0x0001,
    HAVE_SCALE = 0x0008,
    MORE_COMPONENTS = 0x0020,
    HAVE_XY_SCALE = 0x0040,
    HAVE_2X2 = 0x0080
};

/*
 * Calls visit(ctx, pos) with the offset, inside glyph d, of the glyph id of
 * each component of a composite glyph; nothing for a simple one. -1 when a
 * component runs past the glyph.
 */
static int each_component(span d, void (*visit)(void *, size_t), void *ctx)
{
    if (d.len < 10 || (int16_t)rd16(d.p) >= 0)
        return 0;
    size_t pos = 10;
    for (;;) {
        if (d.len - pos < 4)
            return -1;
        uint16_t flags = rd16(d.p + pos);
        visit(ctx, pos + 2);
        size_t skip = 4 + ((flags & ARG_WORDS) ? 4 : 2);
        if (flags & HAVE_SCALE)
            skip += 2;
        else if (flags & HAVE_XY_SCALE)
            skip += 4;
        else if (flags & HAVE_2X2)
            skip += 8;
        if (d.len - pos < skip)
            return -1;
        pos += skip;
        if (!(flags & MORE_COMPONENTS))
            return 0;
    }
}

typedef struct closure {
    span glyph;
    uint8_t *keep;
    uint32_t *stack;
    size_t depth;
    uint32_t nglyphs;
    int bad;               /* a component past the font */
} closure;

static void keep_component(void *ctx, size_t pos)
{
    closure *c = ctx;
    uint16_t g = rd16(c->glyph.p + pos);
    if (g >= c->nglyphs)
        c->bad = 1;
    else if (!c->keep[g]) {
        c->keep[g] = 1;
        c->stack[c->depth++] = g;
    }
}

/* Marks in keep the glyphs asked for, glyph 0 and all their components. */
static int close_over_components(const font *f, const uint16_t *glyphs,
                                 size_t n, uint8_t *keep)
{
    closure c = { { NULL, 0 }, keep, xmalloc(f->nglyphs * sizeof(uint32_t)), 0,
                  f->nglyphs, 0 };
    keep[0] = 1;
    c.stack[c.depth++] = 0;
    for (size_t i = 0; i < n; i++)
        if (glyphs[i] < f->nglyphs && !keep[glyphs[i]]) {
            keep[glyphs[i]] = 1;
            c.stack[c.depth++] = glyphs[i];
        }
    int rc = 0;
    while (c.depth > 0 && rc == 0) {
        uint32_t g = c.stack[--c.depth];
        if (glyph_data(f, g, &c.glyph) != 0 ||
            each_component(c.glyph, keep_component, &c) != 0 || c.bad)
            rc = -1;
    }
    free(c.stack);
    return rc;
}

typedef struct renumber {
    unsigned char *glyph;  /* the copy being rewritten */
    const uint16_t *new_id;
} renumber;

static void renumber_component(void *ctx, size_t pos)
{
    renumber *r = ctx;
    wr16(r->glyph + pos, r->new_id[rd16(r->glyph + pos)]);
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 4) {
        unsigned char w[4] = { 0, 0, 0, 0 };
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        sum += rd32(w);
    }
    return sum;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

int ttf_subset_make(const unsigned char *file, size_t len, int index,
                    const uint16_t *glyphs, size_t n, ttf_subset *out)
{
    memset(out, 0, sizeof *out);
    font f;
    if (!file || open_face(file, len, index, &f) != 0)
        return TTF_ERR_FORMAT;
    uint8_t *keep = xcalloc(f.nglyphs, 1);
    if (close_over_components(&f, glyphs, n, keep) != 0) {
        free(keep);
        return TTF_ERR_FORMAT;
    }
    uint16_t *new_id = xcalloc(f.nglyphs, sizeof *new_id);
    uint32_t count = 0;
    size_t glyf_len = 0;
    for (uint32_t g = 0; g < f.nglyphs; g++)
        if (keep[g]) {
            span d;
            glyph_data(&f, g, &d);   /* checked by close_over_components */
            new_id[g] = (uint16_t)count++;
            glyf_len += pad4(d.len);
        }

    /* the new tables: glyf, loca, hmtx built; head, hhea, maxp patched
     * copies; cvt, fpgm, prep as they are */
    span tab[T_COUNT];
    memcpy(tab, f.tab, sizeof tab);
    unsigned char *glyf = xcalloc(glyf_len ? glyf_len : 1, 1);
    unsigned char *loca = xmalloc(4 * ((size_t)count + 1));
    unsigned char *hmtx = xmalloc(4 * (size_t)count);
    size_t at = 0;
    int rc = TTF_OK;
    for (uint32_t g = 0; g < f.nglyphs && rc == TTF_OK; g++) {
        if (!keep[g])
            continue;
        uint32_t k = new_id[g];
        span d;
        glyph_data(&f, g, &d);
        wr32(loca + 4 * (size_t)k, (uint32_t)at);
        if (d.len)
            memcpy(glyf + at, d.p, d.len);
        renumber r = { glyf + at, new_id };
        span copy = { glyf + at, d.len };
        if (each_component(copy, renumber_component, &r) != 0)
            rc = TTF_ERR_FORMAT;
        at += pad4(d.len);
        const unsigned char *m = f.tab[T_HMTX].p;
        uint32_t last = f.nmetrics - 1;
        uint16_t advance = rd16(m + 4 * (size_t)(g < f.nmetrics ? g : last));
        uint16_t lsb = g < f.nmetrics
            ? rd16(m + 4 * (size_t)g + 2)
            : rd16(m + 4 * (size_t)f.nmetrics + 2 * (size_t)(g - f.nmetrics));
        wr16(hmtx + 4 * (size_t)k, advance);
        wr16(hmtx + 4 * (size_t)k + 2, lsb);
    }
    wr32(loca + 4 * (size_t)count, (uint32_t)at);
    free(keep);
    if (rc != TTF_OK) {
        free(glyf);
        free(loca);
        free(hmtx);
        free(new_id);
        return rc;
    }
    unsigned char head[54], hhea[36], maxp[32];
    size_t maxp_len = f.tab[T_MAXP].len < sizeof maxp ? f.tab[T_MAXP].len
                                                      : sizeof maxp;
    memcpy(head, f.tab[T_HEAD].p, sizeof head);
    memcpy(hhea, f.tab[T_HHEA].p, sizeof hhea);
    memcpy(maxp, f.tab[T_MAXP].p, maxp_len);
    wr32(head + 8, 0);      /* checkSumAdjustment, set last */
    wr16(head + 50, 1);     /* indexToLocFormat: long offsets */
    wr16(hhea + 34, count); /* numberOfHMetrics */
    wr16(maxp + 4, count);  /* numGlyphs */
    tab[T_GLYF] = (span){ glyf, glyf_len };
    tab[T_LOCA] = (span){ loca, 4 * ((size_t)count + 1) };
    tab[T_HMTX] = (span){ hmtx, 4 * (size_t)count };
    tab[T_HEAD] = (span){ head, sizeof head };
    tab[T_HHEA] = (span){ hhea, sizeof hhea };
    tab[T_MAXP] = (span){ maxp, maxp_len };

    int ntables = 0;
    size_t total = 0;
    for (int t = 0; t < T_COUNT; t++)
        if (tab[t].p) {
            ntables++;
            total += pad4(tab[t].len);
        }
    size_t dir_len = 12 + 16 * (size_t)ntables;
    unsigned char *data = xcalloc(dir_len + total, 1);
    int pow2 = 1, log2 = 0;
    while (pow2 * 2 <= ntables) {
        pow2 *= 2;
        log2++;
    }
    wr32(data, 0x00010000u);
    wr16(data + 4, (uint32_t)ntables);
    wr16(data + 6, (uint32_t)pow2 * 16);
    wr16(data + 8, (uint32_t)log2);
    wr16(data + 10, (uint32_t)(ntables - pow2) * 16);
    size_t rec = 12, off = dir_len, head_off = 0;
    for (int t = 0; t < T_COUNT; t++) {
        if (!tab[t].p)
            continue;
        memcpy(data + off, tab[t].p, tab[t].len);
        memcpy(data + rec, TAGS[t], 4);
        wr32(data + rec + 4, checksum(data + off, tab[t].len));
        wr32(data + rec + 8, (uint32_t)off);
        wr32(data + rec + 12, (uint32_t)tab[t].len);
        if (t == T_HEAD)
            head_off = off;
        rec += 16;
        off += pad4(tab[t].len);
    }
    wr32(data + head_off + 8, 0xB1B0AFBAu - checksum(data, dir_len + total));
    free(glyf);
    free(loca);
    free(hmtx);

    out->data = data;
    out->len = dir_len + total;
    out->new_id = new_id;
    out->old_count = f.nglyphs;
    out->count = count;
    return TTF_OK;
}

void ttf_subset_release(ttf_subset *s)
{
    if (!s)
        return;
    free(s->data);
    free(s->new_id);
    memset(s, 0, sizeof *s);
}

/*
 * test_ttf: TrueType subsetting.
 *
 * Most cases run on a small font built here byte by byte: five glyphs, one
 * of them composite, and fewer full metrics than glyphs, so that every
 * rule of ttf.c (closure over components, renumbering inside composites,
 * metrics past numberOfHMetrics, long loca, checksums) is checked against
 * values worked out by hand. One case subsets the report font itself
 * (fonts-liberation2) for a Vietnamese text, and one cuts the small font at
 * every length to check that a damaged file is refused, never read past.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "ttf.h"

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
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
    wr16(p, v >> 16);
    wr16(p + 2, v);
}

/* ---- a font built by hand ----------------------------------------------- */

/*
 * Glyphs: 0 .notdef (empty), 1 unused (12 bytes), 2 base (12 bytes),
 * 3 mark (12 bytes), 4 composite of 2 and 3 (word arguments for the first
 * component, byte arguments and a scale for the second). Two full metrics
 * (numberOfHMetrics = 2): glyphs 2..4 advance like glyph 1 (600) and take
 * their left side bearings 30, 40, 50 from the trailing array.
 */
static const unsigned char SIMPLE[3][12] = {
    { 0, 1, 0, 0, 0, 0, 0, 10, 0, 10, 0xA1, 0xA1 },
    { 0, 1, 0, 0, 0, 0, 0, 20, 0, 20, 0xB2, 0xB2 },
    { 0, 1, 0, 0, 0, 0, 0, 30, 0, 30, 0xC3, 0xC3 },
};
static const unsigned char COMPOSITE[] = {
    0xFF, 0xFF, 0, 0, 0, 0, 0, 40, 0, 40,      /* header: -1 contours */
    0x00, 0x21, 0x00, 0x02, 0x00, 0x05, 0x00, 0x06, /* ARG_WORDS|MORE, glyph 2 */
    0x00, 0x08, 0x00, 0x03, 0x07, 0x08, 0x40, 0x00, /* HAVE_SCALE, glyph 3 */
};

typedef struct table { const char *tag; unsigned char *p; size_t len; } table;

static unsigned char *build_font(size_t *len)
{
    static unsigned char head[54], hhea[36], maxp[32], loca[12], hmtx[14];
    static unsigned char glyf[12 * 3 + sizeof COMPOSITE];
    memset(head, 0, sizeof head);
    wr32(head, 0x00010000);
    wr32(head + 12, 0x5F0F3CF5);   /* magic */
    wr16(head + 18, 2048);         /* unitsPerEm */
    wr16(head + 50, 0);            /* short loca */
    memset(hhea, 0, sizeof hhea);
    wr32(hhea, 0x00010000);
    wr16(hhea + 34, 2);            /* numberOfHMetrics */
    memset(maxp, 0, sizeof maxp);
    wr32(maxp, 0x00010000);
    wr16(maxp + 4, 5);             /* numGlyphs */
    /* glyf: glyph 0 empty, then 1, 2, 3, 4 */
    size_t at = 0;
    uint32_t off[6];
    off[0] = 0;
    off[1] = 0;
    for (int g = 0; g < 3; g++) {
        memcpy(glyf + at, SIMPLE[g], 12);
        at += 12;
        off[g + 2] = (uint32_t)at;
    }
    memcpy(glyf + at, COMPOSITE, sizeof COMPOSITE);
    at += sizeof COMPOSITE;
    off[5] = (uint32_t)at;
    for (int g = 0; g < 6; g++)
        wr16(loca + 2 * g, off[g] / 2);
    wr16(hmtx, 500);  wr16(hmtx + 2, 10);   /* glyph 0 */
    wr16(hmtx + 4, 600); wr16(hmtx + 6, 20); /* glyph 1 */
    wr16(hmtx + 8, 30); wr16(hmtx + 10, 40); wr16(hmtx + 12, 50);

    table t[] = { { "glyf", glyf, sizeof glyf }, { "head", head, sizeof head },
                  { "hhea", hhea, sizeof hhea }, { "hmtx", hmtx, sizeof hmtx },
                  { "loca", loca, sizeof loca }, { "maxp", maxp, sizeof maxp } };
    size_t n = sizeof t / sizeof t[0], total = 12 + 16 * n;
    for (size_t i = 0; i < n; i++)
        total += (t[i].len + 3) & ~(size_t)3;
    unsigned char *f = calloc(1, total);
    wr32(f, 0x00010000);
    wr16(f + 4, (uint32_t)n);
    size_t pos = 12 + 16 * n;
    for (size_t i = 0; i < n; i++) {
        memcpy(f + 12 + 16 * i, t[i].tag, 4);
        wr32(f + 12 + 16 * i + 8, (uint32_t)pos);
        wr32(f + 12 + 16 * i + 12, (uint32_t)t[i].len);
        memcpy(f + pos, t[i].p, t[i].len);
        pos += (t[i].len + 3) & ~(size_t)3;
    }
    *len = total;
    return f;
}

/* The table tag of s, or NULL; *n its length. */
static const unsigned char *find(const ttf_subset *s, const char *tag,
                                 size_t *n)
{
    uint32_t count = rd16(s->data + 4);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *rec = s->data + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0) {
            *n = rd32(rec + 12);
            assert_true(rd32(rec + 8) + *n <= s->len);
            return s->data + rd32(rec + 8);
        }
    }
    return NULL;
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

/* Structure every subset must have, whatever font it came from. */
static void check_well_formed(const ttf_subset *s)
{
    size_t n;
    uint32_t ntables = rd16(s->data + 4);
    for (uint32_t i = 0; i < ntables; i++) {       /* table checksums */
        const unsigned char *rec = s->data + 12 + 16 * i;
        if (memcmp(rec, "head", 4) == 0)
            continue;
        assert_int_equal(rd32(rec + 4), checksum(s->data + rd32(rec + 8), rd32(rec + 12)));
        if (i > 0)
            assert_true(memcmp(rec - 16, rec, 4) < 0); /* sorted tags */
    }
    assert_int_equal(checksum(s->data, s->len), 0xB1B0AFBAu);
    const unsigned char *head = find(s, "head", &n);
    assert_non_null(head);
    assert_int_equal(rd16(head + 50), 1);            /* long loca */
    const unsigned char *maxp = find(s, "maxp", &n);
    assert_int_equal(rd16(maxp + 4), s->count);
    const unsigned char *hhea = find(s, "hhea", &n);
    assert_int_equal(rd16(hhea + 34), s->count);
    find(s, "hmtx", &n);
    assert_int_equal(n, 4 * s->count);
    const unsigned char *loca = find(s, "loca", &n);
    assert_int_equal(n, 4 * (s->count + 1));
    size_t glyf_len;
    assert_non_null(find(s, "glyf", &glyf_len));
    for (uint32_t g = 0; g < s->count; g++)
        assert_true(rd32(loca + 4 * g) <= rd32(loca + 4 * g + 4));
    assert_int_equal(rd32(loca + 4 * s->count), glyf_len);
    for (uint32_t g = 0, k = 0; g < s->old_count; g++)   /* order kept */
        if (s->new_id[g] || g == 0)
            assert_int_equal(s->new_id[g], k++);
}

static const unsigned char *glyph(const ttf_subset *s, uint32_t g, size_t *n)
{
    size_t len;
    const unsigned char *loca = find(s, "loca", &len);
    const unsigned char *glyf = find(s, "glyf", &len);
    *n = rd32(loca + 4 * g + 4) - rd32(loca + 4 * g);
    return glyf + rd32(loca + 4 * g);
}

static void test_composite_pulls_its_parts(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = build_font(&len);
    ttf_subset s;
    const uint16_t want[] = { 4 };
    assert_int_equal(ttf_subset_make(font, len, 0, want, 1, &s), TTF_OK);
    check_well_formed(&s);
    /* kept 0, 2, 3, 4; glyph 1 left out */
    assert_int_equal(s.count, 4);
    assert_int_equal(s.old_count, 5);
    assert_int_equal(s.new_id[1], 0);
    assert_int_equal(s.new_id[2], 1);
    assert_int_equal(s.new_id[3], 2);
    assert_int_equal(s.new_id[4], 3);
    size_t n;
    const unsigned char *c = glyph(&s, 3, &n);
    assert_int_equal(n, (sizeof COMPOSITE + 3) & ~(size_t)3);
    assert_int_equal(rd16(c + 12), 1);               /* was glyph 2 */
    assert_int_equal(rd16(c + 20), 2);               /* was glyph 3 */
    assert_memory_equal(c + 14, COMPOSITE + 14, 4);  /* arguments kept */
    assert_memory_equal(c + 22, COMPOSITE + 22, 4);  /* scale kept */
    const unsigned char *b = glyph(&s, 1, &n);
    assert_int_equal(n, 12);
    assert_memory_equal(b, SIMPLE[1], 12);
    assert_int_equal(glyph(&s, 0, &n) != NULL, 1);
    assert_int_equal(n, 0);
    /* metrics: .notdef 500/10; 2..4 advance 600 (the last full metric)
     * with bearings 30, 40, 50 */
    const unsigned char *h = find(&s, "hmtx", &n);
    const uint32_t adv[] = { 500, 600, 600, 600 }, lsb[] = { 10, 30, 40, 50 };
    for (int g = 0; g < 4; g++) {
        assert_int_equal(rd16(h + 4 * g), adv[g]);
        assert_int_equal(rd16(h + 4 * g + 2), lsb[g]);
    }
    ttf_subset_release(&s);
    assert_null(s.data);
    ttf_subset_release(&s);
    ttf_subset_release(NULL);
    free(font);
}

static void test_simple_glyph_alone(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = build_font(&len);
    ttf_subset s;
    const uint16_t want[] = { 1, 1, 999 };   /* repeats and ids past the font */
    assert_int_equal(ttf_subset_make(font, len, 0, want, 3, &s), TTF_OK);
    check_well_formed(&s);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.new_id[1], 1);
    assert_int_equal(s.new_id[4], 0);
    size_t n;
    assert_memory_equal(glyph(&s, 1, &n), SIMPLE[0], 12);
    const unsigned char *h = find(&s, "hmtx", &n);
    assert_int_equal(rd16(h + 4), 600);
    assert_int_equal(rd16(h + 6), 20);
    assert_null(find(&s, "cvt ", &n));       /* absent tables stay absent */
    ttf_subset_release(&s);
    /* nothing asked: .notdef only */
    assert_int_equal(ttf_subset_make(font, len, 0, NULL, 0, &s), TTF_OK);
    check_well_formed(&s);
    assert_int_equal(s.count, 1);
    ttf_subset_release(&s);
    free(font);
}

static void test_refuses_damage(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = build_font(&len);
    const uint16_t want[] = { 4 };
    ttf_subset s;
    /* every cut: refused or, when the cut spares all that is read, fine;
     * ASan in `make sanitize` checks that nothing is read past the end */
    for (size_t cut = 0; cut < len; cut++) {
        unsigned char *part = malloc(cut ? cut : 1);
        memcpy(part, font, cut);
        int rc = ttf_subset_make(part, cut, 0, want, 1, &s);
        if (rc == TTF_OK)
            ttf_subset_release(&s);
        else
            assert_null(s.data);
        free(part);
    }
    /* a component that names a glyph past the font */
    unsigned char *bad = malloc(len);
    memcpy(bad, font, len);
    size_t glyf = rd32(bad + 12 + 8);        /* first record: glyf */
    wr16(bad + glyf + 36 + 12, 77);
    assert_int_equal(ttf_subset_make(bad, len, 0, want, 1, &s), TTF_ERR_FORMAT);
    /* a CFF font, a collection index that does not exist, no input */
    memcpy(bad, "OTTO", 4);
    assert_int_equal(ttf_subset_make(bad, len, 0, want, 1, &s), TTF_ERR_FORMAT);
    assert_int_equal(ttf_subset_make(font, len, 1, want, 1, &s), TTF_ERR_FORMAT);
    assert_int_equal(ttf_subset_make(NULL, 0, 0, want, 1, &s), TTF_ERR_FORMAT);
    free(bad);
    free(font);
}

static void test_collection(void **state)
{
    (void)state;
    size_t len;
    unsigned char *font = build_font(&len);
    /* a .ttc with two faces that share the same table data */
    size_t total = 20 + len;
    unsigned char *ttc = calloc(1, total);
    memcpy(ttc, "ttcf", 4);
    wr32(ttc + 4, 0x00010000);
    wr32(ttc + 8, 2);
    wr32(ttc + 12, 20);
    wr32(ttc + 16, 20);
    memcpy(ttc + 20, font, len);
    uint32_t ntables = rd16(font + 4);
    for (uint32_t i = 0; i < ntables; i++) {  /* offsets from the file start */
        unsigned char *rec = ttc + 20 + 12 + 16 * i;
        wr32(rec + 8, rd32(rec + 8) + 20);
    }
    const uint16_t want[] = { 3 };
    ttf_subset s;
    assert_int_equal(ttf_subset_make(ttc, total, 1, want, 1, &s), TTF_OK);
    check_well_formed(&s);
    assert_int_equal(s.count, 2);
    ttf_subset_release(&s);
    assert_int_equal(ttf_subset_make(ttc, total, 2, want, 1, &s), TTF_ERR_FORMAT);
    free(ttc);
    free(font);
}

/* ---- the report font ------------------------------------------------------ */

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n);
    assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return p;
}

static void test_report_font(void **state)
{
    (void)state;
    fonts_set fs;
    assert_int_equal(fonts_find(NULL, &fs), FONTS_OK);
    size_t len;
    unsigned char *font = slurp(fs.path[0], &len);
    /* glyphs 1..60 and a few far ones: whatever they are, the subset keeps
     * them and their components, byte for byte but for component ids */
    uint16_t want[64];
    size_t n = 0;
    for (uint16_t g = 1; g <= 60; g++)
        want[n++] = g;
    want[n++] = 1000;
    want[n++] = 2000;
    ttf_subset s;
    assert_int_equal(ttf_subset_make(font, len, fs.index[0], want, n, &s), TTF_OK);
    check_well_formed(&s);
    assert_true(s.count >= 63);
    assert_true(s.count < s.old_count / 4);
    assert_true(s.len < len / 4);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(s.new_id[want[i]], 0);
    /* a subset subsets again to itself */
    uint16_t all[4096];
    for (uint32_t g = 0; g < s.count; g++)
        all[g] = (uint16_t)g;
    ttf_subset again;
    assert_int_equal(ttf_subset_make(s.data, s.len, 0, all, s.count, &again), TTF_OK);
    assert_int_equal(again.count, s.count);
    assert_int_equal(again.len, s.len);
    assert_memory_equal(again.data, s.data, s.len);
    ttf_subset_release(&again);
    ttf_subset_release(&s);
    free(font);
    fonts_release(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_composite_pulls_its_parts),
        cmocka_unit_test(test_simple_glyph_alone),
        cmocka_unit_test(test_refuses_damage),
        cmocka_unit_test(test_collection),
        cmocka_unit_test(test_report_font),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

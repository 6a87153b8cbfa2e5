/*
 * ttf: cuts a TrueType font program down to the glyphs a document draws.
 *
 * libharu 2.3.0 embeds every table of the face with the glyph ids of the
 * whole font: the glyph names (post), one metric and one location per glyph
 * of the font (hmtx, loca), about 75 KB a face before compression whatever
 * the text. A PDF CIDFontType2 needs only head, hhea, maxp, loca, glyf and
 * hmtx, plus the hinting tables cvt, fpgm and prep when present (PDF 32000
 * 9.9; dvipdfmx embeds the same set), because the document maps its
 * character codes to glyphs itself (/CIDToGIDMap). ttf_subset() keeps those
 * tables, keeps the glyphs asked for, glyph 0 (.notdef) and every glyph
 * they are built from (composite glyphs, which Vietnamese letters with two
 * marks often are), and numbers them 0, 1, 2... in their old order.
 *
 * Plain C over bytes, every offset checked: a font this cannot read gives
 * TTF_ERR_FORMAT and the caller embeds the font the slow way.
 */
#ifndef BAOCAO_TTF_H
#define BAOCAO_TTF_H

#include <stddef.h>
#include <stdint.h>

typedef enum ttf_status {
    TTF_OK = 0,
    TTF_ERR_FORMAT   /* not a TrueType font this reads (CFF, truncated...) */
} ttf_status;

/* Caller-owned result of ttf_subset(); ttf_subset_release() frees it. */
typedef struct ttf_subset {
    unsigned char *data;  /* the new font program */
    size_t len;
    uint16_t *new_id;     /* by old glyph id: its new id, 0 when left out */
    uint32_t old_count;   /* entries of new_id: glyphs in the old font */
    uint32_t count;       /* glyphs in the new font */
} ttf_subset;

/*
 * Subsets face index (0 unless a .ttc collection) of the font file in
 * file/len to the n glyph ids in glyphs (ids past the font are ignored).
 * On TTF_OK out holds the result; on error out holds nothing to release.
 */
int ttf_subset_make(const unsigned char *file, size_t len, int index,
                    const uint16_t *glyphs, size_t n, ttf_subset *out);

/* Frees what ttf_subset_make() put in s and zeroes it. */
void ttf_subset_release(ttf_subset *s);

#endif

/*
 * fonts: fontconfig lookup of the report font (see fonts.h).
 *
 * A private FcConfig is loaded for each lookup and destroyed after it, so
 * nothing of fontconfig outlives fonts_find() except the character sets we
 * copy (reference-counted FcCharSet, released in fonts_release()).
 */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

static const char *const ACCEPTED[] = { "Times New Roman", "Liberation Serif" };

static int family_ok(FcPattern *p, const char *want)
{
    FcChar8 *fam;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &fam) == FcResultMatch;
         i++) {
        const char *f = (const char *)fam;
        if (strcasecmp(f, want) == 0)
            return 1;
        for (size_t k = 0; k < sizeof ACCEPTED / sizeof ACCEPTED[0]; k++)
            if (strcasecmp(f, ACCEPTED[k]) == 0)
                return 1;
    }
    return 0;
}

static void fill_family(FcPattern *p, const char *want, fonts_set *out)
{
    FcChar8 *fam;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &fam) == FcResultMatch;
         i++) {
        const char *f = (const char *)fam;
        int ok = strcasecmp(f, want) == 0;
        for (size_t k = 0; k < sizeof ACCEPTED / sizeof ACCEPTED[0]; k++)
            ok |= strcasecmp(f, ACCEPTED[k]) == 0;
        if (ok) {
            out->family = xstrdup(f);
            return;
        }
    }
}

/* Finds one face; 0 on success. */
static int find_face(FcConfig *cfg, const char *family, int face,
                     fonts_set *out)
{
    int bold = face & 1, italic = face & 2;
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return -1;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(cfg, pat, &res);
    FcPatternDestroy(pat);
    if (!m)
        return -1;
    int rc = -1;
    FcChar8 *file;
    int weight = 0, slant = 0, index = 0;
    FcBool embolden = FcFalse;
    FcCharSet *cs;
    if (family_ok(m, family) &&
        FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight) == FcResultMatch &&
        FcPatternGetInteger(m, FC_SLANT, 0, &slant) == FcResultMatch &&
        FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch) {
        FcPatternGetBool(m, FC_EMBOLDEN, 0, &embolden);
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        int weight_ok = bold ? (weight >= FC_WEIGHT_DEMIBOLD && !embolden)
                             : weight < FC_WEIGHT_DEMIBOLD;
        int slant_ok = italic ? slant != FC_SLANT_ROMAN : slant == FC_SLANT_ROMAN;
        if (weight_ok && slant_ok) {
            out->path[face] = xstrdup((const char *)file);
            out->index[face] = index;
            out->charset[face] = FcCharSetCopy(cs);
            if (!out->family)
                fill_family(m, family, out);
            rc = 0;
        }
    }
    FcPatternDestroy(m);
    return rc;
}

int fonts_find(const char *family, fonts_set *out)
{
    memset(out, 0, sizeof *out);
    if (!family || !*family)
        family = "Times New Roman";
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return FONTS_ERR_INIT;
    int rc = FONTS_OK;
    for (int f = 0; f < FONTS_FACES; f++) {
        if (find_face(cfg, family, f, out) != 0) {
            fonts_release(out);
            out->missing_face = f;
            rc = FONTS_ERR_NOT_FOUND;
            break;
        }
    }
    FcConfigDestroy(cfg);
    return rc;
}

void fonts_release(fonts_set *s)
{
    if (!s)
        return;
    free(s->family);
    for (int f = 0; f < FONTS_FACES; f++) {
        free(s->path[f]);
        if (s->charset[f])
            FcCharSetDestroy(s->charset[f]);
    }
    memset(s, 0, sizeof *s);
}

/* Decodes one UTF-8 sequence at s[i]; returns its length, 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t i, size_t len,
                          uint32_t *cp)
{
    unsigned char b = s[i];
    size_t n;
    uint32_t v, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        n = 2; v = b & 0x1F; min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3; v = b & 0x0F; min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4; v = b & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > len)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int fonts_lacks(const fonts_set *s, int face, const char *utf8, size_t len,
                uint32_t *missing_cp, size_t *offset)
{
    if (face < 0 || face >= FONTS_FACES || !s->charset[face])
        return 0;
    const FcCharSet *cs = s->charset[face];
    const unsigned char *u = (const unsigned char *)utf8;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(u, i, len, &cp);
        if (n == 0) {
            if (offset)
                *offset = i;
            return -FONTS_ERR_UTF8;
        }
        /* libharu draws only the BMP: anything above it is missing too */
        if (cp != '\n' && cp != '\t' && cp != '\r' &&
            (cp > 0xFFFF || !FcCharSetHasChar(cs, cp))) {
            if (missing_cp)
                *missing_cp = cp;
            if (offset)
                *offset = i;
            return 1;
        }
        i += n;
    }
    return 0;
}

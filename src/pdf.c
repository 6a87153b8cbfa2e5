/*
 * pdf: libharu 2.3.0 drawing and safe saving (see pdf.h).
 *
 * One libharu document per render. pdf_fonts_new() loads the four faces
 * into it as font definitions, which is all layout needs to ask for widths
 * (the sum of glyph widths, what HPDF_Font_TextWidth gives for UTF-8;
 * HPDF_Font_MeasureText is not exact). pdf_draw_end() then makes a font object
 * only for each face the layout used, embedding of it only the glyphs
 * drawn, draws the pages and saves.
 *
 * Where the time goes, and the sections that answer it: libharu asks each
 * face for all 65 536 code points, each by a linear search, when it makes
 * a font object (get_font_drawn), embeds whole faces (ttf.c, embed_subset),
 * writes each page operator through a 512-byte scratch buffer it
 * clears byte by byte, and deflates every stream on one thread while it
 * saves. So, unless pdf_options.optimize is 0, each page's operators are
 * written as the bytes libharu would write (pen) and deflated by one job
 * of a queue (deflate.c) served by all cores while the main thread goes
 * on with the next pages (pages drawn on all cores); libharu keeps the
 * document's objects, fonts, resources and outlines, and writes the file.
 * The pages' operators are byte for byte those libharu writes but for
 * text strings, literal rather than hex (tested); the streams are deflated
 * at a lower level than libharu's (deflate.h).
 *
 * libharu reports errors through a handler and the failing call's return
 * value; the handler keeps the first error (libharu keeps it set until
 * HPDF_ResetError) and each step checks it, so every failure becomes one
 * pdf_status.
 *
 * ToUnicode: 2.3.0 gives each UTF-8 Type0 font a CMap stream made with
 * "begincidrange" over one range 0000-FFFF, which is not a valid ToUnicode
 * map (Preview and other readers extract garbage). Text is shown with
 * Identity-H and 2-byte codes equal to the Unicode code point (libharu
 * draws only the BMP), so the right map is the identity. fix_tounicode()
 * empties that stream (HPDF_FontAttr.cmap_stream, from hpdf_font.h) and
 * writes a CMapType 2 map of bfrange entries <XX00> <XXFF> <XX00>, one per
 * high byte, leaving out the surrogate block D800-DFFF (never a character,
 * and not a valid UTF-16 destination). This relies on 2.3.0's structs, so
 * the build stops on any other version and a unit test checks the bytes.
 */
#include "pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "mem.h"
#include "buf.h"
#include "deflate.h"
#include "text.h"
#include "ttf.h"

#if !defined(HPDF_VERSION_ID) || HPDF_VERSION_ID != 20300
#error "pdf.c works through libharu 2.3.0 internals: re-check fix_tounicode(), get_font_drawn(), embed_subset() and the flate and pen sections for this libharu version"
#endif

#ifndef BAOCAO_VERSION
#define BAOCAO_VERSION "0.1.0"
#endif

/* ---- errors -------------------------------------------------------------- */

typedef struct herr {
    int set;
    HPDF_STATUS code, detail;
} herr;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    herr *e = user;
    if (code == HPDF_STREAM_EOF)   /* reading the saved stream to its end */
        return;
    if (!e->set) {
        e->set = 1;
        e->code = code;
        e->detail = detail;
    }
}

static void set_err(pdf_error *err, int status)
{
    if (err && err->status == PDF_OK)
        err->status = status;
}

static void clear_err(pdf_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* Turns a recorded libharu error into err; returns the status set. */
static int hpdf_fail(HPDF_Doc pdf, herr *e, pdf_error *err, int status)
{
    if (err && err->status == PDF_OK) {
        err->status = status;
        err->hpdf_code = e->code;
        err->hpdf_detail = e->detail;
        if (e->code == HPDF_FILE_OPEN_ERROR || e->code == HPDF_FILE_IO_ERROR)
            err->sys_errno = (int)e->detail;
    }
    if (pdf)
        HPDF_ResetError(pdf);
    return status;
}

/* ---- the fonts, and the document they are in ---------------------------- */

struct pdf_fonts {
    HPDF_Doc pdf;      /* measured with, then drawn into by pdf_draw */
    herr e;
    int drawn;
    const char *name[FONTS_FACES]; /* libharu's names of the faces */
    HPDF_FontDef def[FONTS_FACES]; /* an HPDF_Font is made only for a face
                                      that is drawn */
    char *path[FONTS_FACES];
    int index[FONTS_FACES];
    unsigned char *file[FONTS_FACES]; /* the font files, mapped, for ttf.c;
                                         NULL when one could not be */
    size_t file_len[FONTS_FACES];
    fonts_set set;
    int has_set;
    double ascent, descent;
    /* glyph widths by face and code point (BMP), in 1/1000 em, -1 while
     * unknown: libharu finds a glyph by a linear search, and layout asks
     * for the same letters again and again */
    int32_t *widths[FONTS_FACES];
};

static int is_ttc(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && (strcmp(path + n - 4, ".ttc") == 0 ||
                     strcmp(path + n - 4, ".TTC") == 0);
}

/* Loads path into pdf as an embedded font; its name, NULL on error. */
static const char *load_fontdef(HPDF_Doc pdf, const char *path, int index)
{
    return is_ttc(path)
        ? HPDF_LoadTTFontFromFile2(pdf, path, (HPDF_UINT)index, HPDF_TRUE)
        : HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
}

static HPDF_Doc new_hpdf(herr *e)
{
    HPDF_Doc pdf = HPDF_New(on_error, e);
    if (!pdf)
        return NULL;
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    return pdf;
}

/* Maps a whole font file read-only (ttf.c reads only the tables and
 * glyphs it keeps); NULL when it cannot. Unmap with munmap(p, *len). */
static unsigned char *map_font_file(const char *path, size_t *len)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return NULL;
    *len = (size_t)st.st_size;
    return p;
}

static pdf_fonts *fonts_open(pdf_fonts *f, pdf_error *err)
{
    f->pdf = new_hpdf(&f->e);
    if (!f->pdf || f->e.set) {
        hpdf_fail(f->pdf, &f->e, err, PDF_ERR_HPDF);
        pdf_fonts_free(f);
        return NULL;
    }
    for (int k = 0; k < FONTS_FACES; k++) {
        f->name[k] = load_fontdef(f->pdf, f->path[k], f->index[k]);
        f->def[k] = f->name[k] ? HPDF_GetFontDef(f->pdf, f->name[k]) : NULL;
        if (!f->def[k] || f->e.set) {
            hpdf_fail(f->pdf, &f->e, err, PDF_ERR_FONT_LOAD);
            if (err)
                err->detail = k;
            pdf_fonts_free(f);
            return NULL;
        }
    }
    for (int k = 0; k < FONTS_FACES; k++)
        f->file[k] = map_font_file(f->path[k], &f->file_len[k]);
    f->ascent = f->def[0]->ascent / 1000.0;
    f->descent = -f->def[0]->descent / 1000.0;
    if (f->ascent <= 0)
        f->ascent = 0.891;
    if (f->descent <= 0)
        f->descent = 0.216;
    return f;
}

pdf_fonts *pdf_fonts_new(const char *family, pdf_error *err)
{
    clear_err(err);
    pdf_fonts *f = xcalloc(1, sizeof *f);
    int rc = fonts_find(family, &f->set);
    if (rc != FONTS_OK) {
        set_err(err, PDF_ERR_FONT_NOT_FOUND);
        if (err)
            err->detail = f->set.missing_face;
        free(f);
        return NULL;
    }
    f->has_set = 1;
    for (int k = 0; k < FONTS_FACES; k++) {
        f->path[k] = xstrdup(f->set.path[k]);
        f->index[k] = f->set.index[k];
    }
    return fonts_open(f, err);
}

pdf_fonts *pdf_fonts_new_files(const char *const paths[4], pdf_error *err)
{
    clear_err(err);
    pdf_fonts *f = xcalloc(1, sizeof *f);
    for (int k = 0; k < FONTS_FACES; k++)
        f->path[k] = xstrdup(paths[k]);
    return fonts_open(f, err);
}

void pdf_fonts_free(pdf_fonts *f)
{
    if (!f)
        return;
    if (f->pdf)
        HPDF_Free(f->pdf);
    for (int k = 0; k < FONTS_FACES; k++) {
        free(f->path[k]);
        free(f->widths[k]);
        if (f->file[k])
            munmap(f->file[k], f->file_len[k]);
    }
    if (f->has_set)
        fonts_release(&f->set);
    free(f);
}

/* libharu's width of a character (what HPDF_Font_TextWidth adds up for
 * it); libharu draws characters past U+FFFF as spaces. */
static int32_t char_width(pdf_fonts *f, int face, int32_t cp)
{
    return HPDF_TTFontDef_GetCharWidth(f->def[face], (HPDF_UINT16)(cp > 0xFFFF ? 0x20 : cp));
}

/* The sum of the widths of the characters of s, each looked up once per
 * face; the same sum as libharu's for the whole string (it adds glyph
 * widths, with no kerning). */
static double measure(void *ctx, int face, double size, const char *s,
                      size_t len)
{
    pdf_fonts *f = ctx;
    if (face < 0 || face >= FONTS_FACES)
        face = 0;
    if (!f->widths[face]) {
        f->widths[face] = xmalloc(65536 * sizeof *f->widths[face]);
        for (size_t i = 0; i < 65536; i++)
            f->widths[face][i] = -1;
    }
    int32_t *cache = f->widths[face];
    long total = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp = text_next(s, len, &i);
        if (cp < 0)
            break; /* not UTF-8: pdf_draw refuses such text */
        if (cp > 0xFFFF)
            total += char_width(f, face, cp);
        else {
            if (cache[cp] < 0)
                cache[cp] = char_width(f, face, cp);
            total += cache[cp];
        }
    }
    return (double)total * size / 1000.0;
}

void pdf_fonts_metrics(pdf_fonts *f, layout_metrics *m)
{
    m->width = measure;
    m->ascent = f->ascent;
    m->descent = f->descent;
    m->ctx = f;
}

const fonts_set *pdf_fonts_set(const pdf_fonts *f)
{
    return f->has_set ? &f->set : NULL;
}

/* ---- the ToUnicode fix ------------------------------------------------- */

static const char CMAP_HEAD[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char CMAP_TAIL[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

static int fix_tounicode(HPDF_Font font)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!attr || attr->type != HPDF_FONT_TYPE0_TT || !attr->cmap_stream)
        return -1;
    HPDF_Dict cmap = attr->cmap_stream;
    if (HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) != cmap ||
        !cmap->stream || cmap->stream->type != HPDF_STREAM_MEMORY)
        return -1;
    /* a ToUnicode stream is a bare CMap: drop the /Type /CMap entries */
    HPDF_Dict_RemoveElement(cmap, "Type");
    HPDF_Dict_RemoveElement(cmap, "CMapName");
    HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cmap, "WMode");
    HPDF_MemStream_FreeData(cmap->stream);

    HPDF_STATUS ret = HPDF_Stream_WriteStr(cmap->stream, CMAP_HEAD);
    int hi[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            hi[n++] = h;
    for (int k = 0; k < n && ret == HPDF_OK; k += 100) {
        int m = n - k < 100 ? n - k : 100;
        char line[64];
        snprintf(line, sizeof line, "%d beginbfrange\n", m);
        ret = HPDF_Stream_WriteStr(cmap->stream, line);
        for (int j = k; j < k + m && ret == HPDF_OK; j++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi[j],
                     hi[j], hi[j]);
            ret = HPDF_Stream_WriteStr(cmap->stream, line);
        }
        if (ret == HPDF_OK)
            ret = HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
    }
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteStr(cmap->stream, CMAP_TAIL);
    return ret == HPDF_OK ? 0 : -1;
}

/* ---- the characters drawn, and the font objects made of them ---------- */

/*
 * Marks in used[face] (8 KB bitmaps) every BMP code point r draws (libharu
 * draws those past U+FFFF as spaces), and checks with set (when not NULL)
 * that the face has each character, once per character and face, in the
 * order they are drawn. 0, or PDF_ERR_GLYPH (err: codepoint, detail = the
 * face) or PDF_ERR_UTF8.
 */
static int mark_drawn(const layout_result *r, const fonts_set *set,
                      uint8_t *used[FONTS_FACES], pdf_error *err)
{
    for (size_t p = 0; p < r->npages; p++)
        for (size_t k = 0; k < r->pages[p].nops; k++) {
            const layout_op *op = &r->pages[p].ops[k];
            if (op->kind != LAYOUT_OP_TEXT)
                continue;
            int face = op->face >= 0 && op->face < FONTS_FACES ? op->face : 0;
            uint8_t *bits = used[face];
            for (size_t i = 0; i < op->len;) {
                size_t at = i;
                int32_t cp = text_next(op->text, op->len, &i);
                if (cp < 0) {
                    set_err(err, PDF_ERR_UTF8);
                    return PDF_ERR_UTF8;
                }
                uint32_t bmp = cp > 0xFFFF ? 0x20 : (uint32_t)cp;
                uint8_t bit = (uint8_t)(1u << (bmp & 7));
                uint32_t missing;
                if (set && (cp > 0xFFFF || !(bits[bmp >> 3] & bit)) &&
                    fonts_lacks(set, face, op->text + at, i - at, &missing, NULL)) {
                    set_err(err, PDF_ERR_GLYPH);
                    if (err) {
                        err->codepoint = missing;
                        err->detail = face;
                    }
                    return PDF_ERR_GLYPH;
                }
                bits[bmp >> 3] |= bit;
            }
        }
    return 0;
}

/* The first code point from cp on whose bit is set in used (8 KB, a bit
 * a BMP code point), or 0x10000; empty bytes are skipped whole. */
static uint32_t next_used(const uint8_t *used, uint32_t cp)
{
    while (cp < 0x10000) {
        unsigned b = used[cp >> 3] >> (cp & 7);
        if (b)
            return cp + (uint32_t)__builtin_ctz(b);
        cp = (cp | 7) + 1;
    }
    return 0x10000;
}

/* The last code point whose bit is set in used, or 0 when none is. */
static uint32_t last_used(const uint8_t *used)
{
    for (uint32_t i = 8192; i-- > 0;)
        if (used[i])
            return i * 8 + 31 - (uint32_t)__builtin_clz(used[i]);
    return 0;
}

/*
 * HPDF_GetFont of a face, for the characters drawn only. For the UTF-8
 * encoder libharu's CIDFontType2_New asks the face for the glyph and the
 * width of each of the 65 536 code points, each glyph by a linear search
 * of the cmap's segments, to write /W and a CIDToGIDMap: about 7 ms a
 * face, and a /W listing every character of the font. For the time of the
 * call the encoder is made to look like a CMap encoder that maps only the
 * code points drawn (and one past the last: libharu's /W loop stops short
 * of its highest code), so libharu's loop skips the rest and /W lists only
 * the characters drawn; embed_subset() rewrites the CIDToGIDMap. The
 * encoder's maps (where it also keeps its state) and function are put back
 * after. With U+FFFF drawn there is no code past the last: libharu's own
 * way is taken, right but slow.
 */
typedef struct encoder_maps {
    HPDF_UNICODE unicode_map[256][256];
    HPDF_UINT16 cid_map[256][256];
} encoder_maps;

static void encoder_map(HPDF_CMapEncoderAttr a, uint32_t cp)
{
    a->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
    a->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
}

static HPDF_Font get_font_drawn(HPDF_Doc pdf, const char *name, const uint8_t *used,
                                encoder_maps *save)
{
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    if (!enc || (used[0xFFFF >> 3] & 0x80))
        return HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)enc->attr;
    HPDF_Encoder_ToUnicode_Func to_unicode = enc->to_unicode_fn;
    memcpy(save->unicode_map, a->unicode_map, sizeof save->unicode_map);
    memcpy(save->cid_map, a->cid_map, sizeof save->cid_map);
    memset(a->unicode_map, 0, sizeof a->unicode_map);
    memset(a->cid_map, 0, sizeof a->cid_map);
    uint32_t last = last_used(used);
    for (uint32_t cp = next_used(used, 1); cp <= last; cp = next_used(used, cp + 1))
        encoder_map(a, cp);
    encoder_map(a, last + 1);   /* the one past the last */
    enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    enc->to_unicode_fn = to_unicode;
    memcpy(a->unicode_map, save->unicode_map, sizeof a->unicode_map);
    memcpy(a->cid_map, save->cid_map, sizeof a->cid_map);
    return font;
}

/* The font descriptor libharu would write at saving time, around our own
 * font program; libharu then leaves the descriptor alone. */
static int add_descriptor(HPDF_Font font, const ttf_subset *sub)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = attr->fontdef;
    HPDF_TTFontDefAttr def_attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict program = HPDF_DictStream_New(font->mmgr, attr->xref);
    HPDF_Dict d = HPDF_Dict_New(font->mmgr);
    if (!program || !d)
        return -1;
    program->filter = font->filter;
    HPDF_STATUS ret = HPDF_Stream_Write(program->stream, sub->data,
                                        (HPDF_UINT)sub->len);
    ret += HPDF_Dict_AddNumber(program, "Length1", (HPDF_INT32)sub->len);
    ret += HPDF_Xref_Add(attr->xref, d);
    ret += HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(d, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
    ret += HPDF_Dict_Add(d, "FontBBox",
                         HPDF_Box_Array_New(font->mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(d, "FontName", def_attr->base_font);
    ret += HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(d, "StemV", (HPDF_INT32)def->stemv);
    ret += HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
    ret += HPDF_Dict_Add(d, "FontFile2", program);
    if (ret != HPDF_OK)
        return -1;
    def->descriptor = d;
    return 0;
}

/*
 * Embeds only the glyphs the face draws (ttf.c) instead of libharu's copy
 * of every table of the face, and rewrites the /CIDToGIDMap HPDF_GetFont
 * wrote (up to the CID past the last drawn, see get_font_drawn)
 * with the new glyph ids, ending at the last CID drawn: CIDs past its end
 * are glyph 0, and none is drawn. used: the code points drawn. A font file
 * ttf.c cannot read is embedded by libharu as before, with the map of its
 * own glyph ids.
 */
static int embed_subset(const uint8_t *used, HPDF_Font font, const unsigned char *file,
                        size_t len, int index)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict map = attr ? attr->map_stream : NULL;
    if (!map)
        return 0;
    if (!map->stream || map->stream->type != HPDF_STREAM_MEMORY)
        return -1;
    uint16_t *gids = xcalloc(65536, sizeof *gids);   /* by code point drawn */
    uint16_t *glyphs = xmalloc(65536 * sizeof *glyphs);
    size_t n = 0;
    uint32_t end = 1;   /* CIDs in the map */
    for (uint32_t cp = next_used(used, 0); cp < 0x10000; cp = next_used(used, cp + 1)) {
        gids[cp] = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)cp);
        if (gids[cp]) {
            glyphs[n++] = gids[cp];
            end = cp + 1;
        }
    }
    ttf_subset sub;
    int subset = file && ttf_subset_make(file, len, index, glyphs, n, &sub) == TTF_OK;
    free(glyphs);
    int rc = subset ? add_descriptor(font, &sub) : 0;

    HPDF_BYTE *be = xcalloc(end, 2);   /* glyph 0 for a code point not drawn */
    for (uint32_t cp = next_used(used, 0); cp < end; cp = next_used(used, cp + 1)) {
        uint16_t gid = gids[cp];
        if (subset && rc == 0)
            gid = gid < sub.old_count ? sub.new_id[gid] : 0;
        be[2 * cp] = (HPDF_BYTE)(gid >> 8);
        be[2 * cp + 1] = (HPDF_BYTE)gid;
    }
    if (subset)
        ttf_subset_release(&sub);
    free(gids);
    HPDF_MemStream_FreeData(map->stream);
    if (HPDF_Stream_Write(map->stream, be, end * 2) != HPDF_OK)
        rc = -1;
    free(be);
    return rc;
}

/* ---- deflating on all cores ---------------------------------------------- */

/* Writes the filter of a stream deflated by the flater (below) into its
 * dictionary (libharu drops a /Filter entry of a stream it does not
 * filter itself). */
static HPDF_STATUS flate_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

static int flate_candidate(HPDF_Dict d)
{
    return d && d->stream && d->stream->type == HPDF_STREAM_MEMORY &&
           !d->write_fn && d->stream->size > 0;
}

/* A stream handed to the deflate queue. */
typedef struct flated {
    HPDF_Dict dict;
    deflate_job job;       /* owns a copy of the stream's bytes until they
                              are compressed */
} flated;

/*
 * Deflates, on `jobs` threads (deflate.c), every stream libharu would
 * deflate one after the other while saving: each page's contents as soon
 * as the page is drawn (flate_add_made), each font's streams once it is
 * made and the others before saving (flate_objects). Each stream's bytes
 * are copied out and its libharu data freed; flate_finish() writes the
 * deflated bytes back, which libharu then writes as they are,
 * flate_filter() naming the filter.
 */
typedef struct flater {
    deflate_queue *q;      /* NULL: not deflating here (libharu does) */
    flated **items;
    size_t n;
    int failed;
} flater;

static flated *flate_queue(flater *fl, flated *x)
{
    fl->items = xgrow(fl->items, fl->n, sizeof *fl->items);
    fl->items[fl->n++] = x;
    deflate_queue_add(fl->q, &x->job);
    return x;
}

static void flate_add(flater *fl, HPDF_Dict d)
{
    if (!fl->q || !flate_candidate(d) || d->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
        return;
    HPDF_Stream st = d->stream;
    flated *x = xcalloc(1, sizeof *x);
    x->dict = d;
    unsigned char *in = xmalloc(st->size);
    size_t at = 0;
    for (HPDF_UINT b = 0; b < HPDF_MemStream_GetBufCount(st); b++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, b, &len);
        if (!p || len > st->size - at) {
            fl->failed = 1;
            break;
        }
        memcpy(in + at, p, len);
        at += len;
    }
    if (at != st->size)
        fl->failed = 1;
    HPDF_MemStream_FreeData(st);
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = flate_filter;
    x->job.in = in;
    x->job.in_len = at;
    x->job.own_in = 1;
    flate_queue(fl, x);
}

/* Queues a job whose bytes make(job) writes on the thread that takes it
 * (into job->in, job->in_len, from ctx); flate_bind() says later which
 * stream they are. */
static flated *flate_add_made(flater *fl, void (*make)(deflate_job *), void *ctx)
{
    flated *x = xcalloc(1, sizeof *x);
    x->job.make = make;
    x->job.ctx = ctx;
    return flate_queue(fl, x);
}

/* Makes d's (empty) stream the one x's deflated bytes go into. */
static void flate_bind(flated *x, HPDF_Dict d)
{
    x->dict = d;
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = flate_filter;
}

/*
 * Queues the streams of the document's objects from index *from on that
 * are not queued yet, and moves *from past the last. The ToUnicode and
 * CIDToGIDMap streams of a font take the font's filter when it is saved
 * (CIDFontType2_BeforeWrite_Func), so they are taken from the font (when
 * given), which is then set to no filter; only for a font whose descriptor
 * exists already (embed_subset), since libharu would make the font program
 * of another at saving time with that filter. The streams must be final:
 * each font's as soon as it is made, so that they are deflated while the
 * next is made; the rest before saving.
 */
static void flate_objects(flater *fl, HPDF_Doc pdf, HPDF_UINT *from, HPDF_Font font)
{
    if (!fl->q)
        return;
    for (HPDF_UINT i = *from; i < pdf->xref->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(pdf->xref, i);
        HPDF_Obj_Header *h = e ? e->obj : NULL;
        if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT)
            flate_add(fl, e->obj);
    }
    *from = pdf->xref->entries->count;
    HPDF_FontAttr attr = font ? (HPDF_FontAttr)font->attr : NULL;
    if (!attr || !attr->fontdef->descriptor || font->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
        return;
    if (attr->map_stream)
        attr->map_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (attr->cmap_stream)
        attr->cmap_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    flate_add(fl, attr->map_stream);
    flate_add(fl, attr->cmap_stream);
    font->filter = HPDF_STREAM_FILTER_NONE;
}

/* Waits for the queue; with write_back, puts the deflated bytes into their
 * streams. Frees all; 0, or -1 when something failed. */
static int flate_finish(flater *fl, int write_back)
{
    if (fl->q && deflate_queue_finish(fl->q) != 0)
        fl->failed = 1;
    fl->q = NULL;
    for (size_t i = 0; i < fl->n; i++) {
        flated *x = fl->items[i];
        if (write_back && !fl->failed &&
            (!x->dict || HPDF_Stream_Write(x->dict->stream, x->job.out,
                              (HPDF_UINT)x->job.out_len) != HPDF_OK))
            fl->failed = 1;
        if (x->job.own_in)
            free((void *)(uintptr_t)x->job.in);   /* not compressed */
        free(x->job.out);
        free(x);
    }
    free(fl->items);
    fl->items = NULL;
    fl->n = 0;
    return fl->failed ? -1 : 0;
}

/* ---- drawing ------------------------------------------------------------ */

/*
 * A page is drawn through a pen: either libharu's page operators (page),
 * or, with out set, the very bytes those operators write, into a buffer,
 * but for text strings (see pen_text): that needs no libharu object, so
 * pages are drawn so on the deflate threads (see "pages drawn on all
 * cores" below). test_pdf checks that both give the same content, byte for
 * byte once libharu's hex strings are written literally. For the bytes, pen_real()
 * is HPDF_FToA and the text position is kept in float as libharu keeps its
 * text matrix; the font of each face is named as the page's resources
 * name it (F1, F2... in order of first use, from HPDF_Page_GetLocalFontName).
 */
typedef struct pen {
    HPDF_Page page;              /* when out is NULL */
    buf *out;
    const char *const *names;    /* out: the page's font names, by face */
    float tx, ty;                /* out: the text matrix's position */
} pen;

/* HPDF_FToA of libharu 2.3.0, step for step (its types included): at most
 * five decimals, trailing zeros and point dropped. */
static void pen_real(buf *b, HPDF_REAL val)
{
    char tmp[HPDF_REAL_LEN + 1], out[HPDF_REAL_LEN + 2];
    char *s = out, *t = tmp + HPDF_REAL_LEN;
    if (val > HPDF_LIMIT_MAX_REAL)
        val = HPDF_LIMIT_MAX_REAL;
    else if (val < HPDF_LIMIT_MIN_REAL)
        val = HPDF_LIMIT_MIN_REAL;
    *t-- = 0;
    if (val < 0) {
        *s++ = '-';
        val = -val;
    }
    HPDF_INT32 int_val = (HPDF_INT32)(val + 0.000005);
    HPDF_INT32 fpart_val = (HPDF_INT32)((HPDF_REAL)(val - int_val + 0.000005) * 100000);
    for (int i = 0; i < 5; i++) {
        *t-- = (char)(fpart_val % 10 + '0');
        fpart_val /= 10;
    }
    *t-- = '.';
    *t = '0';
    if (int_val == 0)
        t--;
    while (int_val > 0) {
        *t-- = (char)(int_val % 10 + '0');
        int_val /= 10;
    }
    t++;
    while (*t)
        *s++ = *t++;
    s--;
    while (s > out) {   /* drop trailing zeros, and the point */
        if (*s == '0') {
            *s = 0;
        } else {
            if (*s == '.')
                *s = 0;
            break;
        }
        s--;
    }
    size_t n = *s == 0 ? (size_t)(s - out) : (size_t)(s - out + 1);
    buf_put(b, out, n);
}

static void pen_reals(buf *b, const HPDF_REAL *v, int n, const char *op)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ' ');
        pen_real(b, v[i]);
    }
    buf_puts(b, op);
}

static void pen_begin_text(pen *p)
{
    if (!p->out) {
        HPDF_Page_BeginText(p->page);
        return;
    }
    buf_puts(p->out, "BT\012");
    p->tx = p->ty = 0;
}

static void pen_end_text(pen *p)
{
    if (p->out)
        buf_puts(p->out, "ET\012");
    else
        HPDF_Page_EndText(p->page);
}

static void pen_gray(pen *p, int fill, double gray)
{
    if (!p->out) {
        if (fill)
            HPDF_Page_SetGrayFill(p->page, (HPDF_REAL)gray);
        else
            HPDF_Page_SetGrayStroke(p->page, (HPDF_REAL)gray);
        return;
    }
    HPDF_REAL v = (HPDF_REAL)gray;
    pen_reals(p->out, &v, 1, fill ? " g\012" : " G\012");
}

static void pen_line_width(pen *p, double lw)
{
    HPDF_REAL v = (HPDF_REAL)lw;
    if (p->out)
        pen_reals(p->out, &v, 1, " w\012");
    else
        HPDF_Page_SetLineWidth(p->page, v);
}

static void pen_dash(pen *p, int dash)
{
    static const HPDF_UINT16 dashed[] = { 4, 2 }, dotted[] = { 1, 2 },
                             longd[] = { 8, 3 };
    const HPDF_UINT16 *ptn = dash == LAYOUT_DASH_DASHED   ? dashed
                             : dash == LAYOUT_DASH_DOTTED ? dotted
                             : dash == LAYOUT_DASH_LONG   ? longd : NULL;
    if (!p->out) {
        HPDF_Page_SetDash(p->page, ptn, ptn ? 2 : 0, 0);
        return;
    }
    if (ptn)
        buf_printf(p->out, "[%u %u ] 0 d\012", ptn[0], ptn[1]);
    else
        buf_puts(p->out, "[] 0 d\012");
}

static void pen_font(pen *p, HPDF_Font font, int face, double size)
{
    HPDF_REAL v = (HPDF_REAL)size;
    if (!p->out) {
        HPDF_Page_SetFontAndSize(p->page, font, v);
        return;
    }
    buf_putc(p->out, '/');
    buf_puts(p->out, p->names[face]);
    buf_putc(p->out, ' ');
    pen_reals(p->out, &v, 1, " Tf\012");
}

/* A byte of a literal string: the three that delimit or escape, and the
 * two that end lines (a reader would read CR LF as one LF), escaped. */
static void pen_string_byte(buf *b, unsigned char c)
{
    switch (c) {
    case '(': case ')': case '\\': buf_putc(b, '\\'); buf_putc(b, (char)c); break;
    case '\n': buf_put(b, "\\n", 2); break;
    case '\r': buf_put(b, "\\r", 2); break;
    default: buf_putc(b, (char)c); break;
    }
}

/* HPDF_Page_TextOut: the move relative to the text matrix (as
 * TextPos_AbsToRel and HPDF_Page_MoveTextPos compute it, the matrix being
 * the identity but for its position), then the text as 2-byte codes equal
 * to the code points, past U+FFFF a space, unless libharu would find it
 * has no width (then it writes no Tj). libharu writes the codes as a hex
 * string, four digits a character; they are written here as a literal
 * string, two bytes a character: pages a third smaller before deflate,
 * and an eighth after it. */
static void pen_text(pen *p, const layout_op *op)
{
    HPDF_REAL xa = (HPDF_REAL)op->x, ya = (HPDF_REAL)op->y;
    if (!p->out) {
        HPDF_Page_TextOut(p->page, xa, ya, op->text);
        return;
    }
    const HPDF_REAL a = 1, b = 0, c = 0, d = 1;
    HPDF_REAL y = (ya - p->ty - (xa - p->tx) * b / a) / (d - c * b / a);
    HPDF_REAL x = (xa - p->tx - y * c) / a;
    HPDF_REAL v[2] = { x, y };
    pen_reals(p->out, v, 2, " Td\012");
    p->tx += x * a + y * c;
    p->ty += y * d + x * b;
    if (op->len == 0 || op->w == 0)
        return;
    buf_putc(p->out, '(');
    for (size_t i = 0; i < op->len;) {
        int32_t cp = text_next(op->text, op->len, &i);
        if (cp < 0)
            break;   /* refused before drawing (mark_drawn) */
        if (cp > 0xFFFF)
            cp = 0x20;
        pen_string_byte(p->out, (unsigned char)(cp >> 8));
        pen_string_byte(p->out, (unsigned char)cp);
    }
    buf_puts(p->out, ") Tj\012");
}

static void pen_line(pen *p, const layout_op *op)
{
    HPDF_REAL v[4] = { (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->x2,
                       (HPDF_REAL)op->y2 };
    if (!p->out) {
        HPDF_Page_MoveTo(p->page, v[0], v[1]);
        HPDF_Page_LineTo(p->page, v[2], v[3]);
        HPDF_Page_Stroke(p->page);
        return;
    }
    pen_reals(p->out, v, 2, " m\012");
    pen_reals(p->out, v + 2, 2, " l\012");
    buf_puts(p->out, "S\012");
}

static void pen_rect(pen *p, const layout_op *op, int fill, int stroke)
{
    HPDF_REAL v[4] = { (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->w,
                       (HPDF_REAL)op->h };
    if (!p->out) {
        HPDF_Page_Rectangle(p->page, v[0], v[1], v[2], v[3]);
        if (fill && stroke)
            HPDF_Page_FillStroke(p->page);
        else if (fill)
            HPDF_Page_Fill(p->page);
        else
            HPDF_Page_Stroke(p->page);
        return;
    }
    pen_reals(p->out, v, 4, " re\012");
    buf_puts(p->out, fill && stroke ? "B\012" : fill ? "f\012" : "S\012");
}

typedef struct gstate {
    int in_text;
    int face;
    double size;
    double fill, stroke, lw;
    int dash;
} gstate;

static void end_text(pen *p, gstate *g)
{
    if (g->in_text) {
        pen_end_text(p);
        g->in_text = 0;
    }
}

static void set_fill(pen *p, gstate *g, double gray)
{
    if (g->fill != gray) {
        pen_gray(p, 1, gray);
        g->fill = gray;
    }
}

static void set_stroke(pen *p, gstate *g, double gray, double lw, int dash)
{
    if (g->stroke != gray) {
        pen_gray(p, 0, gray);
        g->stroke = gray;
    }
    if (g->lw != lw) {
        pen_line_width(p, lw);
        g->lw = lw;
    }
    if (g->dash != dash) {
        pen_dash(p, dash);
        g->dash = dash;
    }
}

/* Draws lp with p; fonts (for libharu's operators) by face. */
static void draw_page(pen *p, const layout_page *lp, HPDF_Font *fonts)
{
    gstate g = { 0, -1, 0, 0, 0, 1, LAYOUT_DASH_SOLID };
    for (size_t k = 0; k < lp->nops; k++) {
        const layout_op *op = &lp->ops[k];
        switch (op->kind) {
        case LAYOUT_OP_TEXT: {
            int face = op->face >= 0 && op->face < FONTS_FACES ? op->face : 0;
            set_fill(p, &g, 0);
            if (!g.in_text) {
                pen_begin_text(p);
                g.in_text = 1;
            }
            if (g.face != face || g.size != op->size) {
                pen_font(p, fonts ? fonts[face] : NULL, face, op->size);
                g.face = face;
                g.size = op->size;
            }
            pen_text(p, op);
            break;
        }
        case LAYOUT_OP_LINE:
            end_text(p, &g);
            set_stroke(p, &g, op->stroke_gray, op->line_width, (int)op->dash);
            pen_line(p, op);
            break;
        case LAYOUT_OP_RECT: {
            int fill = op->fill_gray >= 0, stroke = op->line_width > 0;
            if (!fill && !stroke)
                break;
            end_text(p, &g);
            if (fill)
                set_fill(p, &g, op->fill_gray);
            if (stroke)
                set_stroke(p, &g, op->stroke_gray, op->line_width,
                           LAYOUT_DASH_SOLID);
            pen_rect(p, op, fill, stroke);
            break;
        }
        }
    }
    end_text(p, &g);
    set_fill(p, &g, 0);   /* leave text black */
}

typedef struct drawer {
    HPDF_Doc pdf;
    herr *e;
    HPDF_Font font[FONTS_FACES];
} drawer;

enum { MAX_OUTLINE_LEVEL = 8 };

static int add_outlines(drawer *dw, const layout_result *r, HPDF_Page *pages)
{
    HPDF_Outline parents[MAX_OUTLINE_LEVEL + 1] = { 0 };
    HPDF_Encoder enc = HPDF_GetEncoder(dw->pdf, "UTF-8");
    for (size_t i = 0; i < r->noutlines; i++) {
        const layout_outline *o = &r->outlines[i];
        int lvl = o->level < 1 ? 1 : o->level > MAX_OUTLINE_LEVEL
                                       ? MAX_OUTLINE_LEVEL : o->level;
        HPDF_Outline parent = NULL;
        for (int l = lvl - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        HPDF_Outline ol = HPDF_CreateOutline(dw->pdf, parent, o->title, enc);
        if (!ol)
            return -1;
        parents[lvl] = ol;
        for (int l = lvl + 1; l <= MAX_OUTLINE_LEVEL; l++)
            parents[l] = NULL;
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[o->page]);
        if (!dst)
            return -1;
        HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)o->y, 1);
        HPDF_Outline_SetDestination(ol, dst);
        HPDF_Outline_SetOpened(ol, lvl == 1 ? HPDF_TRUE : HPDF_FALSE);
        if (dw->e->set)
            return -1;
    }
    if (r->noutlines)
        HPDF_SetPageMode(dw->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return dw->e->set ? -1 : 0;
}

static void set_info(HPDF_Doc pdf, HPDF_InfoType t, const char *v)
{
    if (v && *v)
        HPDF_SetInfoAttr(pdf, t, v);
}

/* Reads the saved document out of libharu's memory stream. */
static int read_out(HPDF_Doc pdf, herr *e, unsigned char **bytes, size_t *len)
{
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *data = xmalloc(size ? size : 1);
    size_t got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - (HPDF_UINT32)got;
        HPDF_STATUS ret = HPDF_ReadFromStream(pdf, data + got, &n);
        got += n;
        if (ret == HPDF_STREAM_EOF || n == 0)
            break;
        if (ret != HPDF_OK || e->set) {
            free(data);
            return -1;
        }
    }
    HPDF_ResetError(pdf);
    if (got != size || e->set) {
        free(data);
        return -1;
    }
    *bytes = data;
    *len = got;
    return 0;
}

/* ---- pages drawn on all cores ------------------------------------------- */

/*
 * With optimize, a page's operators are written into a buffer (a pen with
 * out) by a job of the deflate queue as soon as layout has finished the
 * page (pdf_draw_page, a layout_page_done), and deflated by the same job;
 * layout goes on with the next pages meanwhile. The font names a page's
 * operators use are those libharu gives when the fonts are registered on
 * the page in order of first use, F1, F2..., which pdf_draw_end() does and
 * checks.
 */
static const char *const FONT_NAMES[FONTS_FACES] = { "F1", "F2", "F3", "F4" };

typedef struct page_task {
    layout_page lp;                 /* a copy: layout's array may move */
    const char *names[FONTS_FACES]; /* by face, for the faces used */
    buf out;
    flated *job;                    /* NULL when not queued */
} page_task;

/* Writes the page's operators into t->out. */
static void page_task_write(page_task *t)
{
    pen p = { NULL, &t->out, t->names, 0, 0 };
    draw_page(&p, &t->lp, NULL);
}

/* The deflate job of a page: writes it, on the thread that takes the job. */
static void page_task_draw(deflate_job *job)
{
    page_task *t = job->ctx;
    page_task_write(t);
    job->in_len = t->out.len;
    job->in = (const unsigned char *)buf_detach(&t->out);
    job->own_in = 1;   /* freed once compressed: only that is kept */
}

struct pdf_drawing {
    pdf_fonts *f;
    pdf_options opt;
    flater fl;
    page_task **tasks;
    size_t ntasks;
};

pdf_drawing *pdf_draw_begin(pdf_fonts *f, const pdf_options *opt)
{
    pdf_drawing *dr = xcalloc(1, sizeof *dr);
    dr->f = opt ? f : NULL;   /* pdf_draw_end refuses either missing */
    if (opt)
        dr->opt = *opt;
    if (f && opt && !f->drawn && opt->optimize && opt->compress)
        dr->fl.q = deflate_queue_new(opt->jobs);
    return dr;
}

void pdf_draw_page(void *drawing, const layout_result *r, size_t page)
{
    pdf_drawing *dr = drawing;
    if (!dr->opt.optimize)
        return;   /* drawn by libharu in pdf_draw_end */
    page_task *t = xcalloc(1, sizeof *t);
    t->lp = r->pages[page];
    buf_init(&t->out, 0);
    int n = 0;
    for (size_t k = 0; k < t->lp.nops; k++) {
        const layout_op *op = &t->lp.ops[k];
        int face = op->face >= 0 && op->face < FONTS_FACES ? op->face : 0;
        if (op->kind == LAYOUT_OP_TEXT && !t->names[face])
            t->names[face] = FONT_NAMES[n++];
    }
    dr->tasks = xgrow(dr->tasks, dr->ntasks, sizeof *dr->tasks);
    dr->tasks[dr->ntasks++] = t;
    if (dr->fl.q)
        t->job = flate_add_made(&dr->fl, page_task_draw, t);
}

/* Registers on page the fonts the task's page uses, in order of first
 * use, and checks that libharu names them as the operators do. */
static int page_task_fonts(const page_task *t, HPDF_Page page, HPDF_Font *fonts)
{
    for (int n = 0; n < FONTS_FACES; n++)
        for (int face = 0; face < FONTS_FACES; face++) {
            if (t->names[face] != FONT_NAMES[n])
                continue;
            const char *name = HPDF_Page_GetLocalFontName(page, fonts[face]);
            if (!name || strcmp(name, FONT_NAMES[n]) != 0)
                return -1;
        }
    return 0;
}

static void drawing_free(pdf_drawing *dr)
{
    flate_finish(&dr->fl, 0);
    for (size_t i = 0; i < dr->ntasks; i++) {
        buf_release(&dr->tasks[i]->out);
        free(dr->tasks[i]);
    }
    free(dr->tasks);
    free(dr);
}

int pdf_draw_end(pdf_drawing *dr, const layout_result *r, unsigned char **bytes,
                 size_t *len, pdf_error *err)
{
    clear_err(err);
    *bytes = NULL;
    *len = 0;
    pdf_fonts *f = dr->f;
    const pdf_options *opt = &dr->opt;
    if (!r || !f || f->drawn || (opt->optimize && dr->ntasks != r->npages)) {
        drawing_free(dr);
        set_err(err, PDF_ERR_ARG);
        return PDF_ERR_ARG;
    }
    f->drawn = 1;
    drawer dw;
    memset(&dw, 0, sizeof dw);
    dw.pdf = f->pdf;
    dw.e = &f->e;
    herr *e = &f->e;
    HPDF_Page *pages = NULL;
    uint8_t *used = NULL;
    encoder_maps *maps = NULL;
    HPDF_UINT queued = 0;   /* the objects before it are queued (flate_objects) */
    int status = PDF_ERR_HPDF;
    if (e->set)
        goto fail;
    if (opt->compress)
        HPDF_SetCompressionMode(dw.pdf, HPDF_COMP_ALL);

    /* information, after the UTF-8 encoder is current */
    set_info(dw.pdf, HPDF_INFO_TITLE, opt->title);
    set_info(dw.pdf, HPDF_INFO_AUTHOR, opt->author);
    set_info(dw.pdf, HPDF_INFO_SUBJECT, opt->subject);
    set_info(dw.pdf, HPDF_INFO_KEYWORDS, opt->keywords);
    set_info(dw.pdf, HPDF_INFO_CREATOR,
             opt->creator ? opt->creator : "baocao " BAOCAO_VERSION);
    if (opt->year > 0) {
        HPDF_Date dt;
        memset(&dt, 0, sizeof dt);
        dt.year = opt->year;
        dt.month = opt->month;
        dt.day = opt->day;
        dt.ind = 'Z';
        HPDF_SetInfoDateAttr(dw.pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(dw.pdf, HPDF_INFO_MOD_DATE, dt);
    }
    if (e->set)
        goto fail;

    used = xcalloc(FONTS_FACES, 8192);
    uint8_t *bits[FONTS_FACES];
    for (int k = 0; k < FONTS_FACES; k++)
        bits[k] = used + (size_t)k * 8192;
    int bad_text = mark_drawn(r, pdf_fonts_set(f), bits, err);
    if (bad_text != 0) {
        status = bad_text;
        goto out;
    }
    for (int k = 0; k < FONTS_FACES; k++) {
        if (!(r->faces_used & (1u << k)))
            continue;
        if (opt->optimize) {
            if (!maps)
                maps = xmalloc(sizeof *maps);
            dw.font[k] = get_font_drawn(dw.pdf, f->name[k], bits[k], maps);
        } else {
            dw.font[k] = HPDF_GetFont(dw.pdf, f->name[k], "UTF-8");
        }
        if (!dw.font[k] || e->set) {
            status = PDF_ERR_FONT_LOAD;
            goto fail;
        }
        if (fix_tounicode(dw.font[k]) != 0 ||
            (opt->optimize && embed_subset(bits[k], dw.font[k], f->file[k], f->file_len[k],
                                           f->index[k]) != 0) ||
            e->set)
            goto fail;
        flate_objects(&dr->fl, dw.pdf, &queued, dw.font[k]);   /* its streams are final */
    }

    pages = xcalloc(r->npages ? r->npages : 1, sizeof *pages);
    for (size_t i = 0; i < r->npages; i++) {
        const layout_page *lp = &r->pages[i];
        pages[i] = HPDF_AddPage(dw.pdf);
        if (!pages[i] || e->set)
            goto fail;
        HPDF_Page_SetWidth(pages[i], (HPDF_REAL)lp->width);
        HPDF_Page_SetHeight(pages[i], (HPDF_REAL)lp->height);
        HPDF_PageAttr attr = (HPDF_PageAttr)pages[i]->attr;
        if (!opt->optimize) {
            pen p = { pages[i], NULL, NULL, 0, 0 };
            draw_page(&p, lp, dw.font);
        } else if (page_task_fonts(dr->tasks[i], pages[i], dw.font) != 0) {
            goto fail;
        } else if (dr->tasks[i]->job) {
            flate_bind(dr->tasks[i]->job, attr->contents);
        } else {
            page_task_write(dr->tasks[i]);
            HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)dr->tasks[i]->out.data,
                              (HPDF_UINT)dr->tasks[i]->out.len);
        }
        if (e->set)
            goto fail;
    }
    if (add_outlines(&dw, r, pages) != 0)
        goto fail;
    flate_objects(&dr->fl, dw.pdf, &queued, NULL);
    if (flate_finish(&dr->fl, 1) != 0 || e->set)
        goto fail;
    if (HPDF_SaveToStream(dw.pdf) != HPDF_OK || e->set)
        goto fail;
    if (read_out(dw.pdf, e, bytes, len) != 0)
        goto fail;
    status = PDF_OK;
    goto out;
fail:
    hpdf_fail(dw.pdf, e, err, status);
out:
    drawing_free(dr);
    free(pages);
    free(used);
    free(maps);
    return status;
}

/* ---- saving ------------------------------------------------------------ */

static int io_fail(pdf_error *err, int stage, int e)
{
    if (err && err->status == PDF_OK) {
        err->status = PDF_ERR_IO;
        err->detail = stage;
        err->sys_errno = e;
    }
    return PDF_ERR_IO;
}

int pdf_write_fd(int fd, const unsigned char *bytes, size_t len,
                 pdf_error *err)
{
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        int e = errno;
        close(fd);
        return io_fail(err, PDF_IO_WRITE, e);
    }
    if (len && fwrite(bytes, 1, len, fp) != len) {
        int e = errno ? errno : EIO;
        fclose(fp);
        return io_fail(err, PDF_IO_WRITE, e);
    }
    if (fflush(fp) != 0) {
        int e = errno;
        fclose(fp);
        return io_fail(err, PDF_IO_WRITE, e);
    }
    if (fsync(fileno(fp)) != 0 && errno != EINVAL) {
        int e = errno;
        fclose(fp);
        return io_fail(err, PDF_IO_SYNC, e);
    }
    if (fclose(fp) != 0)
        return io_fail(err, PDF_IO_CLOSE, errno);
    return PDF_OK;
}

int pdf_save_file(const char *path, const unsigned char *bytes, size_t len,
                  pdf_error *err)
{
    clear_err(err);
    if (!path || !*path) {
        set_err(err, PDF_ERR_ARG);
        return PDF_ERR_ARG;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        set_err(err, PDF_ERR_ARG);
        return PDF_ERR_ARG;
    }
    /* "<dir>/.<base>.XXXXXX" in the target's folder, so rename is atomic */
    size_t n = dirlen + strlen(base) + 16;
    char *tmp = xmalloc(n);
    char *dir = xmalloc(dirlen + 2);
    if (slash) {
        memcpy(dir, path, dirlen);
        dir[dirlen] = '\0';
        if (dirlen == 0)
            strcpy(dir, "/");
    } else {
        strcpy(dir, ".");
    }
    snprintf(tmp, n, "%.*s%s.%s.XXXXXX", (int)dirlen, path, slash ? "/" : "",
             base);
    int rc = PDF_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = io_fail(err, PDF_IO_CREATE, errno);
        goto out;
    }
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        rc = io_fail(err, PDF_IO_CREATE, e);
        goto out;
    }
    rc = pdf_write_fd(fd, bytes, len, err);
    if (rc != PDF_OK) {
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        rc = io_fail(err, PDF_IO_RENAME, e);
        goto out;
    }
    /* make the rename itself durable; best effort */
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
out:
    free(tmp);
    free(dir);
    return rc;
}

/* ---- all in one --------------------------------------------------------- */

void pdf_options_init(pdf_options *o)
{
    memset(o, 0, sizeof *o);
    layout_page_setup_default(&o->page);
    o->compress = 1;
    o->optimize = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (int)cores : 1;
}

int pdf_render_mem(const doc *d, const pdf_options *opt, unsigned char **bytes,
                   size_t *len, pdf_error *err)
{
    clear_err(err);
    *bytes = NULL;
    *len = 0;
    if (!d || !opt) {
        set_err(err, PDF_ERR_ARG);
        return PDF_ERR_ARG;
    }
    pdf_fonts *f = pdf_fonts_new(opt->font_family, err);
    if (!f)
        return err ? err->status : PDF_ERR_FONT_NOT_FOUND;
    layout_metrics m;
    pdf_fonts_metrics(f, &m);
    layout_result *r = NULL;
    pdf_drawing *dr = pdf_draw_begin(f, opt);
    int lrc = layout_run_each(d, &opt->page, &m, pdf_draw_page, dr, &r);
    int rc = pdf_draw_end(dr, r, bytes, len, err);
    if (lrc != LAYOUT_OK) {
        clear_err(err);
        set_err(err, PDF_ERR_LAYOUT);
        if (err)
            err->detail = lrc;
        rc = PDF_ERR_LAYOUT;
    }
    layout_free(r);
    pdf_fonts_free(f);
    return rc;
}

int pdf_render(const doc *d, const pdf_options *opt, const char *out_path,
               pdf_error *err)
{
    unsigned char *bytes;
    size_t len;
    int rc = pdf_render_mem(d, opt, &bytes, &len, err);
    if (rc != PDF_OK)
        return rc;
    rc = pdf_save_file(out_path, bytes, len, err);
    free(bytes);
    return rc;
}

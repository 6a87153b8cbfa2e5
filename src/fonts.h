/*
 * fonts: finds the four faces of the report font with fontconfig.
 *
 * Decree 30 asks for Times New Roman. Where it is not installed fontconfig
 * substitutes Liberation Serif (package fonts-liberation2), which has the
 * same metrics; any other substitute (DejaVu...) would change every line
 * break, so only a face whose family is the requested one, Times New Roman
 * or Liberation Serif is accepted, and only a real bold / italic face (not
 * one fontconfig would embolden or slant itself).
 *
 * The character sets of the faces are kept so that callers can report, at
 * input time, a character the font cannot draw instead of printing an
 * empty box. Only this module includes fontconfig.
 */
#ifndef BAOCAO_FONTS_H
#define BAOCAO_FONTS_H

#include <stddef.h>
#include <stdint.h>

/* Face indexes are those of doc_face: 0 regular, 1 bold, 2 italic,
 * 3 bold italic. */
enum { FONTS_FACES = 4 };

typedef enum fonts_status {
    FONTS_OK = 0,
    FONTS_ERR_NOT_FOUND,  /* no acceptable face: install fonts-liberation2 */
    FONTS_ERR_INIT,       /* fontconfig could not load its configuration */
    FONTS_ERR_UTF8        /* fonts_lacks: the text is not valid UTF-8 */
} fonts_status;

/* Caller-owned: filled by fonts_find(), emptied by fonts_release(). */
typedef struct fonts_set {
    char *family;                 /* family actually matched */
    char *path[FONTS_FACES];      /* font files */
    int index[FONTS_FACES];       /* face index inside the file (.ttc) */
    void *charset[FONTS_FACES];   /* private: fontconfig character sets */
    int missing_face;             /* on FONTS_ERR_NOT_FOUND: the face (0..3) */
} fonts_set;

/*
 * Finds the four faces of family ("Times New Roman" when NULL). On FONTS_OK
 * out holds copies the caller releases with fonts_release(); on error out
 * holds nothing to release (releasing it anyway is harmless).
 */
int fonts_find(const char *family, fonts_set *out);

/* Frees what fonts_find() put in s and zeroes it; NULL does nothing. */
void fonts_release(fonts_set *s);

/*
 * Whether face (0..3) of s lacks a glyph for some character of the len
 * bytes of utf8. Returns 1 and sets *missing_cp and *offset (byte offset,
 * either may be NULL) for the first such character, 0 when every character
 * is covered, -FONTS_ERR_UTF8 (negative) for invalid UTF-8 (*offset is then
 * the bad byte). Line feeds and tabs are not checked (never drawn).
 */
int fonts_lacks(const fonts_set *s, int face, const char *utf8, size_t len,
                uint32_t *missing_cp, size_t *offset);

#endif

/*
 * pdf: draws a layout with libharu 2.3.0 and saves the file safely.
 *
 * The flow is: find the fonts (fonts.c) and load them into a libharu
 * document (pdf_fonts_new), lay the document out with their metrics
 * (layout.c), draw the pages into that same document, embedding only the
 * faces and glyphs the layout uses, and write the bytes to a temporary file
 * in the target folder that is renamed over the target only once it is
 * complete and synced. pdf_render() does all of it in one call; the pieces are public
 * for tests.
 *
 * Output is reproducible: no clock is read (CreationDate and ModDate come
 * from the caller's date at 00:00:00Z) and libharu adds no /ID, so the same
 * inputs give byte-identical files.
 *
 * libharu 2.3.0 writes an invalid ToUnicode CMap; pdf.c replaces it with a
 * valid one through libharu internals and refuses to build against any
 * other version. Only this module includes hpdf.h. Nothing here prints:
 * every failure is a pdf_status plus details in a pdf_error.
 */
#ifndef BAOCAO_PDF_H
#define BAOCAO_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "fonts.h"
#include "layout.h"

typedef enum pdf_status {
    PDF_OK = 0,
    PDF_ERR_ARG,             /* bad argument */
    PDF_ERR_FONT_NOT_FOUND,  /* no Times New Roman / Liberation Serif face
                                (detail = face): install fonts-liberation2 */
    PDF_ERR_FONT_LOAD,       /* libharu could not load a font file
                                (sys_errno when the file could not be opened) */
    PDF_ERR_GLYPH,           /* text has a character the font lacks
                                (codepoint, detail = face) */
    PDF_ERR_UTF8,            /* text is not valid UTF-8 */
    PDF_ERR_LAYOUT,          /* layout failed (detail = layout_status) */
    PDF_ERR_HPDF,            /* any other libharu error (hpdf_code/detail) */
    PDF_ERR_IO               /* writing the file failed (sys_errno, detail =
                                pdf_io_stage) */
} pdf_status;

typedef enum pdf_io_stage {
    PDF_IO_CREATE = 1,       /* creating the temporary file */
    PDF_IO_WRITE,
    PDF_IO_SYNC,
    PDF_IO_CLOSE,
    PDF_IO_RENAME
} pdf_io_stage;

/* Filled on failure (zeroed on success). */
typedef struct pdf_error {
    int status;              /* pdf_status */
    int sys_errno;           /* errno of a failed system call, else 0 */
    int detail;              /* see pdf_status */
    unsigned long hpdf_code; /* first libharu error code, else 0 */
    unsigned long hpdf_detail;
    uint32_t codepoint;      /* PDF_ERR_GLYPH */
} pdf_error;

typedef struct pdf_options {
    layout_page_setup page;   /* A4, margins 20/20/30/15 by default */
    const char *font_family;  /* NULL: "Times New Roman" */
    const char *title;        /* document information; NULL: left out */
    const char *author;
    const char *subject;
    const char *keywords;
    const char *creator;      /* default "baocao" and the version */
    int year, month, day;     /* CreationDate/ModDate at 00:00:00Z; year 0:
                                 no dates */
    int compress;             /* Flate-compress streams; default 1 */
    int optimize;             /* default 1: font objects of the
                                 characters drawn, embedding only their
                                 glyphs (ttf.h), pages written by the pen
                                 and the streams deflated on `jobs` threads
                                 (deflate.h). 0: libharu 2.3.0's own way,
                                 whole faces, 2.5 times larger and slower,
                                 which tests render as the reference */
    int jobs;                 /* threads for deflating; default: the cores */
} pdf_options;

/* Defaults as documented above; strings are borrowed, not copied. */
void pdf_options_init(pdf_options *o);

/*
 * Renders d into out_path (fonts, layout, drawing, safe save). On failure
 * any earlier file at out_path is left untouched and no temporary file is
 * left behind. Returns a pdf_status; err (may be NULL) gets the details.
 */
int pdf_render(const doc *d, const pdf_options *opt, const char *out_path,
               pdf_error *err);

/* Like pdf_render() but hands the PDF bytes to the caller (free() them). */
int pdf_render_mem(const doc *d, const pdf_options *opt, unsigned char **bytes,
                   size_t *len, pdf_error *err);

/* ---- the pieces -------------------------------------------------------- */

/* The report font, loaded into the libharu document that layout measures
 * with and pdf_draw_end() then draws into; free with pdf_fonts_free(). */
typedef struct pdf_fonts pdf_fonts;

/* Finds family (NULL: Times New Roman) and loads its four faces. Returns
 * NULL on failure with err set (PDF_ERR_FONT_NOT_FOUND, PDF_ERR_FONT_LOAD). */
pdf_fonts *pdf_fonts_new(const char *family, pdf_error *err);
/* Same from explicit font files (regular, bold, italic, bold italic), for
 * tests of a missing file. */
pdf_fonts *pdf_fonts_new_files(const char *const paths[4], pdf_error *err);
void pdf_fonts_free(pdf_fonts *f);
/* Metrics for layout_run(), valid while f lives. */
void pdf_fonts_metrics(pdf_fonts *f, layout_metrics *m);
/* The fontconfig result (for fonts_lacks()); NULL for pdf_fonts_new_files. */
const fonts_set *pdf_fonts_set(const pdf_fonts *f);

/*
 * Draws into PDF bytes (free() them) the layout of a document, laid out
 * with the metrics of f, in three steps, so that pages are written and
 * compressed on other cores while layout goes on:
 *
 *     pdf_drawing *dr = pdf_draw_begin(f, opt);
 *     layout_run_each(d, &opt->page, &metrics, pdf_draw_page, dr, &r);
 *     pdf_draw_end(dr, r, &bytes, &len, &err);   (always: it frees dr)
 *
 * This uses up f's document: drawing again with the same f is PDF_ERR_ARG,
 * and f must not measure any more (free it). f and opt must outlive dr; r
 * must be freed only after pdf_draw_end(). pdf_draw_end() with r NULL
 * (layout failed) only frees dr.
 */
typedef struct pdf_drawing pdf_drawing;
pdf_drawing *pdf_draw_begin(pdf_fonts *f, const pdf_options *opt);
/* A layout_page_done: takes page `page` of r, complete. */
void pdf_draw_page(void *drawing, const layout_result *r, size_t page);
int pdf_draw_end(pdf_drawing *dr, const layout_result *r, unsigned char **bytes,
                 size_t *len, pdf_error *err);

/* Writes len bytes to fd with checked fwrite/fflush/fsync/fclose; takes
 * ownership of fd and always closes it. fsync is skipped for files that
 * cannot be synced (EINVAL: pipes, devices). */
int pdf_write_fd(int fd, const unsigned char *bytes, size_t len,
                 pdf_error *err);

/* Writes the bytes to a temporary file beside path, then renames it over
 * path. On failure path is untouched and the temporary file removed. */
int pdf_save_file(const char *path, const unsigned char *bytes, size_t len,
                  pdf_error *err);

#endif

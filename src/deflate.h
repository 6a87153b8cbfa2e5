/*
 * deflate: compresses many buffers at once, on several threads (zlib).
 *
 * libharu deflates every stream of a PDF one after the other while it
 * saves; on a report of many pages that is the largest single cost. pdf.c
 * hands the streams to deflate_all() before saving instead, and libharu
 * writes the results as they are. The level and parameters are zlib's
 * defaults, the ones libharu uses, so the bytes are the same as libharu's
 * own whatever the number of threads. Only this module includes zlib.h.
 */
#ifndef BAOCAO_DEFLATE_H
#define BAOCAO_DEFLATE_H

#include <stddef.h>

typedef struct deflate_job {
    const unsigned char *in;  /* borrowed */
    size_t in_len;
    unsigned char *out;       /* filled by deflate_all(); free() it */
    size_t out_len;
} deflate_job;

/*
 * Compresses each job's input into out (a zlib stream) on up to `threads`
 * threads, the largest inputs first. Returns 0, or -1 when zlib failed for
 * some job (its out is then NULL; the others are filled all the same).
 */
int deflate_all(deflate_job *jobs, size_t n, int threads);

#endif

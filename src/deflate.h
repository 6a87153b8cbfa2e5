/*
 * deflate: compresses many buffers at once, on several threads (zlib).
 *
 * libharu deflates every stream of a PDF one after the other while it
 * saves; on a report of many pages that is the largest single cost. pdf.c
 * hands each page's stream to a deflate_queue as soon as the page is drawn,
 * so that other cores compress while the next pages are drawn, and the
 * other streams before saving; libharu then writes the results as they
 * are. The bytes do not depend on the number of threads. Only this module
 * includes zlib.h.
 *
 * The level is DEFLATE_LEVEL, 4, where libharu uses zlib's default, 6:
 * level 4 takes half the time for streams 2 % (the quarterly report) to
 * 10 % (a table of 800 rows) larger, measured on the PDFs of this program;
 * the whole file stays smaller than ReportLab's at its default.
 */
enum { DEFLATE_LEVEL = 4 };
#ifndef BAOCAO_DEFLATE_H
#define BAOCAO_DEFLATE_H

#include <stddef.h>

typedef struct deflate_job {
    const unsigned char *in;  /* borrowed until the queue is finished, or
                                 owned (below) */
    size_t in_len;
    int own_in;               /* free(in) as soon as it is compressed */
    /* when set, called first on the thread that takes the job, to make
     * in and in_len (from ctx) */
    void (*make)(struct deflate_job *job);
    void *ctx;
    unsigned char *out;       /* filled by the queue; free() it */
    size_t out_len;
    int failed;               /* zlib failed: out is NULL */
} deflate_job;

typedef struct deflate_queue deflate_queue;

/* A queue served by threads - 1 workers, and by the caller in
 * deflate_queue_finish(); threads < 2 compresses everything there. */
deflate_queue *deflate_queue_new(int threads);
/* Queues a job; the job must stay where it is until finished. */
void deflate_queue_add(deflate_queue *q, deflate_job *job);
/* Compresses what is left on this thread too, waits for every job, stops
 * the workers and frees q. Returns 0, or -1 when some job failed. */
int deflate_queue_finish(deflate_queue *q);


#endif

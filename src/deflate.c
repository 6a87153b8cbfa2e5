/*
 * deflate: parallel zlib compression (see deflate.h).
 *
 * The jobs are sorted by size, largest first, and the threads take the
 * next one from a shared counter, so that one big font program does not
 * end up last on a busy thread. Each job is one deflateInit / deflate /
 * deflateEnd, which gives the same bytes as libharu's loop over 4 KB
 * pieces: zlib's output does not depend on how its input is cut.
 */
#include "deflate.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "mem.h"

typedef struct shared {
    deflate_job **order;
    size_t n;
    size_t next;
    int failed;
    pthread_mutex_t mu;
} shared;

static int compress_one(deflate_job *j)
{
    z_stream z = { 0 };
    if (j->in_len > UINT_MAX || deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK)
        return -1;
    uLong cap = deflateBound(&z, (uLong)j->in_len);
    j->out = xmalloc(cap ? cap : 1);
    z.next_in = (Bytef *)(uintptr_t)j->in;   /* zlib does not write it */
    z.avail_in = (uInt)j->in_len;
    z.next_out = j->out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    j->out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(j->out);
        j->out = NULL;
        j->out_len = 0;
        return -1;
    }
    return 0;
}

static void *worker(void *arg)
{
    shared *sh = arg;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        size_t i = sh->next < sh->n ? sh->next++ : sh->n;
        pthread_mutex_unlock(&sh->mu);
        if (i == sh->n)
            return NULL;
        if (compress_one(sh->order[i]) != 0) {
            pthread_mutex_lock(&sh->mu);
            sh->failed = 1;
            pthread_mutex_unlock(&sh->mu);
        }
    }
}

static int larger_first(const void *a, const void *b)
{
    const deflate_job *x = *(deflate_job *const *)a, *y = *(deflate_job *const *)b;
    return x->in_len < y->in_len ? 1 : x->in_len > y->in_len ? -1 : 0;
}

int deflate_all(deflate_job *jobs, size_t n, int threads)
{
    shared sh = { xmalloc((n ? n : 1) * sizeof *sh.order), n, 0, 0,
                  PTHREAD_MUTEX_INITIALIZER };
    for (size_t i = 0; i < n; i++) {
        jobs[i].out = NULL;
        jobs[i].out_len = 0;
        sh.order[i] = &jobs[i];
    }
    qsort(sh.order, n, sizeof *sh.order, larger_first);
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    /* threads - 1 helpers; this thread is the last */
    pthread_t *tid = xmalloc((size_t)threads * sizeof *tid);
    int started = 0;
    for (int t = 0; t < threads - 1; t++)
        if (pthread_create(&tid[t], NULL, worker, &sh) == 0)
            started++;
    worker(&sh);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    free(sh.order);
    pthread_mutex_destroy(&sh.mu);
    return sh.failed ? -1 : 0;
}

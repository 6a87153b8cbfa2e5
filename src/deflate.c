/*
 * deflate: parallel zlib compression (see deflate.h).
 *
 * The queue is a growing array of job pointers, a count of jobs taken and
 * one of jobs done, under one mutex; workers sleep on `work` when nothing
 * is queued, and the caller of deflate_queue_finish() takes jobs too, then
 * sleeps on `done` until the last one is back. Each thread keeps one zlib
 * stream, reset between jobs; each job is one deflate call: the same bytes
 * as compress2() at that level.
 */
#include "deflate.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "mem.h"

struct deflate_queue {
    deflate_job **jobs;
    size_t n, taken, done;
    int finishing, failed;
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
    pthread_t *workers;
    int nworkers;
};

/* Compresses j with z, a stream this thread keeps from job to job: a
 * fresh deflateInit would allocate (and fault in) some 270 KB each time. */
static void compress_one(z_stream *z, int *ready, deflate_job *j)
{
    j->failed = 1;
    if (j->in_len > UINT_MAX)
        return;
    if (!*ready) {
        memset(z, 0, sizeof *z);
        if (deflateInit(z, DEFLATE_LEVEL) != Z_OK)
            return;
        *ready = 1;
    } else if (deflateReset(z) != Z_OK) {
        return;
    }
    uLong cap = deflateBound(z, (uLong)j->in_len);
    j->out = xmalloc(cap ? cap : 1);
    z->next_in = (Bytef *)(uintptr_t)j->in;   /* zlib does not write it */
    z->avail_in = (uInt)j->in_len;
    z->next_out = j->out;
    z->avail_out = (uInt)cap;
    int rc = deflate(z, Z_FINISH);
    j->out_len = cap - z->avail_out;
    if (rc != Z_STREAM_END) {
        free(j->out);
        j->out = NULL;
        j->out_len = 0;
        return;
    }
    j->failed = 0;
}

/* Takes and compresses jobs until none is queued (and, for a worker, until
 * the queue is finishing). Called and returns under the mutex. */
static void serve(deflate_queue *q, int worker)
{
    z_stream z;
    int ready = 0;
    for (;;) {
        if (q->taken < q->n) {
            deflate_job *j = q->jobs[q->taken++];
            pthread_mutex_unlock(&q->mu);
            if (j->make)
                j->make(j);
            compress_one(&z, &ready, j);
            if (j->own_in) {
                free((void *)(uintptr_t)j->in);   /* ours: see deflate_job */
                j->in = NULL;
            }
            pthread_mutex_lock(&q->mu);
            q->failed |= j->failed;
            if (++q->done == q->n && q->finishing)
                pthread_cond_signal(&q->finished);
        } else if (worker && !q->finishing) {
            pthread_cond_wait(&q->work, &q->mu);
        } else {
            if (ready)
                deflateEnd(&z);
            return;
        }
    }
}

static void *worker(void *arg)
{
    deflate_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    serve(q, 1);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

deflate_queue *deflate_queue_new(int threads)
{
    deflate_queue *q = xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->finished, NULL);
    if (threads > 1) {
        q->workers = xmalloc((size_t)(threads - 1) * sizeof *q->workers);
        for (int t = 0; t < threads - 1; t++)
            if (pthread_create(&q->workers[q->nworkers], NULL, worker, q) == 0)
                q->nworkers++;
    }
    return q;
}

void deflate_queue_add(deflate_queue *q, deflate_job *job)
{
    job->out = NULL;
    job->out_len = 0;
    job->failed = 0;
    pthread_mutex_lock(&q->mu);
    q->jobs = xgrow(q->jobs, q->n, sizeof *q->jobs);
    q->jobs[q->n++] = job;
    pthread_cond_signal(&q->work);
    pthread_mutex_unlock(&q->mu);
}

int deflate_queue_finish(deflate_queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->finishing = 1;
    pthread_cond_broadcast(&q->work);   /* workers: finish, then leave */
    serve(q, 0);
    while (q->done < q->n)
        pthread_cond_wait(&q->finished, &q->mu);
    int failed = q->failed;
    pthread_mutex_unlock(&q->mu);
    for (int t = 0; t < q->nworkers; t++)
        pthread_join(q->workers[t], NULL);
    free(q->workers);
    free(q->jobs);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->work);
    pthread_cond_destroy(&q->finished);
    free(q);
    return failed ? -1 : 0;
}

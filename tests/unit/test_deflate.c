/*
 * test_deflate: parallel compression.
 *
 * Each output must inflate back to its input, be the very bytes zlib's
 * one-call compress2() gives at DEFLATE_LEVEL, and not depend on the
 * number of threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "deflate.h"

enum { N = 9 };

/* Inputs of very different sizes and kinds: empty, tiny, text, noise. */
static unsigned char *make_input(size_t i, size_t *len)
{
    static const size_t sizes[N] = { 0, 1, 100, 4096, 4097, 70000, 300000, 5, 123457 };
    *len = sizes[i];
    unsigned char *p = malloc(*len ? *len : 1);
    uint32_t x = 2463534242u + (uint32_t)i;
    for (size_t k = 0; k < *len; k++) {
        if (i % 2) {                       /* noise */
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            p[k] = (unsigned char)x;
        } else {                           /* page-like text */
            p[k] = (unsigned char)"0123 456.78 Td <0054 1EC7> Tj\n"[k % 31];
        }
    }
    return p;
}

/* All of jobs[0..n) through one queue of `threads` threads. */
static int deflate_all(deflate_job *jobs, size_t n, int threads)
{
    deflate_queue *q = deflate_queue_new(threads);
    for (size_t i = 0; i < n; i++)
        deflate_queue_add(q, &jobs[i]);
    return deflate_queue_finish(q);
}

static void run_with(int threads, deflate_job *jobs, unsigned char **in)
{
    memset(jobs, 0, N * sizeof *jobs);
    for (size_t i = 0; i < N; i++) {
        in[i] = make_input(i, &jobs[i].in_len);
        jobs[i].in = in[i];
    }
    assert_int_equal(deflate_all(jobs, N, threads), 0);
}

static void test_round_trip_and_same_bytes(void **state)
{
    (void)state;
    deflate_job one[N], many[N];
    unsigned char *in1[N], *in2[N];
    run_with(1, one, in1);
    run_with(3, many, in2);
    for (size_t i = 0; i < N; i++) {
        assert_non_null(one[i].out);
        /* the same bytes whatever the threads */
        assert_int_equal(one[i].out_len, many[i].out_len);
        assert_memory_equal(one[i].out, many[i].out, one[i].out_len);
        /* the same as compress2 at the level */
        uLongf n = compressBound((uLong)one[i].in_len);
        unsigned char *ref = malloc(n);
        assert_int_equal(compress2(ref, &n, one[i].in, (uLong)one[i].in_len,
                                   DEFLATE_LEVEL), Z_OK);
        assert_int_equal(n, one[i].out_len);
        assert_memory_equal(ref, one[i].out, n);
        free(ref);
        /* and it inflates back */
        uLongf back_len = (uLongf)one[i].in_len + 1;
        unsigned char *back = malloc(back_len);
        assert_int_equal(uncompress(back, &back_len, one[i].out,
                                    (uLong)one[i].out_len), Z_OK);
        assert_int_equal(back_len, one[i].in_len);
        assert_memory_equal(back, one[i].in, back_len);
        free(back);
        free(one[i].out);
        free(many[i].out);
        free(in1[i]);
        free(in2[i]);
    }
}

/* A job whose input is made on the thread that takes it. */
static void make_text(deflate_job *j)
{
    static const char text[] = "BT /F1 13 Tf 10 20 Td <0054> Tj ET";
    *(int *)j->ctx += 1;
    j->in = (const unsigned char *)text;
    j->in_len = sizeof text - 1;
}

static void test_made_on_the_thread(void **state)
{
    (void)state;
    int made[5] = { 0 };
    deflate_job jobs[5];
    memset(jobs, 0, sizeof jobs);
    deflate_queue *q = deflate_queue_new(3);
    for (int i = 0; i < 5; i++) {
        jobs[i].make = make_text;
        jobs[i].ctx = &made[i];
        deflate_queue_add(q, &jobs[i]);
    }
    assert_int_equal(deflate_queue_finish(q), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(made[i], 1);   /* made once, by whichever thread */
        uLongf n = 64;
        unsigned char back[64];
        assert_int_equal(uncompress(back, &n, jobs[i].out, (uLong)jobs[i].out_len), Z_OK);
        assert_int_equal(n, jobs[i].in_len);
        assert_memory_equal(back, jobs[i].in, n);
        free(jobs[i].out);
    }
}

static void test_nothing_to_do(void **state)
{
    (void)state;
    assert_int_equal(deflate_all(NULL, 0, 4), 0);
    deflate_job j = { .in = (const unsigned char *)"a", .in_len = 1 };
    assert_int_equal(deflate_all(&j, 1, 0), 0);   /* 0 threads: this one */
    assert_non_null(j.out);
    free(j.out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_and_same_bytes),
        cmocka_unit_test(test_made_on_the_thread),
        cmocka_unit_test(test_nothing_to_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

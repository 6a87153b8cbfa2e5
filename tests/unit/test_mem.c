/*
 * test_mem: the allocation wrappers never return NULL, zero sizes give a
 * pointer free() takes, contents survive growth (xgrow's implied capacity
 * of 8, then doubling, is checked against malloc_usable_size), and the
 * failure paths end the program with status 4 and one line on stderr.
 *
 * Failures are provoked without allocating anything: a count * size that
 * overflows, or a request larger than the address space, which the C
 * library refuses at once. Each runs in a forked child whose stderr comes
 * back through a pipe. Under ASan the allocator is told to return NULL
 * like libc instead of stopping the program itself; the warning line it
 * still prints ("==PID==WARNING: ...") is not part of the message.
 */
#define _GNU_SOURCE /* malloc_usable_size */
#include "fixtures.h"

#include <malloc.h>
#include <signal.h>
#include <sys/wait.h>

#include "mem.h"

#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}
#endif

/* ---- results are usable ---------------------------------------------- */

static void test_xmalloc(void **state)
{
    (void)state;
    unsigned char *p = xmalloc(1000);
    REQUIRE(p);
    memset(p, 0xA5, 1000);
    assert_true(malloc_usable_size(p) >= 1000);
    void *z1 = xmalloc(0);
    void *z2 = xmalloc(0);
    REQUIRE(z1 && z2);
    assert_true(z1 != z2);   /* two live pieces, not a shared sentinel */
    free(z1);
    free(z2);
    free(p);
}

static void test_xcalloc_zeroed(void **state)
{
    (void)state;
    static const struct {
        size_t count, size;
    } rows[] = {{1, 1}, {100, 8}, {3, 4096}, {0, 8}, {8, 0}, {0, 0}, {0, SIZE_MAX / 2}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        size_t n = rows[i].count * rows[i].size;
        /* dirty a piece of that size first, so that a reused one shows */
        unsigned char *dirty = malloc(n ? n : 1);
        REQUIRE(dirty);
        memset(dirty, 0xEE, n ? n : 1);
        free(dirty);
        unsigned char *p = xcalloc(rows[i].count, rows[i].size);
        REQUIRE(p);
        for (size_t k = 0; k < n; k++)
            if (p[k]) {
                ROW_FAIL("row %zu: byte %zu is %d", i, k, p[k]);
                break;
            }
        if (malloc_usable_size(p) < n)
            ROW_FAIL("row %zu: %zu usable bytes, want %zu", i, malloc_usable_size(p), n);
        free(p);
    }
    ROWS_DONE();
}

static void test_xreallocarray_keeps_contents(void **state)
{
    (void)state;
    int *p = xreallocarray(NULL, 10, sizeof *p);   /* from NULL: a new array */
    REQUIRE(p);
    for (int i = 0; i < 10; i++)
        p[i] = i * 7;
    p = xreallocarray(p, 100000, sizeof *p);
    REQUIRE(p);
    assert_true(malloc_usable_size(p) >= 100000 * sizeof *p);
    for (int i = 0; i < 10; i++)
        assert_int_equal(p[i], i * 7);
    p[99999] = 1;
    p = xreallocarray(p, 5, sizeof *p);   /* shrinking keeps the front */
    REQUIRE(p);
    for (int i = 0; i < 5; i++)
        assert_int_equal(p[i], i * 7);
    p = xreallocarray(p, 0, sizeof *p);   /* zero: still a pointer to free */
    REQUIRE(p);
    free(p);

    /* a zero factor is no overflow, however large the other */
    void *q = xreallocarray(NULL, SIZE_MAX, 0);
    REQUIRE(q);
    free(q);
    q = xreallocarray(NULL, 0, SIZE_MAX);
    REQUIRE(q);
    free(q);
}

/* Appending through xgrow: every call leaves room for element n, it moves
 * nothing between capacities (8, then powers of two), and the elements
 * already there survive each doubling. */
typedef struct elt {
    size_t i;
    char pad[56];
} elt;

static int is_capacity(size_t n)   /* 8, 16, 32, ... */
{
    return n >= 8 && (n & (n - 1)) == 0;
}

static void test_xgrow(void **state)
{
    (void)state;
    elt *v = NULL;
    size_t grows = 0;
    for (size_t n = 0; n < 5000; n++) {
        elt *before = v;
        v = xgrow(v, n, sizeof *v);
        REQUIRE(v);
        if (n != 0 && !is_capacity(n) && v != before)
            fail_msg("xgrow(p, %zu) moved the array inside its capacity", n);
        if (n == 0 || is_capacity(n))
            grows++;
        size_t room = malloc_usable_size(v) / sizeof *v;
        if (room < n + 1)
            fail_msg("after xgrow(p, %zu): room for %zu elements, want %zu", n, room, n + 1);
        if (is_capacity(n) && room < 2 * n)
            fail_msg("after xgrow(p, %zu): room for %zu elements, want %zu (doubled)", n,
                     room, 2 * n);
        v[n].i = n;
        memset(v[n].pad, (int)(n & 0x7F), sizeof v[n].pad);
    }
    assert_int_equal(grows, 1 + 10);   /* 0, then 8, 16, ..., 4096 */
    for (size_t n = 0; n < 5000; n++)
        if (v[n].i != n || v[n].pad[55] != (char)(n & 0x7F))
            fail_msg("element %zu lost: %zu", n, v[n].i);
    free(v);
}

static void test_xstrdup(void **state)
{
    (void)state;
    static const char *const rows[] = {"", "a", "Lạng Sơn", "dòng 1\ndòng 2"};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *p = xstrdup(rows[i]);
        REQUIRE(p);
        if (p == rows[i] || strcmp(p, rows[i]))
            ROW_FAIL("row %zu: \"%s\"", i, p);
        free(p);
    }
    ROWS_DONE();
}

static void test_xstrndup(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
        const char *want;
    } rows[] = {
        {"abcdef", 3, "abc"},  {"abcdef", 6, "abcdef"}, {"ab", 10, "ab"},
        {"abc", 0, ""},        {"", 5, ""},             {"ab\0cd", 5, "ab"},
        {"Sơn", 2, "S\xc6"},   /* bytes, not characters */
        {"x", SIZE_MAX, "x"},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *p = xstrndup(rows[i].s, rows[i].n);
        REQUIRE(p);
        if (strcmp(p, rows[i].want))
            ROW_FAIL("row %zu: \"%s\", want \"%s\"", i, p, rows[i].want);
        free(p);
    }
    ROWS_DONE();

    /* n bytes with no NUL among them: nothing past them is read */
    struct {
        char a[4];
        char b[4];
    } two = {{'a', 'b', 'c', 'd'}, {'e', 'f', '\0', '\0'}};
    char *p = xstrndup(two.a, sizeof two.a);
    assert_string_equal(p, "abcd");
    free(p);
}

/* ---- failures: exit status 4, one line on stderr ---------------------- */

/* volatile: the compiler sees no constant sizes to warn about or fold. */
static volatile size_t big = SIZE_MAX;

static void ra_half_by_2(void)
{
    (void)xreallocarray(NULL, big / 2 + 1, 2);
}

static void ra_2_by_half(void)
{
    (void)xreallocarray(NULL, 2, big / 2 + 1);
}

/* Wraps to 8 bytes if the product is not checked. */
static void ra_wraps_small(void)
{
    (void)xreallocarray(NULL, big / 8 + 2, 8);
}

static void ra_max_by_max(void)
{
    (void)xreallocarray(NULL, big, big);
}

/* The doubling of a (nominally) huge array overflows. */
static void grow_overflows(void)
{
    (void)xgrow(NULL, (size_t)1 << 40, (size_t)1 << 30);
}

static void malloc_too_big(void)
{
    (void)xmalloc(big);
}

static void calloc_overflows(void)
{
    (void)xcalloc(big / 2 + 1, 4);
}

static void test_failure_exits_4(void **state)
{
    (void)state;
    static const char prefix[] = "baocao: internal error: out of memory";
    static const struct {
        const char *name;
        void (*fn)(void);
        int bytes_known;   /* the message names SIZE_MAX bytes */
    } rows[] = {
        {"xreallocarray(NULL, SIZE_MAX/2+1, 2)", ra_half_by_2, 1},
        {"xreallocarray(NULL, 2, SIZE_MAX/2+1)", ra_2_by_half, 1},
        {"xreallocarray(NULL, SIZE_MAX/8+2, 8)", ra_wraps_small, 1},
        {"xreallocarray(NULL, SIZE_MAX, SIZE_MAX)", ra_max_by_max, 1},
        {"xgrow(NULL, 2^40, 2^30)", grow_overflows, 1},
        {"xmalloc(SIZE_MAX)", malloc_too_big, 1},
        {"xcalloc(SIZE_MAX/2+1, 4)", calloc_overflows, 1},
    };
    char want_bytes[64];
    snprintf(want_bytes, sizeof want_bytes, "(asked for %zu bytes)", (size_t)SIZE_MAX);
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char err[512];
        int st = fx_in_child(rows[i].fn, err, sizeof err);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 4) {
            if (WIFEXITED(st))
                ROW_FAIL("%s: exit status %d, want 4", rows[i].name, WEXITSTATUS(st));
            else
                ROW_FAIL("%s: killed by signal %d, want exit status 4", rows[i].name,
                         WIFSIGNALED(st) ? WTERMSIG(st) : -1);
        }
        size_t len = strlen(err);
        const char *nl = strchr(err, '\n');
        if (strncmp(err, prefix, strlen(prefix)) || !nl || nl != err + len - 1)
            ROW_FAIL("%s: stderr is not one line starting \"%s\": \"%s\"", rows[i].name,
                     prefix, err);
        else if (rows[i].bytes_known && !strstr(err, want_bytes))
            ROW_FAIL("%s: stderr \"%s\" lacks \"%s\"", rows[i].name, err, want_bytes);
    }
    ROWS_DONE();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmalloc),
        cmocka_unit_test(test_xcalloc_zeroed),
        cmocka_unit_test(test_xreallocarray_keeps_contents),
        cmocka_unit_test(test_xgrow),
        cmocka_unit_test(test_xstrdup),
        cmocka_unit_test(test_xstrndup),
        cmocka_unit_test(test_failure_exits_4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

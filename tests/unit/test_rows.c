/*
 * test_rows: the table of fixed-size rows that keeps the newest in memory
 * and the rest in a temporary file.
 */
#include "fixtures.h"

#include <signal.h>
#include <sys/resource.h>

#include "rows.h"

struct rec {
    unsigned long n;
    char text[20];
};

static struct rec rec_of(size_t i, int round)
{
    struct rec r;
    memset(&r, 0, sizeof r);
    r.n = i * 7 + (unsigned long)round;
    snprintf(r.text, sizeof r.text, "row %zu/%d", i, round);
    return r;
}

/* A table of rows rec_of(i, 0) for i < n, at most mem of them in memory. */
static row_table *filled(size_t n, size_t mem)
{
    row_table *r = rows_new(sizeof(struct rec), mem);
    for (size_t i = 0; i < n; i++) {
        struct rec x = rec_of(i, 0);
        rows_add(r, &x);
    }
    return r;
}

/* Runs fn in a child: it must end with `status` and print `want`. */
static void child_ends(void (*fn)(void), int status, const char *want)
{
    char err[1024];
    int st = fx_in_child(fn, err, sizeof err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), status);
    assert_string_equal(err, want);
}

/* Adds n rows, rewrites every third, and reads all back, with at most
 * `mem` in memory. */
static void round_trip(size_t n, size_t mem)
{
    row_table *r = rows_new(sizeof(struct rec), mem);
    for (size_t i = 0; i < n; i++) {
        struct rec x = rec_of(i, 0);
        assert_int_equal(rows_add(r, &x), i);
    }
    assert_int_equal(rows_count(r), n);
    assert_int_equal(rows_spilled(r), n > mem);
    for (size_t i = 0; i < n; i += 3) {
        struct rec x = rec_of(i, 1);
        rows_put(r, i, &x);
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = (k * 7919) % n;   /* out of order */
        struct rec got, want = rec_of(i, i % 3 == 0);
        rows_get(r, i, &got);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("n %zu, mem %zu: row %zu reads \"%s\" (%lu), want \"%s\" (%lu)", n, mem, i,
                     got.text, got.n, want.text, want.n);
    }
    rows_free(r);
}

static void test_round_trip(void **state)
{
    (void)state;
    round_trip(0, 4);
    round_trip(3, 4);     /* all in memory */
    round_trip(4, 4);
    round_trip(5, 4);     /* the first four written out */
    round_trip(1000, 1);  /* every row but the newest in the file */
    round_trip(1000, 64);
    round_trip(997, 64);  /* a partial block in memory */
}

static void test_rows_added_after_reading(void **state)
{
    (void)state;
    row_table *r = rows_new(sizeof(struct rec), 2);
    for (size_t i = 0; i < 10; i++) {
        struct rec x = rec_of(i, 0), got;
        rows_add(r, &x);
        for (size_t j = 0; j <= i; j++) {
            struct rec want = rec_of(j, 0);
            rows_get(r, j, &got);
            assert_memory_equal(&got, &want, sizeof got);
        }
    }
    rows_free(r);
}

static void bump(void *ctx, size_t i, void *row)
{
    size_t *seen = ctx;
    struct rec *x = row;
    assert_int_equal(x->n, rec_of(i, 0).n);
    x->n += 1000000;
    (*seen)++;
}

/* A scan of a range, on disk, in memory and across the two, changes those
 * rows only. */
static void test_scan_range(void **state)
{
    (void)state;
    static const size_t ranges[][2] = {{0, 0}, {0, 3}, {5, 30}, {30, 40}, {38, 50}, {45, 99}};
    for (size_t t = 0; t < FX_COUNT(ranges); t++) {
        row_table *r = filled(40, 16);  /* rows 0..31 on disk, 32..39 in memory */
        size_t seen = 0, from = ranges[t][0], to = ranges[t][1];
        rows_scan_range(r, from, to, 1, bump, &seen);
        size_t end = to < 40 ? to : 40;
        assert_int_equal(seen, end > from ? end - from : 0);
        for (size_t i = 0; i < 40; i++) {
            struct rec got;
            rows_get(r, i, &got);
            unsigned long want = rec_of(i, 0).n + (i >= from && i < end ? 1000000 : 0);
            if (got.n != want)
                fail_msg("range [%zu, %zu): row %zu is %lu, want %lu", from, to, i, got.n, want);
        }
        rows_free(r);
    }
}

/* With no folder to write to, every row stays in memory, and the run is
 * told once why and what to do. */
static void no_tmp_dir(void)
{
    setenv("TMPDIR", "/nonexistent-baocao-test", 1);
    row_table *r = filled(100, 2);
    for (size_t i = 0; i < 100; i++) {
        struct rec got, want = rec_of(i, 0);
        rows_get(r, i, &got);
        if (memcmp(&got, &want, sizeof got) != 0 || rows_spilled(r))
            _exit(1);
    }
    rows_free(r);
    rows_free(filled(3, 1));   /* a second table: no second warning */
    exit(10);   /* all read back (not 3, a failed write; fx_in_child takes a return as a failure) */
}

static void test_no_temporary_file(void **state)
{
    (void)state;
    /* once, though more rows and a table came after */
    child_ends(no_tmp_dir, 10,
               "baocao: warning: cannot make a temporary file in /nonexistent-baocao-test (No "
               "such file or directory); the run keeps what it holds for each file in memory "
               "instead: set TMPDIR to a folder where baocao may write [no-temp-file]\n");
}

/* A temporary file that cannot grow (a full disk): status 3, one line. */
static void file_too_small(void)
{
    signal(SIGXFSZ, SIG_IGN);   /* a write past the limit then fails with EFBIG */
    struct rlimit lim = {4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
        _exit(98);
    unsetenv("TMPDIR");
    rows_free(filled(10000, 16));
}

static void test_write_failure_exits_3(void **state)
{
    (void)state;
    child_ends(file_too_small, 3,
               "baocao: error: cannot write the file (a temporary file in /tmp: File too "
               "large); check the disk space and that the folder is writable [write-failed]\n");
}

/* The temporary file cut short behind the table's back (what a failing
 * disk would look like): reading a row back fails, status 3, one line. */
static void file_cut_short(void)
{
    unsetenv("TMPDIR");
    row_table *r = filled(100, 4);
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int cut = 0;
    while (d && (e = readdir(d)) != NULL) {
        char link[300], target[512];
        snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            if (strstr(target, "/baocao-rows-") && ftruncate(atoi(e->d_name), 0) == 0)
                cut++;
        }
    }
    if (d)
        closedir(d);
    if (cut != 1)
        _exit(97);
    struct rec got;
    rows_get(r, 0, &got);
    rows_free(r);
}

static void test_read_failure_exits_3(void **state)
{
    (void)state;
    child_ends(file_cut_short, 3,
               "baocao: error: cannot read the file (a temporary file in /tmp: Input/output "
               "error); check that it exists and that you may read it [read-failed]\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_rows_added_after_reading),
        cmocka_unit_test(test_scan_range),
        cmocka_unit_test(test_no_temporary_file),
        cmocka_unit_test(test_write_failure_exits_3),
        cmocka_unit_test(test_read_failure_exits_3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

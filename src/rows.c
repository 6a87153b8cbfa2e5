/*
 * rows: fixed-size records, the newest in memory, the rest in an unlinked
 * temporary file (see rows.h).
 */
#include "rows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "mem.h"

struct row_table {
    size_t size;
    size_t mem;       /* rows the buffer holds */
    unsigned char *v; /* rows [base, n) */
    size_t base, n;
    int fd;           /* the temporary file, -1 before (or without) one */
    int in_memory;    /* no temporary file could be made: the buffer grows */
};

static int quiet;   /* rows_quiet */

/* Prints one diagnostic about the run, not about a file. */
static void say(enum diag_id id, const char *x, const char *y)
{
    diag_list d;
    diag_list_init(&d, NULL);
    diag_add(&d, 0, id, x, y);
    diag_print(&d, stderr, quiet);
    diag_list_release(&d);
}

void rows_quiet(void)
{
    quiet = 1;
}

static const char *tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

/* Writing or reading the temporary file failed (a full disk): nothing
 * the input can fix, and the run cannot go on without its rows, so it
 * ends here with status 3, as any failed write does. */
static void io_failed(enum diag_id id)
{
    buf what;
    buf_init(&what, 0);
    buf_printf(&what, "a temporary file in %s: %s", tmp_dir(), strerror(errno));
    say(id, what.data, NULL);
    buf_release(&what);
    exit(3);
}

row_table *rows_new(size_t size, size_t mem)
{
    row_table *r = xcalloc(1, sizeof *r);
    r->size = size ? size : 1;
    r->mem = mem ? mem : 1;
    r->v = xreallocarray(NULL, r->mem, r->size);
    r->fd = -1;
    return r;
}

void rows_free(row_table *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->v);
    free(r);
}

size_t rows_count(const row_table *r)
{
    return r->n;
}

int rows_spilled(const row_table *r)
{
    return r->base > 0;
}

/* Makes the temporary file; on failure keeps every row in memory from
 * then on, and says why, once a run whatever the number of tables. */
static int open_file(row_table *r)
{
    static int warned;
    buf name;
    buf_init(&name, 0);
    buf_printf(&name, "%s/baocao-rows-XXXXXX", tmp_dir());
    r->fd = mkstemp(name.data);
    if (r->fd >= 0) {
        unlink(name.data);
    } else if (!warned++) {
        say(DIAG_NO_TEMP_FILE, tmp_dir(), strerror(errno));
    }
    r->in_memory = r->fd < 0;
    buf_release(&name);
    return r->fd >= 0;
}

static void write_at(const row_table *r, const void *p, size_t len, size_t row)
{
    const unsigned char *b = p;
    off_t at = (off_t)(row * r->size);
    while (len > 0) {
        ssize_t k = pwrite(r->fd, b, len, at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            io_failed(DIAG_WRITE_FAILED);
        }
        b += k;
        len -= (size_t)k;
        at += k;
    }
}

size_t rows_add(row_table *r, const void *rec)
{
    if (r->n - r->base == r->mem) {
        if (!r->in_memory && (r->fd >= 0 || open_file(r))) {
            write_at(r, r->v, r->mem * r->size, r->base);
            r->base = r->n;
        } else {
            r->mem *= 2;
            r->v = xreallocarray(r->v, r->mem, r->size);
        }
    }
    memcpy(r->v + (r->n - r->base) * r->size, rec, r->size);
    return r->n++;
}

static void read_at(const row_table *r, void *p, size_t len, size_t row)
{
    unsigned char *b = p;
    off_t at = (off_t)(row * r->size);
    while (len > 0) {
        ssize_t k = pread(r->fd, b, len, at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;   /* the file is shorter than what was written */
            io_failed(DIAG_READ_FAILED);
        }
        b += k;
        len -= (size_t)k;
        at += k;
    }
}

void rows_get(const row_table *r, size_t i, void *rec)
{
    if (i >= r->base)
        memcpy(rec, r->v + (i - r->base) * r->size, r->size);
    else
        read_at(r, rec, r->size, i);
}

void rows_put(row_table *r, size_t i, const void *rec)
{
    if (i >= r->base)
        memcpy(r->v + (i - r->base) * r->size, rec, r->size);
    else
        write_at(r, rec, r->size, i);
}

/* Rows at a time that rows_scan reads: 64 KB or one row. */
static size_t scan_block(const row_table *r)
{
    return r->size < 65536 ? 65536 / r->size : 1;
}

void rows_scan_range(row_table *r, size_t from, size_t to, int write,
                     void (*fn)(void *ctx, size_t i, void *row), void *ctx)
{
    if (to > r->n)
        to = r->n;
    size_t block = scan_block(r), disk = to < r->base ? to : r->base;
    unsigned char *b = from < disk ? xreallocarray(NULL, block, r->size) : NULL;
    for (size_t first = from; first < disk; first += block) {
        size_t n = disk - first < block ? disk - first : block;
        read_at(r, b, n * r->size, first);
        for (size_t k = 0; k < n; k++)
            fn(ctx, first + k, b + k * r->size);
        if (write)
            write_at(r, b, n * r->size, first);
    }
    free(b);
    for (size_t i = from > r->base ? from : r->base; i < to; i++)
        fn(ctx, i, r->v + (i - r->base) * r->size);
}

void rows_scan(row_table *r, int write, void (*fn)(void *ctx, size_t i, void *row), void *ctx)
{
    rows_scan_range(r, 0, r->n, write, fn, ctx);
}

void rows_cursor_init(rows_cursor *c, const row_table *r)
{
    *c = (rows_cursor){r, NULL, 0, 0};
}

const void *rows_cursor_get(rows_cursor *c, size_t i)
{
    const row_table *r = c->r;
    if (i >= r->base)
        return r->v + (i - r->base) * r->size;
    if (i < c->first || i >= c->first + c->n) {
        /* a few rows after a jump; twice as many each time the reads go
         * on from where the last ended, up to a block */
        size_t block = scan_block(r);
        size_t want = c->n && i == c->first + c->n ? 2 * c->n : 8;
        if (want > block)
            want = block;
        if (!c->b)
            c->b = xreallocarray(NULL, block, r->size);
        c->first = i;
        c->n = r->base - i < want ? r->base - i : want;
        read_at(r, c->b, c->n * r->size, i);
    }
    return c->b + (i - c->first) * r->size;
}

void rows_cursor_release(rows_cursor *c)
{
    free(c->b);
    c->b = NULL;
    c->n = 0;
}

/*
 * rows: a table of fixed-size records, appended in order, then read and
 * rewritten by number, that keeps the newest of them in memory and the
 * rest in a temporary file.
 *
 * For what a run keeps for each file of its input (the collector's row,
 * see agg; the paths, see names.h), so that the program's memory does not
 * grow with the number of files:
 * the first `mem` rows stay in memory; when more come, the rows in memory
 * are written to an unlinked temporary file in $TMPDIR (else /tmp), and
 * memory holds the rows added since. A row in the file is read and
 * rewritten with one pread or pwrite; the kernel's page cache does the
 * rest.
 *
 * When no temporary file can be made, every row stays in memory, and the
 * user is told once a run why and what to do (no-temp-file). When a row
 * cannot be written or read back (the disk is full), the run cannot go on:
 * it ends with write-failed or read-failed and status 3, like a full disk
 * for the outputs (this and mem.h are the places besides main() that
 * exit). Not thread-safe.
 */
#ifndef BAOCAO_ROWS_H
#define BAOCAO_ROWS_H

#include <stddef.h>

typedef struct row_table row_table;

/* Leaves the warning about no temporary file unsaid (-q: errors only). */
void rows_quiet(void);

/* A table of rows of `size` bytes, at most `mem` of them in memory (at
 * least 1). */
row_table *rows_new(size_t size, size_t mem);
void rows_free(row_table *r);

size_t rows_count(const row_table *r);
/* Whether some rows are in the temporary file. */
int rows_spilled(const row_table *r);

/* Appends a copy of rec; returns its number (from 0). */
size_t rows_add(row_table *r, const void *rec);
/* Copies row i (< rows_count) into rec, or rec into row i. */
void rows_get(const row_table *r, size_t i, void *rec);
void rows_put(row_table *r, size_t i, const void *rec);

/* Calls fn(ctx, i, row) for every row, in order, reading the temporary
 * file a block at a time. With `write`, each block is written back as fn
 * left it; without, fn must leave row as it is (a row in memory is handed
 * over itself, one in the file as a copy). fn may read other rows
 * (rows_get) but not add or change any; with `write`, a row of the block
 * being scanned reads as it was before the block. */
void rows_scan(row_table *r, int write, void (*fn)(void *ctx, size_t i, void *row), void *ctx);
/* The same for the rows [from, to) only. */
void rows_scan_range(row_table *r, size_t from, size_t to, int write,
                     void (*fn)(void *ctx, size_t i, void *row), void *ctx);

/* Reads rows from the temporary file a few at a time after a jump, then
 * twice as many each time the reads go on in rising order, up to a block
 * (64 KB). It keeps the rows it read: it does not see a row of the file
 * that rows_put or rows_scan rewrote after, so use it on rows no longer
 * rewritten (names.h; agg's tables of files to settle and of edits). */
typedef struct rows_cursor {
    const row_table *r;
    unsigned char *b;     /* the rows [first, first + n) of the file */
    size_t first, n;
} rows_cursor;

void rows_cursor_init(rows_cursor *c, const row_table *r);
/* Row i (< rows_count), valid until the next call on c or on its rows
 * (rows_add, rows_put, rows_scan). */
const void *rows_cursor_get(rows_cursor *c, size_t i);
void rows_cursor_release(rows_cursor *c);

#endif

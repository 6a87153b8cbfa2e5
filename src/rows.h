/*
 * rows: a table of fixed-size records, appended in order, then read and
 * rewritten by number, that keeps the newest of them in memory and the
 * rest in a temporary file.
 *
 * For what a run keeps a file of its input (the collector's row, see agg),
 * so that the program's memory does not grow with the number of files:
 * the first `mem` rows stay in memory; when more come, the rows in memory
 * are written to an unlinked temporary file in $TMPDIR (else /tmp), and
 * memory holds the rows added since. A row in the file is read and
 * rewritten with one pread or pwrite; the kernel's page cache does the
 * rest.
 *
 * When no temporary file can be made, every row stays in memory, and the
 * user is told once, on stderr, why and what to do. When a row cannot be
 * written or read back (the disk is full), the program ends with status 4,
 * as when memory runs out (see mem.h). Not thread-safe.
 */
#ifndef BAOCAO_ROWS_H
#define BAOCAO_ROWS_H

#include <stddef.h>

typedef struct rows rows;

/* A table of rows of `size` bytes, at most `mem` of them in memory (at
 * least 1). */
rows *rows_new(size_t size, size_t mem);
void rows_free(rows *r);

size_t rows_count(const rows *r);
/* Whether some rows are in the temporary file. */
int rows_spilled(const rows *r);

/* Appends a copy of rec; returns its number (from 0). */
size_t rows_add(rows *r, const void *rec);
/* Copies row i (< rows_count) into rec, or rec into row i. */
void rows_get(const rows *r, size_t i, void *rec);
void rows_put(rows *r, size_t i, const void *rec);

/* Calls fn(ctx, i, row) for every row, in order, reading the temporary
 * file a block at a time. With `write`, each block is written back as fn
 * left it. fn may read other rows (rows_get) but not add or change any. */
void rows_scan(rows *r, int write, void (*fn)(void *ctx, size_t i, void *row), void *ctx);

#endif

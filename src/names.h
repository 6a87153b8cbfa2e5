/*
 * names: strings (file paths) kept in rows (rows.h), so that a run's
 * thousands of paths take room on disk, not in memory.
 *
 * A string takes as many 64-byte rows as it needs: the first says its
 * length and a flag byte the caller chooses, then its bytes follow. A
 * string is found by the number of its first row, which names_add
 * returns; reading them in the order added goes a block at a time.
 */
#ifndef BAOCAO_NAMES_H
#define BAOCAO_NAMES_H

#include <stddef.h>

#include "rows.h"

typedef struct name_table {
    row_table *r;
    rows_cursor c;
    char *s;              /* the string last read */
    size_t cap;
} name_table;

/* At most `mem` rows (64 bytes each) in memory. */
void names_init(name_table *n, size_t mem);
void names_release(name_table *n);

/* Adds s with `flag`; returns where it is. */
size_t names_add(name_table *n, const char *s, unsigned char flag);
/* The string at `at`, valid until the next names_get; *flag (may be NULL)
 * its flag; *next (may be NULL) where the next string begins. */
const char *names_get(name_table *n, size_t at, unsigned char *flag, size_t *next);

#endif

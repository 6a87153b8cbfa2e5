/*
 * mem: allocation that never returns NULL.
 *
 * Running out of memory is not an input error that a user can fix, so these
 * wrappers print one line and end the program with status 4 (internal
 * error). This and rows.c (a temporary file that cannot be written) are
 * the places besides main() that exit. Everything
 * allocated here is freed with free().
 */
#ifndef BAOCAO_MEM_H
#define BAOCAO_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
/* Grows or shrinks p to count * size bytes; checks the product for overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
/* Room for one more element in an array of n that has only ever grown by
 * this function from NULL: the capacity is implied (8, then powers of two),
 * so appending n elements costs O(n) moves, not O(n^2). */
void *xgrow(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif

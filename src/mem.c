/*
 * mem: allocation wrappers that end the program with status 4 when memory
 * runs out (see mem.h for why this is the one exception to "only main exits").
 */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "baocao: internal error: out of memory (asked for %zu bytes)\n", n);
    exit(4);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        count = size = 1;   /* a usable pointer, as for xmalloc(0) */
    else if (count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    void *p = calloc(count, size);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    size_t n = count * size;
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

void *xgrow(void *p, size_t n, size_t size)
{
    if (n == 0)
        return xreallocarray(p, 8, size);
    if (n >= 8 && (n & (n - 1)) == 0)
        return xreallocarray(p, 2 * n, size);
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

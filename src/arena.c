/*
 * arena: bump allocation from a list of blocks (see arena.h).
 *
 * Aligned pieces round the block's fill up to max_align_t first; strings
 * take their bytes as they come, so that a layout's many short texts waste
 * nothing.
 */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct arena_block {
    arena_block *next;
    size_t used, cap;
    max_align_t data[];   /* cap bytes follow */
};

enum { DEFAULT_CHUNK = 64 * 1024 };

void arena_init(arena *a, size_t chunk)
{
    a->blocks = NULL;
    a->chunk = chunk;
}

/* n bytes from the newest block, its fill first rounded up to align. */
static void *take(arena *a, size_t n, size_t align)
{
    arena_block *b = a->blocks;
    size_t at = b ? (b->used + align - 1) / align * align : 0;
    if (!b || at > b->cap || b->cap - at < n) {
        size_t chunk = a->chunk ? a->chunk : DEFAULT_CHUNK;
        size_t cap = n > chunk ? n : chunk;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->next = a->blocks;
        a->blocks = b;
        at = 0;
    }
    b->used = at + n;
    return (char *)b->data + at;
}

void *arena_alloc(arena *a, size_t n)
{
    return take(a, n, alignof(max_align_t));
}

char *arena_bytes(arena *a, size_t n)
{
    return take(a, n, 1);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_bytes(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_release(arena *a)
{
    arena_block *b = a->blocks;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->blocks = NULL;
}

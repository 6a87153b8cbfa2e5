/*
 * arena: memory handed out in pieces from large blocks, all freed at once.
 *
 * For the many small strings and arrays that live exactly as long as their
 * owner (a parsed XML document, a report document, a layout): a piece is a
 * bump of a pointer, pieces never move, and one call frees them all.
 * Caller-owned: zero-initialise (or arena_init), release with
 * arena_release. Not thread-safe: one owner, one thread at a time.
 */
#ifndef BAOCAO_ARENA_H
#define BAOCAO_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *blocks;  /* newest first */
    size_t chunk;         /* bytes of a new block; 0: 64 KB */
} arena;

/* An empty arena whose blocks hold chunk bytes (larger pieces get a block
 * of their own). */
void arena_init(arena *a, size_t chunk);
/* n bytes aligned for any type; never NULL (out of memory ends the
 * program, see mem.h). */
void *arena_alloc(arena *a, size_t n);
/* n bytes with no alignment, for text the caller writes. */
char *arena_bytes(arena *a, size_t n);
/* A NUL-terminated copy of s[0..n), not aligned (bytes only). */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Frees every block and leaves a empty (and reusable). */
void arena_release(arena *a);

#endif

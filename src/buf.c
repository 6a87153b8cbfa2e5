/*
 * buf: growable NUL-terminated buffer with a cap (see buf.h).
 * Capacity doubles, so appending n bytes one at a time costs O(n).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static char empty[1];

void buf_init(buf *b, size_t max)
{
    b->data = empty;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->sink = NULL;
    b->sink_ctx = NULL;
    b->sink_failed = 0;
}

void buf_spill_to(buf *b, buf_sink sink, void *ctx)
{
    b->sink = sink;
    b->sink_ctx = ctx;
}

int buf_flush(buf *b)
{
    if (b->sink && b->len > 0) {
        if (b->sink(b->sink_ctx, b->data, b->len) != 0)
            b->sink_failed = 1;
        buf_clear(b);
    }
    return b->sink_failed ? -1 : 0;
}

static void spill(buf *b)
{
    if (b->sink && b->len >= BUF_SPILL)
        buf_flush(b);
}

void buf_release(buf *b)
{
    if (b->cap)
        free(b->data);
    buf_init(b, b->max);
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->cap)
        b->data[0] = '\0';
}

static int grow(buf *b, size_t extra)
{
    if (b->max && (extra > b->max || b->len > b->max - extra))
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    if (b->cap) {
        b->data = xreallocarray(b->data, cap, 1);
    } else {
        b->data = xmalloc(cap);
        b->data[0] = '\0';
    }
    b->cap = cap;
    return 0;
}

int buf_put(buf *b, const void *s, size_t n)
{
    if (grow(b, n) < 0)
        return -1;
    if (n == 0)
        return 0;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    spill(b);
    return 0;
}

int buf_puts(buf *b, const char *s)
{
    return buf_put(b, s, strlen(s));
}

int buf_putc(buf *b, char c)
{
    /* the common case, room for c and the NUL, without grow's arithmetic */
    if (b->len + 1 >= b->cap || (b->max && b->len >= b->max))
        return buf_put(b, &c, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    spill(b);
    return 0;
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || grow(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    spill(b);
    return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

char *buf_detach(buf *b)
{
    /* shrunk to fit: detached strings are kept, often by the thousand
     * (one path per input file) */
    char *p = b->cap ? xreallocarray(b->data, b->len + 1, 1) : xstrdup("");
    buf_init(b, b->max);
    return p;
}

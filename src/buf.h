/*
 * buf: a growable byte buffer, always NUL-terminated, with an optional cap.
 *
 * Every string the program builds goes through one of these (after cmark's
 * buffer.h and curl's dynbuf). A write that would pass the cap is refused
 * whole, leaves the buffer as it was and returns -1, so callers can turn
 * "too long" into a diagnostic instead of a crash.
 */
#ifndef BAOCAO_BUF_H
#define BAOCAO_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Where a spilling buffer sends its bytes (see buf_spill_to); 0 or -1. */
typedef int (*buf_sink)(void *ctx, const char *data, size_t len);

typedef struct buf {
    char *data;   /* NUL-terminated; "" (static) until the first write */
    size_t len;   /* bytes used, not counting the NUL */
    size_t cap;   /* bytes allocated */
    size_t max;   /* most bytes the buffer may hold; 0 means no cap */
    buf_sink sink;        /* NULL unless spilling */
    void *sink_ctx;
    int sink_failed;
} buf;

/* Caller-owned: init before use, release after. */
void buf_init(buf *b, size_t max);
void buf_release(buf *b);
void buf_clear(buf *b);

/* Appends; 0 on success, -1 when the cap would be passed (nothing written). */
int buf_put(buf *b, const void *s, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hands the bytes to the caller (free() them) and leaves b empty. */
char *buf_detach(buf *b);

/*
 * Makes b spill: whenever a write leaves BUF_SPILL bytes or more in it,
 * they go to sink(ctx) and b is emptied, so that an output of any length
 * never sits whole in memory. buf_flush() sends what is left. Writers keep
 * calling buf_put and the others as before (but must not read back what
 * they wrote).
 */
enum { BUF_SPILL = 64 * 1024 };
void buf_spill_to(buf *b, buf_sink sink, void *ctx);
/* Sends what b holds to its sink; 0, or -1 when any sink call failed. */
int buf_flush(buf *b);

#endif
